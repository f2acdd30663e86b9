using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace PortraitDb.Bitmaps.Internal;

/// <summary>
/// Asks the CPU for bitset lines a fixed distance ahead of a kernel's reads, running on past the end of the bitsets
/// being read into those the next key will read. A cold AND of several 8 KiB bitsets otherwise stalls at every
/// 4 KiB page, where the hardware prefetcher stops and must learn the stream again. Only a hint: an address gone
/// stale because the GC moved an array costs a wasted line, never a fault.
/// </summary>
internal readonly ref struct ReadAhead
{
    /// <summary>How far ahead, in words: 2 KiB, the distance that measured best on a cold four-way count.</summary>
    public const int DistanceWords = 256;

    private readonly ReadOnlySpan<ulong[]> _current;
    private readonly ReadOnlySpan<ulong[]> _upcoming;

    /// <summary>Streams ahead through <paramref name="current"/> (the bitsets a kernel reads, all of the same length), then <paramref name="upcoming"/>.</summary>
    public ReadAhead(ReadOnlySpan<ulong[]> current, ReadOnlySpan<ulong[]> upcoming)
    {
        _current = current;
        _upcoming = upcoming;
        IsActive = Sse.IsSupported && !current.IsEmpty;
    }

    /// <summary>False where there is nothing to stream or no prefetch instruction.</summary>
    public bool IsActive { get; }

    /// <summary>Requests the line holding word <paramref name="index"/> + <see cref="DistanceWords"/> of the stream.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Touch(nuint index)
    {
        nuint ahead = index + DistanceWords;
        nuint length = (nuint)_current[0].Length;
        if (ahead < length)
        {
            foreach (var words in _current)
                Line(words, ahead);
        }
        else
        {
            ahead -= length;
            foreach (var words in _upcoming)
            {
                if (ahead < (nuint)words.Length)
                    Line(words, ahead);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Line(ulong[] words, nuint index)
        => Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(words), index)));
}
