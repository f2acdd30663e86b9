namespace PortraitDb.Bitmaps.Internal;

/// <summary>The thresholds of the Roaring format and of our kernels, in one place.</summary>
internal static class RoaringConstants
{
    /// <summary>An array container holds at most this many values; above it, 4096 × 2 bytes would exceed a bitset's 8 KiB.</summary>
    public const int ArrayMaxCardinality = 4096;

    /// <summary>Values a container spans: the low 16 bits of a 32-bit value.</summary>
    public const int ContainerSpan = 65536;

    /// <summary>64-bit words in a bitset container.</summary>
    public const int BitsetWords = 1024;

    /// <summary>Bytes of a serialized bitset container.</summary>
    public const int BitsetBytes = BitsetWords * sizeof(ulong);

    /// <summary>Cookie of a portable stream without run containers.</summary>
    public const uint SerialCookieNoRunContainer = 12346;

    /// <summary>Cookie (low 16 bits) of a portable stream with run containers.</summary>
    public const uint SerialCookie = 12347;

    /// <summary>A stream with runs carries an offset header only from this many containers on.</summary>
    public const int NoOffsetThreshold = 4;

    /// <summary>
    /// When one array is this many times larger than the other, galloping beats merging in an intersection
    /// (CRoaring's threshold in <c>array_container_intersection</c>).
    /// </summary>
    public const int GallopRatio = 64;

    /// <summary>
    /// A many-way AND count looks an array seed of at least this many values up in the AND of the other inputs, built
    /// word by word, when every other input is a bitset or runs, instead of probing each input in turn: with 4 values a
    /// cache line or more every line of the bitsets is read either way, and sequential reads keep the prefetcher busy
    /// where scattered probes wait on each miss.
    /// </summary>
    public const int DenseArraySeed = 256;

    /// <summary>
    /// The engine's value indexes keep a container of at least this many values as a bitset, not the array the Roaring
    /// rules would choose (it is still written as an array): ANDing it with other bitsets is then a pass of whole words
    /// rather than a lookup per value, four times fewer steps near 4096 values, for at most twice an array's memory.
    /// </summary>
    public const int DenseIndexCardinality = 2048;

    /// <summary>A bitset whose cardinality is still to be counted (after a lazy union).</summary>
    public const int UnknownCardinality = -1;
}
