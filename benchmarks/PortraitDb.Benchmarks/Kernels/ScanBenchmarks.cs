using BenchmarkDotNet.Attributes;
using PortraitDb.Internal;
using PortraitDb.Kernels;

namespace PortraitDb.Benchmarks.Kernels;

/// <summary>Compare and Between into a bitset, over one segment and over 10M values, on each SIMD path.</summary>
public class KernelScanBenchmarks
{
    private int[] _ints = [];
    private long[] _longs = [];
    private double[] _doubles = [];
    private ulong[] _bits = [];
    private SimdPath _path;

    [Params(KernelData.SegmentRows, 10_000_000)]
    public int Rows { get; set; }

    [ParamsSource(nameof(PathNames))]
    public string Path { get; set; } = "Scalar";

    public static IEnumerable<string> PathNames => KernelData.Paths;

    /// <summary>Builds the inputs and checks each kernel's count against the scalar path.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _path = KernelData.Parse(Path);
        _ints = KernelData.Ints(Rows);
        _longs = KernelData.Longs(Rows);
        _doubles = KernelData.Doubles(Rows);
        _bits = new ulong[(Rows + 63) / 64];
        KernelData.Check(_ints.Count(value => value < 500), CompareInt(), "Compare int");
        KernelData.Check(_longs.Count(value => value < 500_000_000_000_000_000), CompareLong(), "Compare long");
        KernelData.Check(_doubles.Count(value => value < 500), CompareDouble(), "Compare double");
        KernelData.Check(_ints.Count(value => value is >= 250 and <= 750), BetweenInt(), "Between int");
    }

    [Benchmark]
    public int CompareInt() => ScanKernels.Compare<int>(_ints, CompareOp.Less, 500, _bits, _path);

    [Benchmark]
    public int CompareLong() => ScanKernels.Compare<long>(_longs, CompareOp.Less, 500_000_000_000_000_000, _bits, _path);

    [Benchmark]
    public int CompareDouble() => ScanKernels.Compare<double>(_doubles, CompareOp.Less, 500, _bits, _path);

    [Benchmark]
    public int BetweenInt() => ScanKernels.Between<int>(_ints, 250, 750, _bits, _path);
}

/// <summary>Compare over a segment's selected offsets (gather and compress), 50 % selected, on each SIMD path.</summary>
public class KernelScanSelectedBenchmarks
{
    private int[] _ints = [];
    private long[] _longs = [];
    private ushort[] _offsets = [];
    private ushort[] _passed = [];
    private SimdPath _path;

    [Params(KernelData.SegmentRows)]
    public int Rows { get; set; }

    [ParamsSource(nameof(PathNames))]
    public string Path { get; set; } = "Scalar";

    public static IEnumerable<string> PathNames => KernelData.Paths;

    [GlobalSetup]
    public void Setup()
    {
        _path = KernelData.Parse(Path);
        _ints = KernelData.Ints(Rows);
        _longs = KernelData.Longs(Rows);
        _offsets = KernelData.Offsets(KernelData.Mask(Rows, 50));
        _passed = new ushort[_offsets.Length];
        KernelData.Check(_offsets.Count(offset => _ints[offset] < 500), CompareSelectedInt(), "CompareSelected int");
        KernelData.Check(_offsets.Count(offset => _longs[offset] < 500_000_000_000_000_000), CompareSelectedLong(), "CompareSelected long");
    }

    [Benchmark]
    public int CompareSelectedInt() => ScanKernels.CompareSelected<int>(_ints, _offsets, CompareOp.Less, 500, _passed, _path);

    [Benchmark]
    public int CompareSelectedLong() => ScanKernels.CompareSelected<long>(_longs, _offsets, CompareOp.Less, 500_000_000_000_000_000, _passed, _path);
}
