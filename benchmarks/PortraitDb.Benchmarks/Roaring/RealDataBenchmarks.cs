using BenchmarkDotNet.Attributes;
using PortraitDb.Bitmaps;

namespace PortraitDb.Benchmarks.Roaring;

/// <summary>
/// The 200 run-optimized real-data bitmaps of notes/roaring.md §4.3 (lexicographic order). Only data sets whose
/// zip is present are listed; Program skips the whole suite, with a message, when the data are absent.
/// </summary>
[MemoryDiagnoser]
public class RoaringRealDataBenchmarks
{
    private RoaringBitmap[] _bitmaps = null!;
    private byte[] _serializeBuffer = null!;
    private byte[] _serialized = null!;
    private int[] _offsets = null!;

    /// <summary>"census1881" or "wikileaks-noquotes".</summary>
    [ParamsSource(nameof(DataSetNames))]
    public string DataSet { get; set; } = RealDataSet.Census.Name;

    /// <summary>The sets whose zip is present.</summary>
    public static IEnumerable<string> DataSetNames =>
        RealDataSet.All.Where(set => RealData.ZipPath(set) is not null).Select(set => set.Name);

    /// <summary>Loads the bitmaps and checks every workload's result against the published values.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var set = RealDataSet.Named(DataSet);
        _bitmaps = RealData.Load(set);
        _serializeBuffer = new byte[set.SerializedBytes];
        (_serialized, _offsets) = RealDataOperations.SerializeToBuffer(_bitmaps);
        Check.Equal(set.UnionCardinality, OrMany().Cardinality, $"{DataSet}: |OrMany|");
        Check.Equal(set.UnionCardinality, NaiveUnion().Cardinality, $"{DataSet}: |naive union|");
        Check.Equal(set.SuccessiveAndSum, SuccessiveAndCardinality(), $"{DataSet}: successive AndCardinality");
        Check.Equal(set.SuccessiveAndSum, SuccessiveAnd(), $"{DataSet}: successive And");
        Check.Equal(set.SuccessiveOrSum, SuccessiveOr(), $"{DataSet}: successive Or");
        Check.Equal(set.SerializedBytes, SerializeAll(), $"{DataSet}: Serialize() bytes");
        Check.Equal(set.SerializedBytes, SerializeAllIntoBuffer(), $"{DataSet}: serialized bytes into a buffer");
        Check.Equal(set.TotalCardinality, DeserializeAll(), $"{DataSet}: deserialized cardinality");
    }

    /// <summary>Union of all 200 with the lazy many-way OR.</summary>
    [Benchmark(Description = "OrMany (200)")]
    public RoaringBitmap OrMany() => RealDataOperations.OrMany(_bitmaps);

    /// <summary>Union of all 200 by a UnionWith loop.</summary>
    [Benchmark(Description = "UnionWith loop (200)")]
    public RoaringBitmap NaiveUnion() => RealDataOperations.NaiveUnion(_bitmaps);

    /// <summary>Σ |b[i] ∧ b[i+1]|.</summary>
    [Benchmark(Description = "199 successive AndCardinality")]
    public long SuccessiveAndCardinality() => RealDataOperations.SuccessiveAndCardinality(_bitmaps);

    /// <summary>199 materialized ANDs.</summary>
    [Benchmark(Description = "199 successive And")]
    public long SuccessiveAnd() => RealDataOperations.SuccessiveAnd(_bitmaps);

    /// <summary>199 materialized ORs.</summary>
    [Benchmark(Description = "199 successive Or")]
    public long SuccessiveOr() => RealDataOperations.SuccessiveOr(_bitmaps);

    /// <summary>Serialize() of all 200 (a new byte[] each).</summary>
    [Benchmark(Description = "Serialize() all 200")]
    public long SerializeAll() => RealDataOperations.SerializeAll(_bitmaps);

    /// <summary>All 200 written into one preallocated buffer.</summary>
    [Benchmark(Description = "Serialize all 200 into buffer")]
    public long SerializeAllIntoBuffer() => RealDataOperations.SerializeAllInto(_bitmaps, _serializeBuffer);

    /// <summary>Deserialize(span) of all 200 (copying).</summary>
    [Benchmark(Description = "Deserialize all 200")]
    public long DeserializeAll() => RealDataOperations.DeserializeAll(_serialized, _offsets);
}
