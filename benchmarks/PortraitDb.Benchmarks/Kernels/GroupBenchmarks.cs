using BenchmarkDotNet.Attributes;
using PortraitDb.Internal;
using PortraitDb.Kernels;

namespace PortraitDb.Benchmarks.Kernels;

/// <summary>
/// The scalar-on-every-path group kernels over one segment with 50 % of rows selected: Gather by offsets, and
/// CountByGroup / SumByGroup over 3 and 300 random groups (the rows are the selected ones): the exact Int128 sum of
/// longs, the 64-bit sum and count in one pass of ints and of longs, and doubles.
/// </summary>
public class KernelGroupBenchmarks
{
    private int[] _ints = [];
    private long[] _longs = [];
    private ushort[] _offsets = [];
    private int[] _gatheredInts = [];
    private long[] _gatheredLongs = [];
    // Small enough that every group's sum fits 64 bits, as the 64-bit kernel requires.
    private long[] _boundedLongs = [];
    private double[] _gatheredDoubles = [];
    private int[] _groups = [];
    private long[] _counts = [];
    private Int128[] _sums = [];
    private long[] _intSums = [];
    private long[] _intCounts = [];
    private double[] _doubleSums = [];

    [Params(KernelData.SegmentRows)]
    public int Rows { get; set; }

    [Params(3, 300)]
    public int Groups { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _ints = KernelData.Ints(Rows);
        _longs = KernelData.Longs(Rows);
        _offsets = KernelData.Offsets(KernelData.Mask(Rows, 50));
        _gatheredInts = new int[_offsets.Length];
        _gatheredLongs = new long[_offsets.Length];
        _gatheredDoubles = KernelData.Doubles(_offsets.Length);
        var random = new Random(5);
        _groups = Enumerable.Range(0, _offsets.Length).Select(_ => random.Next(Groups)).ToArray();
        _counts = new long[Groups];
        _sums = new Int128[Groups];
        _intSums = new long[Groups];
        _intCounts = new long[Groups];
        _doubleSums = new double[Groups];

        GatherInt();
        GatherLong();
        _boundedLongs = [.. _gatheredLongs.Select(value => value >> 24)];
        KernelData.CheckSequence<int>(_offsets.Select(offset => _ints[offset]).ToArray(), _gatheredInts, "Gather int");
        KernelData.CheckSequence<long>(_offsets.Select(offset => _longs[offset]).ToArray(), _gatheredLongs, "Gather long");
        CountByGroup();
        KernelData.Check((long)_offsets.Length, _counts.Sum(), "CountByGroup total");
        SumByGroupLong();
        KernelData.Check(_gatheredLongs.Aggregate(Int128.Zero, (sum, value) => sum + value), _sums.Aggregate(Int128.Zero, (sum, value) => sum + value), "SumByGroup long total");
        SumAndCountByGroupInt();
        KernelData.Check(_gatheredInts.Sum(value => (long)value), _intSums.Sum(), "SumByGroup int total");
        KernelData.Check((long)_offsets.Length, _intCounts.Sum(), "SumByGroup int count");
        SumAndCountByGroupLong();
        KernelData.Check((long)_gatheredLongs.Aggregate(Int128.Zero, (sum, value) => sum + (value >> 24)), _intSums.Sum(), "SumByGroup 64-bit long total");
        SumByGroupDouble();
        KernelData.CheckClose(_gatheredDoubles.Sum(), _doubleSums.Sum(), "SumByGroup double total");
    }

    [Benchmark]
    public void GatherInt() => GroupKernels.Gather<int>(_ints, _offsets, _gatheredInts);

    [Benchmark]
    public void GatherLong() => GroupKernels.Gather<long>(_longs, _offsets, _gatheredLongs);

    [Benchmark]
    public void CountByGroup()
    {
        Array.Clear(_counts);
        GroupKernels.CountByGroup(_groups, _counts);
    }

    [Benchmark]
    public void SumByGroupLong()
    {
        Array.Clear(_sums);
        GroupKernels.SumByGroup(_groups, _gatheredLongs, _sums);
    }

