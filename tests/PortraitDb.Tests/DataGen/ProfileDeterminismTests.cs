using FsCheck.Xunit;
using PortraitDb.DataGen;

namespace PortraitDb.Tests.DataGen;

/// <summary>The same seed always yields the same rows, however many are asked for and however they are split.</summary>
public sealed class ProfileDeterminismTests
{
    private static byte[] Csv(long rows, ulong seed)
    {
        using var stream = new MemoryStream();
        ProfileCsvWriter.Write(stream, rows, seed);
        return stream.ToArray();
    }

    [Fact]
    public void Same_seed_writes_identical_csv_bytes()
    {
        Assert.Equal(Csv(20_000, 7), Csv(20_000, 7));
    }

    [Fact]
    public void Different_seeds_write_different_csv()
    {
        Assert.NotEqual(Csv(20_000, 7), Csv(20_000, 8));
    }

    [Fact]
    public void A_row_does_not_depend_on_the_total_row_count()
    {
        var shorter = new ProfileGenerator(11).Rows(70_000).Select(ProfileTestData.Row.Of).ToArray();
        var longer = new ProfileGenerator(11).Rows(140_000).Select(ProfileTestData.Row.Of).Take(70_000).ToArray();
        Assert.Equal(shorter, longer);
    }

    [Fact]
    public void Csv_prefix_does_not_depend_on_the_total_row_count()
    {
        var shorter = Csv(70_000, 3);
        var longer = Csv(140_000, 3);
        Assert.Equal(shorter, longer.AsSpan(0, shorter.Length).ToArray());
        Assert.Equal((byte)'\n', shorter[^1]);
    }

    [Fact]
    public void Random_access_matches_sequential_generation_across_block_boundaries()
    {
        var generator = new ProfileGenerator(5);
        var rows = generator.Rows(ProfileGenerator.BlockSize + 10).Select(ProfileTestData.Row.Of).ToArray();
        var record = new ProfileRecord();
        foreach (var id in new uint[] { 0, 1, 999, ProfileGenerator.BlockSize - 1, ProfileGenerator.BlockSize, ProfileGenerator.BlockSize + 9 })
        {
            generator.Generate(id, record);
            Assert.Equal(rows[id], ProfileTestData.Row.Of(record));
        }
    }

    [Property(MaxTest = 25)]
    public bool Any_seed_and_start_row_reproduces_the_same_rows(ulong seed, uint start)
    {
        // Stay near a block boundary so the cursor both skips into a block and crosses into the next one.
        var first = (start % 4 * ProfileGenerator.BlockSize) + ProfileGenerator.BlockSize - 3 - (start % 3);
        var generator = new ProfileGenerator(seed);
        var a = generator.OpenCursor(first);
        var b = new ProfileGenerator(seed).OpenCursor(first);
        var ra = new ProfileRecord();
        var rb = new ProfileRecord();
        for (var i = 0; i < 6; i++)
        {
            a.Next(ra);
            b.Next(rb);
            if (ra.RowId != first + i || ProfileTestData.Row.Of(ra) != ProfileTestData.Row.Of(rb))
                return false;
        }

        generator.Generate(first + 5, rb);
        return ProfileTestData.Row.Of(ra) == ProfileTestData.Row.Of(rb);
    }

    [Fact]
    public void Customer_ids_are_one_based_and_zero_padded()
    {
        var record = new ProfileRecord();
        var generator = new ProfileGenerator(1);
        generator.Generate(0, record);
        Assert.Equal("C0000000001", record.CustomerId);
        generator.Generate(99_999_999, record);
        Assert.Equal("C0100000000", record.CustomerId);
    }

    [Fact]
    public void Row_counts_out_of_range_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ProfileGenerator.BlockCount(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProfileGenerator(1).Rows(ProfileGenerator.MaxRowCount + 1));
        Assert.Equal(1526, ProfileGenerator.BlockCount(100_000_000));
    }
}
