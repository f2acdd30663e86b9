using BenchmarkDotNet.Attributes;
using PortraitDb.Internal;
using PortraitDb.Kernels;

namespace PortraitDb.Benchmarks.Kernels;

/// <summary>Masked sums at 1 %, 50 % and 100 % density, over one segment and over 10M values, on each SIMD path.</summary>
public class KernelSumBenchmarks
{
    private int[] _ints = [];
    private long[] _longs = [];
    private double[] _doubles = [];
    private ulong[] _mask = [];
    private SimdPath _path;

    [Params(KernelData.SegmentRows, 10_000_000)]
    public int Rows { get; set; }

    [Params(1, 50, 100)]
    public int DensityPercent { get; set; }

    [ParamsSource(nameof(PathNames))]
    public string Path { get; set; } = "Scalar";

    public static IEnumerable<string> PathNames => KernelData.Paths;

    [GlobalSetup]
    public void Setup()
    {
        _path = KernelData.Parse(Path);
        _ints = KernelData.Ints(Rows);
        _longs = KernelData.Longs(Rows);
        _doubles = KernelData.Doubles(Rows);
        _mask = KernelData.Mask(Rows, DensityPercent);
        Int128 longSum = 0;
        long intSum = 0;
        double doubleSum = 0;
        for (int row = 0; row < Rows; row++)
        {
            if ((_mask[row >> 6] & (1UL << row)) == 0)
                continue;
            longSum += _longs[row];
            intSum += _ints[row];
            doubleSum += _doubles[row];
        }
        KernelData.Check(longSum, SumLong(), "masked Sum long");
        KernelData.Check(intSum, SumInt(), "masked Sum int");
        KernelData.CheckClose(doubleSum, SumDouble(), "masked Sum double");
    }

    [Benchmark]
    public Int128 SumLong() => AggregateKernels.Sum(_longs, _mask, _path);

    [Benchmark]
    public long SumInt() => AggregateKernels.Sum(_ints, _mask, _path);

    [Benchmark]
    public double SumDouble() => AggregateKernels.Sum(_doubles, _mask, _path);
}
