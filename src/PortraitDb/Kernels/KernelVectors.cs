using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PortraitDb.Kernels;

/// <summary>
/// Helpers the kernel drivers share: lane masks made from mask bits, AVX2 gathers, and the byte-indexed tables
/// that compress eight lanes without AVX-512. Everything here is inlined into the drivers.
/// </summary>
internal static class KernelVectors
{
    /// <summary>Rows per bitset word.</summary>
    public const int WordBits = 64;

    /// <summary>The number of words a bitset over <paramref name="rows"/> rows needs: ceil(rows / 64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int WordCount(int rows) => (int)(((uint)rows + (WordBits - 1)) / WordBits);

    /// <summary>Throws unless <typeparamref name="T"/> is 4 or 8 bytes wide (int, long, double, ...); folded away by the JIT.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RequireWordSized<T>()
    {
        if (Unsafe.SizeOf<T>() != 4 && Unsafe.SizeOf<T>() != 8)
            KernelThrow.UnsupportedType(typeof(T));
    }

    // ---- Lane masks: all-ones lanes where the corresponding bit (bit 0 = lane 0) of `bits` is set ----
    // Broadcast, AND with one bit per lane, compare: with AVX-512 the JIT turns this into a test into a mask register.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> LaneMask512<T>(ulong bits)
    {
        if (Unsafe.SizeOf<T>() == 4)
        {
            var select = Vector512.Create(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768);
            return Vector512.Equals(Vector512.Create((int)bits) & select, select).As<int, T>();
        }
        var select64 = Vector512.Create(1L, 2, 4, 8, 16, 32, 64, 128);
        return Vector512.Equals(Vector512.Create((long)bits) & select64, select64).As<long, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> LaneMask256<T>(ulong bits)
    {
        if (Unsafe.SizeOf<T>() == 4)
        {
            var select = Vector256.Create(1, 2, 4, 8, 16, 32, 64, 128);
            return Vector256.Equals(Vector256.Create((int)bits) & select, select).As<int, T>();
        }
        var select64 = Vector256.Create(1L, 2, 4, 8);
        return Vector256.Equals(Vector256.Create((long)bits) & select64, select64).As<long, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> LaneMask128<T>(ulong bits)
    {
        if (Unsafe.SizeOf<T>() == 4)
        {
            var select = Vector128.Create(1, 2, 4, 8);
            return Vector128.Equals(Vector128.Create((int)bits) & select, select).As<int, T>();
        }
        var select64 = Vector128.Create(1L, 2);
        return Vector128.Equals(Vector128.Create((long)bits) & select64, select64).As<long, T>();
    }

    // ---- AVX2 gathers (.NET exposes no 512-bit gather; two 256-bit gathers make one Vector512) ----

    /// <summary>Eight 4-byte values at <paramref name="indices"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Vector256<T> Gather256<T>(T* source, Vector256<int> indices) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
            return Avx2.GatherVector256((float*)source, indices, 4).As<float, T>();
        return Avx2.GatherVector256((int*)source, indices, 4).As<int, T>();
    }

    /// <summary>Four 8-byte values at <paramref name="indices"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Vector256<T> Gather256<T>(T* source, Vector128<int> indices) where T : unmanaged
    {
        if (typeof(T) == typeof(double))
            return Avx2.GatherVector256((double*)source, indices, 8).As<double, T>();
        return Avx2.GatherVector256((long*)source, indices, 8).As<long, T>();
    }

    /// <summary>Sixteen 4-byte values at <paramref name="indices"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Vector512<T> Gather512<T>(T* source, Vector512<int> indices) where T : unmanaged =>
        Vector512.Create(Gather256(source, indices.GetLower()), Gather256(source, indices.GetUpper()));

    /// <summary>Eight 8-byte values at <paramref name="indices"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Vector512<T> Gather512<T>(T* source, Vector256<int> indices) where T : unmanaged =>
        Vector512.Create(Gather256(source, indices.GetLower()), Gather256(source, indices.GetUpper()));

    // ---- Compressing eight lanes by a byte mask without AVX-512 ----

    /// <summary>
    /// For each byte value b, the positions of its set bits, ascending, as eight ushorts (unused lanes zero):
    /// entry b starts at b * 8. Adding a base and storing eight lanes writes the offsets of a bitset byte.
    /// </summary>
    public static ReadOnlySpan<ushort> BytePositions => BytePositionsTable;

    /// <summary>
    /// For each byte value b, the PSHUFB control that packs the ushort lanes selected by b to the front: entry b
    /// starts at b * 16. Unused lanes repeat lane 0; callers advance by PopCount(b), so they are overwritten or ignored.
    /// </summary>
    public static ReadOnlySpan<byte> CompressControls => CompressControlsTable;

    private static readonly ushort[] BytePositionsTable = BuildPositions();
    private static readonly byte[] CompressControlsTable = BuildControls();

    /// <summary>Writes the ushort lanes of <paramref name="value"/> selected by <paramref name="mask"/> (8 bits) to the front, as 8 lanes at <paramref name="destination"/>.</summary>
    /// <remarks>Pass <c>ref MemoryMarshal.GetReference(CompressControls)</c>, taken once before the loop, as <paramref name="controls"/>.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CompressStore8(Vector128<ushort> value, uint mask, ref byte controls, ref ushort destination)
    {
        var control = Vector128.LoadUnsafe(ref controls, (nuint)mask * 16);
        Ssse3.Shuffle(value.AsByte(), control).AsUInt16().StoreUnsafe(ref destination);
    }

    private static ushort[] BuildPositions()
    {
        var table = new ushort[256 * 8];
        for (int mask = 0; mask < 256; mask++)
        {
            int lane = 0;
            for (int bit = 0; bit < 8; bit++)
            {
                if ((mask & (1 << bit)) != 0)
                    table[(mask * 8) + lane++] = (ushort)bit;
            }
        }
        return table;
    }

    private static byte[] BuildControls()
    {
        var table = new byte[256 * 16];
        for (int mask = 0; mask < 256; mask++)
        {
            int lane = 0;
            for (int bit = 0; bit < 8; bit++)
            {
                if ((mask & (1 << bit)) != 0)
                {
                    table[(mask * 16) + (lane * 2)] = (byte)(bit * 2);
                    table[(mask * 16) + (lane * 2) + 1] = (byte)((bit * 2) + 1);
                    lane++;
                }
            }
            for (; lane < 8; lane++)
                table[(mask * 16) + (lane * 2) + 1] = 1;
        }
        return table;
    }

    /// <summary>Population count of a mask word, as the unsigned index type the drivers count in.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nuint PopCount(ulong value) => (nuint)BitOperations.PopCount(value);
}
