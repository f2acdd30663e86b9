using System.Runtime.CompilerServices;

namespace PortraitDb.Kernels;

/// <summary>
/// Where a masked driver gets its 64-row mask words: from a bitset, or all ones for an unmasked pass. Compiled once
/// per kind, so the unmasked pass carries no mask loads and no branches on the word.
/// </summary>
internal interface IRowMask
{
    /// <summary>True when every row is selected (the word is always all ones).</summary>
    static abstract bool All { get; }

    static abstract ulong Word(ref ulong mask, nuint word);
}

/// <summary>Rows selected by a bitset's words.</summary>
internal readonly struct BitsetRows : IRowMask
{
    public static bool All => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Word(ref ulong mask, nuint word) => Unsafe.Add(ref mask, word);
}

/// <summary>Every row; the mask reference is never read.</summary>
internal readonly struct AllRows : IRowMask
{
    public static bool All => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Word(ref ulong mask, nuint word) => ulong.MaxValue;
}
