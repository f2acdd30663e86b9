namespace PortraitDb.DataGen;

/// <summary>
/// Generates synthetic customer profiles deterministically from a seed.
/// </summary>
/// <remarks>
/// Rows come in blocks of <see cref="BlockSize"/>; each block's random stream is seeded from (seed, block index)
/// alone. Row i is therefore the same whatever the total row count and however the blocks are split between
/// threads, which lets the writers generate blocks in parallel and still emit identical bytes.
/// Only integer arithmetic and correctly rounded floating-point operations are used, so the output is also the
/// same on every platform.
/// </remarks>
public sealed class ProfileGenerator
{
    /// <summary>Rows per independently seeded block.</summary>
    public const int BlockSize = 65_536;

    /// <summary>The largest row count: row ids are 32-bit and customer ids have ten digits.</summary>
    public const long MaxRowCount = uint.MaxValue;

    /// <summary>Creates a generator for <paramref name="seed"/>.</summary>
    public ProfileGenerator(ulong seed) => Seed = seed;

    /// <summary>The seed every block stream is derived from.</summary>
    public ulong Seed { get; }

    /// <summary>The number of blocks that hold <paramref name="rowCount"/> rows.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The row count is negative or above <see cref="MaxRowCount"/>.</exception>
    public static int BlockCount(long rowCount)
    {
        CheckRowCount(rowCount);
        return (int)((rowCount + BlockSize - 1) / BlockSize);
    }

    /// <summary>
    /// Opens a cursor whose first <see cref="ProfileCursor.Next"/> yields row <paramref name="firstRowId"/>.
    /// Starting inside a block generates and discards the rows before it in that block.
    /// </summary>
    public ProfileCursor OpenCursor(uint firstRowId) => new(Seed, firstRowId);

    /// <summary>Fills <paramref name="record"/> with row <paramref name="rowId"/> (random access; costs up to a block of rows).</summary>
    public void Generate(uint rowId, ProfileRecord record) => OpenCursor(rowId).Next(record);

    /// <summary>
    /// Enumerates rows 0 to <paramref name="rowCount"/> - 1 on the calling thread. The same
    /// <see cref="ProfileRecord"/> instance is yielded each time, refilled: copy what you keep.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The row count is negative or above <see cref="MaxRowCount"/>.</exception>
    public IEnumerable<ProfileRecord> Rows(long rowCount)
    {
        CheckRowCount(rowCount);
        return Enumerate(rowCount);
    }

    private IEnumerable<ProfileRecord> Enumerate(long rowCount)
    {
        var cursor = OpenCursor(0);
        var record = new ProfileRecord();
        for (long i = 0; i < rowCount; i++)
        {
            cursor.Next(record);
            yield return record;
        }
    }

    internal static void CheckRowCount(long rowCount) =>
        ArgumentOutOfRangeException.ThrowIfGreaterThan((ulong)rowCount, (ulong)MaxRowCount, nameof(rowCount));
}
