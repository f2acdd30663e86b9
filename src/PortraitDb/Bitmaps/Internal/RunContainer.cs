using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace PortraitDb.Bitmaps.Internal;

/// <summary>
/// Sorted, disjoint, non-adjacent runs stored as interleaved (start, length − 1) pairs, as the portable
/// format writes them.
/// </summary>
internal sealed class RunContainer : Container
{
    public ushort[] Runs;
    public int NumberOfRuns;
    public int Count;

    public RunContainer(ushort[] runs, int numberOfRuns, int count)
    {
        Runs = runs;
        NumberOfRuns = numberOfRuns;
        Count = count;
    }

    public static int SerializedSize(int runs) => sizeof(ushort) + (runs * 2 * sizeof(ushort));

    /// <summary>One run covering [<paramref name="start"/>, <paramref name="end"/>), which must not be empty.</summary>
    public static RunContainer FromRange(int start, int end) => new([(ushort)start, (ushort)(end - start - 1)], 1, end - start);

    public static RunContainer FromSortedValues(ReadOnlySpan<ushort> values, int runs)
    {
        var pairs = new ushort[runs * 2];
        int run = -1;
        int previous = -2;
        foreach (ushort value in values)
        {
            if (value != previous + 1)
            {
                run++;
                pairs[run * 2] = value;
                pairs[(run * 2) + 1] = 0;
            }
            else
            {
                pairs[(run * 2) + 1]++;
            }
            previous = value;
        }
        return new RunContainer(pairs, runs, values.Length);
    }

    public static RunContainer FromBitset(ReadOnlySpan<ulong> words, int runs)
    {
        var pairs = new ushort[runs * 2];
        int run = 0;
        int count = 0;
        int wordIndex = 0;
        ulong word = words[0];
        while (true)
        {
            while (word == 0 && ++wordIndex < words.Length)
                word = words[wordIndex];
            if (word == 0)
                break;
            int start = (wordIndex << 6) + BitOperations.TrailingZeroCount(word);
            // Fill the bits below the run's start, then find the first clear bit at or after it.
            word |= word - 1;
            while (word == ulong.MaxValue && ++wordIndex < words.Length)
                word = words[wordIndex];
            int end = word == ulong.MaxValue
                ? RoaringConstants.ContainerSpan
                : (wordIndex << 6) + BitOperations.TrailingZeroCount(~word);
            pairs[run * 2] = (ushort)start;
            pairs[(run * 2) + 1] = (ushort)(end - start - 1);
            run++;
            count += end - start;
            if (end == RoaringConstants.ContainerSpan)
                break;
            word &= word + 1;
        }
        return new RunContainer(pairs, runs, count);
    }

    public ReadOnlySpan<ushort> RunSpan => new(Runs, 0, NumberOfRuns * 2);

    public int StartAt(int run) => Runs[run * 2];

    /// <summary>The exclusive end of run <paramref name="run"/>.</summary>
    public int EndAt(int run) => Runs[run * 2] + Runs[(run * 2) + 1] + 1;

    public override int Cardinality => Count;

    public override ushort Min => Runs[0];

    public override ushort Max => (ushort)(EndAt(NumberOfRuns - 1) - 1);

    public override int RunCount => NumberOfRuns;

    /// <summary>The index of the last run starting at or before <paramref name="value"/>, or −1.</summary>
    public int FindRun(int value)
    {
        int low = 0;
        int high = NumberOfRuns - 1;
        while (low <= high)
        {
            int middle = (int)((uint)(low + high) >> 1);
            if (Runs[middle * 2] <= value)
                low = middle + 1;
            else
                high = middle - 1;
        }
        return low - 1;
    }

    public override bool Contains(ushort value)
    {
        int run = FindRun(value);
        return run >= 0 && value < EndAt(run);
    }

    public override Container Add(ushort value)
    {
        int run = FindRun(value);
        if (run >= 0 && value < EndAt(run))
            return this;
        bool extendsPrevious = run >= 0 && value == EndAt(run);
        bool extendsNext = run + 1 < NumberOfRuns && value + 1 == StartAt(run + 1);
        Count++;
        if (extendsPrevious && extendsNext)
        {
            Runs[(run * 2) + 1] = (ushort)(EndAt(run + 1) - StartAt(run) - 1);
            RemoveRunAt(run + 1);
        }
        else if (extendsPrevious)
        {
            Runs[(run * 2) + 1]++;
        }
        else if (extendsNext)
        {
            Runs[(run + 1) * 2] = value;
            Runs[((run + 1) * 2) + 1]++;
        }
        else
        {
            InsertRunAt(run + 1, value, 0);
        }
        return this;
    }

    public override Container Remove(ushort value)
    {
        int run = FindRun(value);
        if (run < 0 || value >= EndAt(run))
            return this;
        int start = StartAt(run);
        int end = EndAt(run);
        Count--;
        if (end - start == 1)
        {
            RemoveRunAt(run);
        }
        else if (value == start)
        {
            Runs[run * 2]++;
            Runs[(run * 2) + 1]--;
        }
        else if (value == end - 1)
        {
            Runs[(run * 2) + 1]--;
        }
        else
        {
            Runs[(run * 2) + 1] = (ushort)(value - start - 1);
            InsertRunAt(run + 1, (ushort)(value + 1), (ushort)(end - value - 2));
        }
        return this;
    }

