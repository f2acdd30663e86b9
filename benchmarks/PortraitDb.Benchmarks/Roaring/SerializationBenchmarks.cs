using BenchmarkDotNet.Attributes;
using PortraitDb.Bitmaps;

namespace PortraitDb.Benchmarks.Roaring;

/// <summary>Portable serialization of the 50% bitmap (seed 1: 5,001,638 values, 153 bitsets), and FromSorted of its values.</summary>
[MemoryDiagnoser]
public class RoaringSerializationBenchmarks
{
    private uint[] _values = null!;
    private RoaringBitmap _bitmap = null!;
    private byte[] _bytes = null!;
    private byte[] _buffer = null!;

    /// <summary>Builds the input and checks a round trip.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _values = SeededBitmaps.Values(Density.Half, 1);
        Check.Equal(5_001_638, _values.Length, "50% seed 1 values");
        _bitmap = SeededBitmaps.Bitmap(Density.Half, 1);
        _bytes = _bitmap.Serialize();
        _buffer = new byte[_bytes.Length];
        Check.Equal(_bitmap.SerializedSizeInBytes, _bytes.Length, "serialized size");
        Check.Equal(_bytes.Length, SerializeIntoBuffer(), "bytes written into the buffer");
        if (!_buffer.AsSpan().SequenceEqual(_bytes))
            throw new InvalidOperationException("Serializing twice gave different bytes.");
        var copy = Deserialize();
        if (!copy.Equals(_bitmap))
            throw new InvalidOperationException("The deserialized 50% bitmap differs from the original.");
        Check.Equal(5_001_638, FromSorted().Cardinality, "|FromSorted(50% seed 1)|");
    }

    /// <summary>Serialize() into a new byte[].</summary>
    [Benchmark(Description = "Serialize() 50%")]
    public byte[] Serialize() => _bitmap.Serialize();

    /// <summary>Serialization into a preallocated buffer.</summary>
    [Benchmark(Description = "Serialize 50% into buffer")]
    public int SerializeIntoBuffer() => _bitmap.Write(_buffer);

    /// <summary>Deserialize(span).</summary>
    [Benchmark(Description = "Deserialize 50%")]
    public RoaringBitmap Deserialize() => RoaringBitmap.Deserialize(_bytes);

    /// <summary>FromSorted over the 5,001,638 sorted values.</summary>
    [Benchmark(Description = "FromSorted 5M values (50%)")]
    public RoaringBitmap FromSorted() => RoaringBitmap.FromSorted(_values);
}
