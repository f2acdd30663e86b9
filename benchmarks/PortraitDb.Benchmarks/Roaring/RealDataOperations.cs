using PortraitDb.Bitmaps;

namespace PortraitDb.Benchmarks.Roaring;

/// <summary>The real-data workloads of notes/roaring.md §4.3, shared by the BenchmarkDotNet suite and the report.</summary>
public static class RealDataOperations
{
    /// <summary>Union of all bitmaps with the lazy many-way OR.</summary>
    public static RoaringBitmap OrMany(RoaringBitmap[] bitmaps) => RoaringBitmap.OrMany(bitmaps);

    /// <summary>Union of all bitmaps by repeated in-place union.</summary>
    public static RoaringBitmap NaiveUnion(RoaringBitmap[] bitmaps)
    {
        var union = new RoaringBitmap();
        foreach (var bitmap in bitmaps)
            union.UnionWith(bitmap);
        return union;
    }

    /// <summary>Σ |b[i] ∧ b[i+1]| for i = 0..198.</summary>
    public static long SuccessiveAndCardinality(RoaringBitmap[] bitmaps)
    {
        long sum = 0;
        for (int index = 0; index + 1 < bitmaps.Length; index++)
            sum += RoaringBitmap.AndCardinality(bitmaps[index], bitmaps[index + 1]);
        return sum;
    }

    /// <summary>199 materialized ANDs; returns the sum of their cardinalities.</summary>
    public static long SuccessiveAnd(RoaringBitmap[] bitmaps)
    {
        long sum = 0;
        for (int index = 0; index + 1 < bitmaps.Length; index++)
            sum += RoaringBitmap.And(bitmaps[index], bitmaps[index + 1]).Cardinality;
        return sum;
    }

    /// <summary>199 materialized ORs; returns the sum of their cardinalities.</summary>
    public static long SuccessiveOr(RoaringBitmap[] bitmaps)
    {
        long sum = 0;
        for (int index = 0; index + 1 < bitmaps.Length; index++)
            sum += RoaringBitmap.Or(bitmaps[index], bitmaps[index + 1]).Cardinality;
        return sum;
    }

    /// <summary>Serialize() (a fresh byte[] each) for every bitmap; returns the total bytes.</summary>
    public static long SerializeAll(RoaringBitmap[] bitmaps)
    {
        long total = 0;
        foreach (var bitmap in bitmaps)
            total += bitmap.Serialize().Length;
        return total;
    }

    /// <summary>
    /// Serializes every bitmap back to back into one caller-provided buffer, as CRoaring's
    /// <c>roaring_bitmap_portable_serialize</c> writes into caller memory; returns the total bytes.
    /// </summary>
    public static long SerializeAllInto(RoaringBitmap[] bitmaps, byte[] buffer)
    {
        int position = 0;
        foreach (var bitmap in bitmaps)
            position += bitmap.Write(buffer.AsSpan(position));
        return position;
    }

    /// <summary>The portable bytes of every bitmap, back to back, and each one's offset.</summary>
    public static (byte[] Buffer, int[] Offsets) SerializeToBuffer(RoaringBitmap[] bitmaps)
    {
        var buffer = new byte[bitmaps.Sum(bitmap => bitmap.SerializedSizeInBytes)];
        var offsets = new int[bitmaps.Length + 1];
        for (int index = 0; index < bitmaps.Length; index++)
            offsets[index + 1] = offsets[index] + bitmaps[index].Write(buffer.AsSpan(offsets[index]));
        return (buffer, offsets);
    }

    /// <summary>Deserializes every bitmap (copying); returns the sum of their cardinalities.</summary>
    public static long DeserializeAll(byte[] buffer, int[] offsets)
    {
        long total = 0;
        for (int index = 0; index + 1 < offsets.Length; index++)
            total += RoaringBitmap.Deserialize(buffer.AsSpan(offsets[index], offsets[index + 1] - offsets[index])).Cardinality;
        return total;
    }
}
