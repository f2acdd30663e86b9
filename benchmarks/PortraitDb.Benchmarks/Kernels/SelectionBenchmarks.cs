using BenchmarkDotNet.Attributes;
using PortraitDb.Internal;
using PortraitDb.Kernels;

namespace PortraitDb.Benchmarks.Kernels;

/// <summary>BitsToOffsets of one segment's bitset at 1 %, 10 %, 50 % and 100 % density, on each SIMD path.</summary>
public class KernelSelectionBenchmarks
{
    private ulong[] _bits = [];
    private ushort[] _offsets = [];
    private SimdPath _path;

    [Params(KernelData.SegmentRows)]
    public int Rows { get; set; }

    [Params(1, 10, 50, 100)]
    public int DensityPercent { get; set; }

    [ParamsSource(nameof(PathNames))]
    public string Path { get; set; } = "Scalar";

    public static IEnumerable<string> PathNames => KernelData.Paths;

    [GlobalSetup]
    public void Setup()
    {
        _path = KernelData.Parse(Path);
        _bits = KernelData.Mask(Rows, DensityPercent);
        _offsets = new ushort[Rows];
        var expected = KernelData.Offsets(_bits);
        KernelData.Check(expected.Length, BitsToOffsets(), "BitsToOffsets count");
        KernelData.CheckSequence<ushort>(expected, _offsets.AsSpan(0, expected.Length), "BitsToOffsets offsets");
    }

    [Benchmark]
    public int BitsToOffsets() => SelectionKernels.BitsToOffsets(_bits, _offsets, _path);
}
