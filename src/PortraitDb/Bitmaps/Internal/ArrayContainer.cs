using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PortraitDb.Bitmaps.Internal;

/// <summary>A sorted, duplicate-free list of at most 4096 low 16-bit values.</summary>
internal sealed class ArrayContainer : Container
{
    public ushort[] Values;
    public int Count;

    public ArrayContainer(int capacity = 0) => Values = capacity == 0 ? [] : new ushort[capacity];

    /// <summary>Takes ownership of <paramref name="values"/>, whose first <paramref name="count"/> entries are sorted and distinct.</summary>
    public ArrayContainer(ushort[] values, int count)
    {
        Values = values;
        Count = count;
    }

    public static ArrayContainer FromSpan(ReadOnlySpan<ushort> values)
    {
        var container = new ArrayContainer(values.Length);
        values.CopyTo(container.Values);
        container.Count = values.Length;
        return container;
    }

    public ReadOnlySpan<ushort> Span => new(Values, 0, Count);

    public override int Cardinality => Count;

    public override ushort Min => Values[0];

    public override ushort Max => Values[Count - 1];

    public override bool Contains(ushort value) => BinarySearch(value) >= 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int BinarySearch(ushort value) => ArrayKernels.BinarySearch(Span, value);

    public override Container Add(ushort value)
    {
        // Appending in order is the common bulk case.
        if (Count == 0 || Values[Count - 1] < value)
        {
            if (Count == RoaringConstants.ArrayMaxCardinality)
                return ToBitmapContainer().Add(value);
            EnsureCapacity(Count + 1);
            Values[Count++] = value;
            return this;
        }
        int index = BinarySearch(value);
        if (index >= 0)
            return this;
        if (Count == RoaringConstants.ArrayMaxCardinality)
            return ToBitmapContainer().Add(value);
        index = ~index;
        EnsureCapacity(Count + 1);
        Array.Copy(Values, index, Values, index + 1, Count - index);
        Values[index] = value;
        Count++;
        return this;
    }

    public override Container Remove(ushort value)
    {
        int index = BinarySearch(value);
        if (index >= 0)
        {
            Array.Copy(Values, index + 1, Values, index, Count - index - 1);
            Count--;
        }
        return this;
    }

    public override int Rank(ushort value)
    {
        int index = BinarySearch(value);
        return index >= 0 ? index + 1 : ~index;
    }

    public override ushort Select(int index) => Values[index];

    public override Container Clone() => new ArrayContainer(Span.ToArray(), Count);

    public override int Fill(int from, Span<uint> destination, uint high, out int next)
    {
        int start = from == 0 ? 0 : ArrayKernels.LowerBound(Span, from);
        int count = Math.Min(Count - start, destination.Length);
        var source = Span.Slice(start, count);
        for (int index = 0; index < source.Length; index++)
            destination[index] = high | source[index];
        next = start + count < Count ? Values[start + count] : RoaringConstants.ContainerSpan;
        return count;
    }

    public override void OrInto(Span<ulong> words)
    {
        foreach (ushort value in Span)
            words[value >> 6] |= 1UL << value;
    }

    public override int SerializedSizeInBytes => Count * sizeof(ushort);

    public override void WritePayload(Span<byte> destination)
    {
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(Span).CopyTo(destination);
            return;
        }
        for (int index = 0; index < Count; index++)
            BinaryPrimitives.WriteUInt16LittleEndian(destination[(index * 2)..], Values[index]);
    }

    public override long SizeInBytes => 40 + 24 + ((long)Values.Length * sizeof(ushort));

    public override int RunCount => ArrayKernels.CountRuns(Span);

    public override Container RunOptimize()
    {
        int runs = RunCount;
        return RunContainer.SerializedSize(runs) < SerializedSizeInBytes ? RunContainer.FromSortedValues(Span, runs) : this;
    }

    public override BitmapContainer ToBitmapContainer()
    {
        var bitmap = new BitmapContainer();
        OrInto(bitmap.Words);
        bitmap.Count = Count;
        return bitmap;
    }

    public void EnsureCapacity(int capacity)
    {
        if (Values.Length >= capacity)
            return;
        // Grow fast while small, gently near the cap (CRoaring's growth policy), never past 4096.
        int grown = Values.Length < 64 ? Values.Length * 2 : Values.Length < 1024 ? Values.Length * 3 / 2 : Values.Length * 5 / 4;
        grown = Math.Clamp(Math.Max(grown, capacity), 4, RoaringConstants.ArrayMaxCardinality);
        Array.Resize(ref Values, Math.Max(grown, capacity));
    }

    /// <summary>Removes the values not kept by <paramref name="keep"/>, preserving order.</summary>
    public void Filter<TPredicate>(TPredicate keep)
        where TPredicate : struct, IValuePredicate
    {
        int kept = 0;
        for (int index = 0; index < Count; index++)
        {
            ushort value = Values[index];
            Values[kept] = value;
            kept += keep.Matches(value) ? 1 : 0;
        }
        Count = kept;
    }
}

/// <summary>A membership test inlined into container filters.</summary>
internal interface IValuePredicate
{
    bool Matches(ushort value);
}
