using System.Numerics;

namespace PortraitDb.Storage.Columns;

/// <summary>
/// Fixed-width numbers (INT, BIGINT, DOUBLE, and DECIMAL, DATE and TIMESTAMP in their integer encodings) with
/// the segment's zone map: the smallest and largest value ever stored, a bound that scans use to skip segments.
/// </summary>
internal sealed class NumericChunk<T> : ColumnChunk
    where T : unmanaged, INumber<T>
{
    public T[] Values;

    /// <summary>Zone map: no stored value lies outside [Min, Max]. Widened on writes, never narrowed.</summary>
    public T Min;
    public T Max;
    public bool HasRange;

    public NumericChunk(int capacity) => Values = new T[capacity];

    private NumericChunk(T[] values, T min, T max, bool hasRange)
    {
        Values = values;
        Min = min;
        Max = max;
        HasRange = hasRange;
    }

    public void Set(int offset, T value)
    {
        Values[offset] = value;
        if (!HasRange)
        {
            Min = value;
            Max = value;
            HasRange = true;
            return;
        }
        // NaN never narrows or widens a range, so a scan for NaN must not rely on the zone map (it does not).
        if (value < Min)
            Min = value;
        if (value > Max)
            Max = value;
    }

    /// <summary>Stores <paramref name="value"/> at every offset of <paramref name="rows"/>, widening the zone map once.</summary>
    public void Fill(Bitmaps.Internal.Container rows, T value)
    {
        ContainerFill.Fill(Values.AsSpan(), rows, value);
        Set(rows.Min, value);
    }

    public override ColumnChunk Clone(int rows)
    {
        var values = new T[Math.Max(rows, Values.Length)];
        Values.AsSpan().CopyTo(values);
        return new NumericChunk<T>(values, Min, Max, HasRange);
    }

    public override void EnsureCapacity(int rows)
    {
        if (rows > Values.Length)
            Array.Resize(ref Values, GrowCapacity(Values.Length, rows));
    }

    public override long SizeInBytes => 48 + ((long)Values.Length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>());
}
