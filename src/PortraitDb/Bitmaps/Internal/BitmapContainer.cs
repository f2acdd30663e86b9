using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using PortraitDb.Kernels;

namespace PortraitDb.Bitmaps.Internal;

/// <summary>A 65,536-bit bitset holding more than 4096 values, with its cardinality cached.</summary>
internal sealed class BitmapContainer : Container
{
    public readonly ulong[] Words;

    /// <summary>The cached cardinality, or <see cref="RoaringConstants.UnknownCardinality"/> during a lazy union.</summary>
    public int Count;

    public BitmapContainer() => Words = new ulong[RoaringConstants.BitsetWords];

    public BitmapContainer(ulong[] words, int count)
    {
        Words = words;
        Count = count;
    }

    public override int Cardinality => Count;

    public override bool Contains(ushort value) => (Words[value >> 6] & (1UL << value)) != 0;

    public override Container Add(ushort value)
    {
        ref ulong word = ref Words[value >> 6];
        ulong bit = 1UL << value;
        Count += (word & bit) == 0 ? 1 : 0;
        word |= bit;
        return this;
    }

    public override Container Remove(ushort value)
    {
        ref ulong word = ref Words[value >> 6];
        ulong bit = 1UL << value;
        if ((word & bit) == 0)
            return this;
        word &= ~bit;
        Count--;
        return Count <= RoaringConstants.ArrayMaxCardinality ? ToArrayContainer() : this;
    }

    public override int Rank(ushort value)
    {
        int lastWord = value >> 6;
        int rank = 0;
        for (int index = 0; index < lastWord; index++)
            rank += BitOperations.PopCount(Words[index]);
        int shift = 63 - (value & 63);
        return rank + BitOperations.PopCount(Words[lastWord] << shift);
    }

    public override ushort Select(int index)
    {
        int remaining = index;
        for (int wordIndex = 0; wordIndex < Words.Length; wordIndex++)
        {
            ulong word = Words[wordIndex];
            int bits = BitOperations.PopCount(word);
            if (remaining < bits)
                return (ushort)((wordIndex << 6) + SelectInWord(word, remaining));
            remaining -= bits;
        }
        throw new ArgumentOutOfRangeException(nameof(index));
    }

    private static int SelectInWord(ulong word, int rank)
    {
        for (int skip = 0; skip < rank; skip++)
            word &= word - 1;
        return BitOperations.TrailingZeroCount(word);
    }

    public override ushort Min
    {
        get
        {
            for (int index = 0; index < Words.Length; index++)
            {
                if (Words[index] != 0)
                    return (ushort)((index << 6) + BitOperations.TrailingZeroCount(Words[index]));
            }
            throw new InvalidOperationException("The container is empty.");
        }
    }

    public override ushort Max
    {
        get
        {
            for (int index = Words.Length - 1; index >= 0; index--)
            {
                if (Words[index] != 0)
                    return (ushort)((index << 6) + 63 - BitOperations.LeadingZeroCount(Words[index]));
            }
            throw new InvalidOperationException("The container is empty.");
        }
    }

    public override Container Clone() => new BitmapContainer((ulong[])Words.Clone(), Count);

    public override int Fill(int from, Span<uint> destination, uint high, out int next)
    {
        int written = 0;
        int wordIndex = from >> 6;
        if (wordIndex >= Words.Length || destination.IsEmpty)
        {
            next = Math.Min(from, RoaringConstants.ContainerSpan);
            return 0;
        }
        ulong word = Words[wordIndex] & (ulong.MaxValue << (from & 63));
        while (true)
        {
            while (word != 0)
            {
                if (written == destination.Length)
                {
                    next = (wordIndex << 6) + BitOperations.TrailingZeroCount(word);
                    return written;
                }
                destination[written++] = high | (uint)((wordIndex << 6) + BitOperations.TrailingZeroCount(word));
                word &= word - 1;
            }
            if (++wordIndex == Words.Length)
                break;
            word = Words[wordIndex];
        }
        next = RoaringConstants.ContainerSpan;
        return written;
    }

