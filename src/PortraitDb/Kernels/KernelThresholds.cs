namespace PortraitDb.Kernels;

/// <summary>
/// Every tuning threshold of the kernels, with the reason for its value. Figures are from short runs of
/// <c>benchmarks/PortraitDb.Benchmarks -- kernels</c> on a 2-core AMD Zen 5 VM (AVX-512); rerun there before
/// changing one.
/// </summary>
internal static class KernelThresholds
{
    /// <summary>
    /// BitsToOffsets with VPCOMPRESSW: a word with at most this many set bits is walked with TZCNT (eight positions
    /// written unconditionally, no branch per bit) instead of two 32-lane compresses. With the branchy walk 4 was best
    /// (10 % density: 0.034 ns/row against 0.044 at 8); with the unconditional one, the tags+ranges query at 10M rows
    /// (about 2.4 bits a word after the age scan) took 4.3 ms at 8 against 4.4 at 4 and 5.9 before.
    /// </summary>
    public const int CompressSparseWordBits = 8;

    /// <summary>
    /// BitsToOffsets with the byte-position table (no VBMI2): a word with at most this many set bits is walked with
    /// TZCNT instead of eight table lookups. At 10 % density 8 was 0.049 ns/row against 0.069 at 4; dense words
    /// are unaffected.
    /// </summary>
    public const int TableSparseWordBits = 8;

    /// <summary>
    /// Masked aggregates: a mask word with at most this many set bits (zero included) is walked with TZCNT and
    /// scalar adds instead of 2 to 32 masked vector steps. Measured below.
    /// </summary>
    public const int AggregateSparseWordBits = 8;

    /// <summary>Compress of 4-byte values (four VPCOMPRESSD a word): a word with at most this many set bits is walked instead.</summary>
    public const int CompressNarrowSparseWordBits = 6;

    /// <summary>Compress of 8-byte values (eight VPCOMPRESSQ a word): a word with at most this many set bits is walked instead.</summary>
    public const int CompressWideSparseWordBits = 12;

    /// <summary>SumByGroup only sums into stack tables for at least this many rows (clearing and merging the tables costs about that).</summary>
    public const int SplitMinimumRows = 4096;

    /// <summary>
    /// SumByGroup of longs sums into stack tables of halves (16 KB) with at most this many groups, four copies of
    /// them with at most a quarter as many; of doubles into four tables with at most half as many (16 KB).
    /// </summary>
    public const int SplitSumGroups = 1024;

    /// <summary>
    /// CountCodes of 8-bit codes compares and population-counts per code (no per-row work) when there are at most
    /// this many counters; above it, the scalar table histogram is cheaper. Per row, at 16 codes: 0.19 ns (512),
    /// 0.22 (256), 0.31 (128) against 0.35 to 0.50 for the tables; at 32 codes 0.39 / 0.44 / 0.62 against 0.34 to 0.49.
    /// </summary>
    public const int CountCodesCompareMaxCodes = 16;

    /// <summary>
    /// The selected-row scans (gathers) prefetch the values of the offsets this far ahead. Cold at 10M rows, a scan
    /// of 1 row in 21 to 32 of an 8-byte column took 30 to 40 % less CPU time (4.7 against 7.3 ms, 2.9 against
    /// 4.5); 32, 64 and 128 measured alike.
    /// </summary>
    public const int GatherPrefetchDistance = 64;

    /// <summary>Bucketize compares each value with every edge (vectorised) up to this many edges; above it, a scalar binary search a value.</summary>
    public const int BucketizeVectorMaxEdges = 32;
}