    [Benchmark]
    public void SumAndCountByGroupInt()
    {
        Array.Clear(_intSums);
        Array.Clear(_intCounts);
        GroupKernels.SumByGroup<int>(_groups, _gatheredInts, _intSums, _intCounts);
    }

    [Benchmark]
    public void SumAndCountByGroupLong()
    {
        Array.Clear(_intSums);
        Array.Clear(_intCounts);
        GroupKernels.SumByGroup<long>(_groups, _boundedLongs, _intSums, _intCounts);
    }

    [Benchmark]
    public void SumByGroupDouble()
    {
        Array.Clear(_doubleSums);
        GroupKernels.SumByGroup(_groups, _gatheredDoubles, _doubleSums);
    }
}

/// <summary>The CountCodes histogram of byte codes (4, 16 and 200 distinct) under a 50 % and a full mask, on each SIMD path.</summary>
public class KernelCountCodesBenchmarks
{
    private ulong[] _mask = [];
    private byte[] _codes = [];
    private long[] _codeCounts = [];
    private SimdPath _path;

    [Params(KernelData.SegmentRows)]
    public int Rows { get; set; }

    [Params(4, 16, 200)]
    public int Codes { get; set; }

    [Params(50, 100)]
    public int DensityPercent { get; set; }

    [ParamsSource(nameof(PathNames))]
    public string Path { get; set; } = "Scalar";

    public static IEnumerable<string> PathNames => KernelData.Paths;

    [GlobalSetup]
    public void Setup()
    {
        _path = KernelData.Parse(Path);
        _mask = KernelData.Mask(Rows, DensityPercent);
        var random = new Random(6);
        _codes = Enumerable.Range(0, Rows).Select(_ => (byte)random.Next(Codes)).ToArray();
        _codeCounts = new long[Codes];
        var selected = KernelData.Offsets(_mask);
        CountCodes();
        for (int code = 0; code < Codes; code++)
            KernelData.Check((long)selected.Count(offset => _codes[offset] == code), _codeCounts[code], $"CountCodes code {code}");
    }

    [Benchmark]
    public void CountCodes()
    {
        Array.Clear(_codeCounts);
        GroupKernels.CountCodes(_codes, _mask, _codeCounts, _path);
    }
}

/// <summary>Compress at 50 % density and Bucketize with 6 edges over one segment, on each SIMD path.</summary>
public class KernelGroupVectorBenchmarks
{
    private int[] _ints = [];
    private double[] _doubles = [];
    private ulong[] _mask = [];
    private int[] _compressed = [];
    private int[] _buckets = [];
    private SimdPath _path;
    private readonly int[] _intEdges = [100, 200, 400, 600, 800, 900];
    private readonly double[] _doubleEdges = [100, 200, 400, 600, 800, 900];

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
        _doubles = KernelData.Doubles(Rows);
        _mask = KernelData.Mask(Rows, 50);
        _compressed = new int[Rows];
        _buckets = new int[Rows];

        var selected = KernelData.Offsets(_mask);
        KernelData.Check(selected.Length, CompressInt(), "Compress int count");
        KernelData.CheckSequence<int>(selected.Select(offset => _ints[offset]).ToArray(), _compressed.AsSpan(0, selected.Length), "Compress int");
        BucketizeInt();
        KernelData.CheckSequence<int>(_ints.Select(value => _intEdges.Count(edge => edge <= value)).ToArray(), _buckets, "Bucketize int");
        BucketizeDouble();
        KernelData.CheckSequence<int>(_doubles.Select(value => _doubleEdges.Count(edge => edge <= value)).ToArray(), _buckets, "Bucketize double");
    }

    [Benchmark]
    public int CompressInt() => GroupKernels.Compress<int>(_ints, _mask, _compressed, _path);

    [Benchmark]
    public void BucketizeInt() => GroupKernels.Bucketize<int>(_ints, _intEdges, _buckets, _path);

    [Benchmark]
    public void BucketizeDouble() => GroupKernels.Bucketize<double>(_doubles, _doubleEdges, _buckets, _path);
}