    public override void OrInto(Span<ulong> words) => BitsetKernels.BinaryStoreNoCount<OrOperator>(words, Words, words);

    // The portable format reads a container of at most 4096 values as an array; a dense index's smaller bitsets
    // (see RoaringConstants.DenseIndexCardinality) are written as one.
    public override int SerializedSizeInBytes => Count > RoaringConstants.ArrayMaxCardinality ? RoaringConstants.BitsetBytes : Count * 2;

    public override void WritePayload(Span<byte> destination)
    {
        if (Count <= RoaringConstants.ArrayMaxCardinality)
        {
            int written = 0;
            for (int wordIndex = 0; wordIndex < Words.Length; wordIndex++)
            {
                for (ulong word = Words[wordIndex]; word != 0; word &= word - 1)
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(destination[(written * 2)..], (ushort)((wordIndex << 6) + BitOperations.TrailingZeroCount(word)));
                    written++;
                }
            }
            return;
        }
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(Words.AsSpan()).CopyTo(destination);
            return;
        }
        for (int index = 0; index < Words.Length; index++)
            BinaryPrimitives.WriteUInt64LittleEndian(destination[(index * 8)..], Words[index]);
    }

    public override long SizeInBytes => 32 + 24 + RoaringConstants.BitsetBytes;

    public override int RunCount
    {
        get
        {
            // A run starts at every 0→1 transition: bits set in w whose lower neighbour (carried across words) is clear.
            int runs = 0;
            ulong previousTop = 0;
            foreach (ulong word in Words)
            {
                runs += BitOperations.PopCount(word & ~((word << 1) | previousTop));
                previousTop = word >> 63;
            }
            return runs;
        }
    }

    public override Container RunOptimize()
    {
        int runs = RunCount;
        return RunContainer.SerializedSize(runs) < RoaringConstants.BitsetBytes ? RunContainer.FromBitset(Words, runs) : this;
    }

    public override BitmapContainer ToBitmapContainer() => (BitmapContainer)Clone();

    /// <summary>Recounts after a lazy union.</summary>
    public void RepairCardinality() => Count = (int)BitsetKernels.PopCount(Words);

    /// <summary>The values as an array container; the caller knows the cardinality is at most 4096.</summary>
    public ArrayContainer ToArrayContainer()
    {
        var values = new ushort[Count];
        int count = SelectionKernels.BitsToOffsets(Words, values);
        return new ArrayContainer(values, count);
    }

    /// <summary>This container when it holds more than 4096 values, else the same values as an array.</summary>
    public Container Normalize() => Count > RoaringConstants.ArrayMaxCardinality ? this : ToArrayContainer();

    /// <summary>Sets bits [<paramref name="start"/>, <paramref name="end"/>) in <paramref name="words"/>.</summary>
    public static void SetRange(Span<ulong> words, int start, int end)
    {
        if (start >= end)
            return;
        int firstWord = start >> 6;
        int lastWord = (end - 1) >> 6;
        ulong firstMask = ulong.MaxValue << (start & 63);
        ulong lastMask = ulong.MaxValue >> (63 - ((end - 1) & 63));
        if (firstWord == lastWord)
        {
            words[firstWord] |= firstMask & lastMask;
            return;
        }
        words[firstWord] |= firstMask;
        words[(firstWord + 1)..lastWord].Fill(ulong.MaxValue);
        words[lastWord] |= lastMask;
    }

    /// <summary>Clears bits [<paramref name="start"/>, <paramref name="end"/>) in <paramref name="words"/>.</summary>
    public static void ClearRange(Span<ulong> words, int start, int end)
    {
        if (start >= end)
            return;
        int firstWord = start >> 6;
        int lastWord = (end - 1) >> 6;
        ulong firstMask = ulong.MaxValue << (start & 63);
        ulong lastMask = ulong.MaxValue >> (63 - ((end - 1) & 63));
        if (firstWord == lastWord)
        {
            words[firstWord] &= ~(firstMask & lastMask);
            return;
        }
        words[firstWord] &= ~firstMask;
        words[(firstWord + 1)..lastWord].Clear();
        words[lastWord] &= ~lastMask;
    }
}