    private void InsertRunAt(int run, ushort start, ushort lengthMinusOne)
    {
        if (Runs.Length < (NumberOfRuns + 1) * 2)
            Array.Resize(ref Runs, Math.Max(4, Runs.Length * 2));
        Array.Copy(Runs, run * 2, Runs, (run + 1) * 2, (NumberOfRuns - run) * 2);
        Runs[run * 2] = start;
        Runs[(run * 2) + 1] = lengthMinusOne;
        NumberOfRuns++;
    }

    private void RemoveRunAt(int run)
    {
        Array.Copy(Runs, (run + 1) * 2, Runs, run * 2, (NumberOfRuns - run - 1) * 2);
        NumberOfRuns--;
    }

    public override int Rank(ushort value)
    {
        int rank = 0;
        for (int run = 0; run < NumberOfRuns; run++)
        {
            int start = StartAt(run);
            if (value < start)
                break;
            int end = EndAt(run);
            rank += Math.Min(value + 1, end) - start;
        }
        return rank;
    }

    public override ushort Select(int index)
    {
        int remaining = index;
        for (int run = 0; run < NumberOfRuns; run++)
        {
            int length = Runs[(run * 2) + 1] + 1;
            if (remaining < length)
                return (ushort)(StartAt(run) + remaining);
            remaining -= length;
        }
        throw new ArgumentOutOfRangeException(nameof(index));
    }

    public override Container Clone() => new RunContainer(RunSpan.ToArray(), NumberOfRuns, Count);

    public override int Fill(int from, Span<uint> destination, uint high, out int next)
    {
        int run = Math.Max(FindRun(from), 0);
        int written = 0;
        for (; run < NumberOfRuns; run++)
        {
            int value = Math.Max(from, StartAt(run));
            int end = EndAt(run);
            while (value < end)
            {
                if (written == destination.Length)
                {
                    next = value;
                    return written;
                }
                destination[written++] = high | (uint)value;
                value++;
            }
        }
        next = RoaringConstants.ContainerSpan;
        return written;
    }

    public override void OrInto(Span<ulong> words)
    {
        for (int run = 0; run < NumberOfRuns; run++)
            BitmapContainer.SetRange(words, StartAt(run), EndAt(run));
    }

    public override int SerializedSizeInBytes => SerializedSize(NumberOfRuns);

    public override void WritePayload(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(destination, (ushort)NumberOfRuns);
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(RunSpan).CopyTo(destination[2..]);
            return;
        }
        for (int index = 0; index < NumberOfRuns * 2; index++)
            BinaryPrimitives.WriteUInt16LittleEndian(destination[(2 + (index * 2))..], Runs[index]);
    }

    public override long SizeInBytes => 40 + 24 + ((long)Runs.Length * sizeof(ushort));

    public override Container RunOptimize() => ToEfficient();

    /// <summary>Keeps the runs where they are no larger than an array or a bitset (CRoaring's rule), else converts.</summary>
    public Container ToEfficient()
    {
        int asRuns = SerializedSize(NumberOfRuns);
        if (asRuns <= Math.Min(Count * sizeof(ushort), RoaringConstants.BitsetBytes))
            return this;
        return Count <= RoaringConstants.ArrayMaxCardinality ? ToArrayContainer() : ToBitmapContainer();
    }

    public ArrayContainer ToArrayContainer()
    {
        var values = new ushort[Count];
        int count = 0;
        for (int run = 0; run < NumberOfRuns; run++)
        {
            int end = EndAt(run);
            for (int value = StartAt(run); value < end; value++)
                values[count++] = (ushort)value;
        }
        return new ArrayContainer(values, count);
    }

    public override BitmapContainer ToBitmapContainer()
    {
        var bitmap = new BitmapContainer();
        OrInto(bitmap.Words);
        bitmap.Count = Count;
        return bitmap;
    }
}

/// <summary>Builds canonical runs from intervals appended in ascending order of start, merging overlaps and neighbours.</summary>
internal struct RunBuilder
{
    private ushort[] _runs;
    private int _numberOfRuns;
    private int _count;
    private int _lastEnd;

    public RunBuilder(int capacity)
    {
        _runs = new ushort[Math.Max(2, capacity * 2)];
        _numberOfRuns = 0;
        _count = 0;
        _lastEnd = -1;
    }

    /// <summary>Appends [<paramref name="start"/>, <paramref name="end"/>); starts must not decrease.</summary>
    public void Append(int start, int end)
    {
        if (start >= end)
            return;
        if (_numberOfRuns > 0 && start <= _lastEnd)
        {
            if (end > _lastEnd)
            {
                _count += end - _lastEnd;
                _lastEnd = end;
                int last = _numberOfRuns - 1;
                _runs[(last * 2) + 1] = (ushort)(end - _runs[last * 2] - 1);
            }
            return;
        }
        if (_runs.Length < (_numberOfRuns + 1) * 2)
            Array.Resize(ref _runs, _runs.Length * 2);
        _runs[_numberOfRuns * 2] = (ushort)start;
        _runs[(_numberOfRuns * 2) + 1] = (ushort)(end - start - 1);
        _numberOfRuns++;
        _count += end - start;
        _lastEnd = end;
    }

    public readonly int Count => _count;

    /// <summary>The runs in their most efficient encoding, or null when empty.</summary>
    public readonly Container? ToContainer() =>
        _count == 0 ? null : new RunContainer(_runs, _numberOfRuns, _count).ToEfficient();
}
