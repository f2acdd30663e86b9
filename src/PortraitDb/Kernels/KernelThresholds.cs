namespace PortraitDb.Kernels;

/// <summary>
/// Every tuning threshold of the kernels, with the reason for its value. Figures are from short runs of
/// <c>benchmarks/PortraitDb.Benchmarks -- kernels</c> on a 2-core AMD Zen 5 VM (AVX-512); rerun there before
/// changing one.
/// </summary>
internal static class KernelThresholds
{
    /// <summary>
    /// BitsToOffsets with VPCOMPRESSW: a word with at most this many set bits is walked with TZCNT instead of two
    /// 32-lane compresses. At 10 % density (6.4 bits a word) 4 was 0.034 ns/row against 0.044 at 8.
    /// </summary>
    public const int CompressSparseWordBits = 4;

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
}
