namespace PortraitDb.Bitmaps.Internal;

/// <summary>
/// The low 16 bits of the values that share one high 16-bit key. Containers are never empty inside a
/// bitmap, and their kind always agrees with their cardinality: an array holds at most 4096 values, a
/// bitset more than 4096; a run container is kept where it is the smallest encoding (or as it was read).
/// Mutating members change the container in place when they can and return the container to keep.
/// </summary>
internal abstract class Container
{
    /// <summary>
    /// The storage transaction that may change this container in place (0: none). Published containers are
    /// shared between table versions and are copied before a later transaction changes them.
    /// </summary>
    public long Owner;

    /// <summary>Number of values, 1..65536 inside a bitmap.</summary>
    public abstract int Cardinality { get; }

    public abstract bool Contains(ushort value);

    /// <summary>Adds <paramref name="value"/>; returns the container to keep (a new kind when it had to change).</summary>
    public abstract Container Add(ushort value);

    /// <summary>Removes <paramref name="value"/>; returns the container to keep, possibly empty.</summary>
    public abstract Container Remove(ushort value);

    /// <summary>The number of values less than or equal to <paramref name="value"/>.</summary>
    public abstract int Rank(ushort value);

    /// <summary>The value at zero-based position <paramref name="index"/> in ascending order.</summary>
    public abstract ushort Select(int index);

    public abstract ushort Min { get; }

    public abstract ushort Max { get; }

    public abstract Container Clone();

    /// <summary>This container in the engine's value-index form: a bitset for an array of <see cref="RoaringConstants.DenseIndexCardinality"/> values or more, otherwise itself.</summary>
    public Container InDenseIndexForm() =>
        this is ArrayContainer { Count: >= RoaringConstants.DenseIndexCardinality } array ? array.ToBitmapContainer() : this;

    /// <summary>
    /// Writes values from <paramref name="from"/> (a low 16-bit value, inclusive) upward into
    /// <paramref name="destination"/>, combined with <paramref name="high"/>; returns how many were written and
    /// sets <paramref name="next"/> to where to resume (65536 once the container is exhausted).
    /// </summary>
    public abstract int Fill(int from, Span<uint> destination, uint high, out int next);

    /// <summary>Sets this container's values in a 1024-word bitset.</summary>
    public abstract void OrInto(Span<ulong> words);

    /// <summary>Bytes of this container's payload in the portable format.</summary>
    public abstract int SerializedSizeInBytes { get; }

    public abstract void WritePayload(Span<byte> destination);

    /// <summary>Bytes this container occupies in memory (object header and arrays included).</summary>
    public abstract long SizeInBytes { get; }

    /// <summary>The number of maximal runs of consecutive values.</summary>
    public abstract int RunCount { get; }

    /// <summary>The smallest encoding under CRoaring's run-optimize rule.</summary>
    public abstract Container RunOptimize();

    /// <summary>A bitset copy of this container.</summary>
    public abstract BitmapContainer ToBitmapContainer();

    public bool IsFull => Cardinality == RoaringConstants.ContainerSpan;

    /// <summary>Same values, whatever the kinds.</summary>
    public bool ValueEquals(Container other)
    {
        if (Cardinality != other.Cardinality)
            return false;
        return (this, other) switch
        {
            (ArrayContainer left, ArrayContainer right) => left.Span.SequenceEqual(right.Span),
            (RunContainer left, RunContainer right) => left.RunSpan.SequenceEqual(right.RunSpan),
            (BitmapContainer left, BitmapContainer right) => left.Words.AsSpan().SequenceEqual(right.Words),
            (ArrayContainer left, _) => ContainsAll(other, left.Span),
            (_, ArrayContainer right) => ContainsAll(this, right.Span),
            _ => ToBitmapContainer().Words.AsSpan().SequenceEqual(other.ToBitmapContainer().Words),
        };

        static bool ContainsAll(Container container, ReadOnlySpan<ushort> values)
        {
            foreach (ushort value in values)
            {
                if (!container.Contains(value))
                    return false;
            }
            return true;
        }
    }
}
