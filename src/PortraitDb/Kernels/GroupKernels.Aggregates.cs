using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PortraitDb.Kernels;

internal static partial class GroupKernels
{
    /// <summary>
    /// Adds one to <c>counts[g]</c> for every group id g in <paramref name="groups"/>. A plain increment loop:
    /// counting round-robin into four private tables (the ClickHouse trick against store-to-load stalls) measured
    /// slower on Zen 5 for 300 groups (0.49 against 0.35 ns a row) and for runs of one group (0.64 against 0.30),
    /// and only 7 % faster for 3 random groups.
    /// </summary>
    /// <param name="groups">Dense group ids, each in <c>[0, counts.Length)</c>; empty adds nothing.</param>
    /// <param name="counts">The per-group counters, added to.</param>
    /// <exception cref="ArgumentOutOfRangeException">A group id is out of range (the counts are then partly updated).</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CountByGroup(ReadOnlySpan<int> groups, Span<long> counts)
    {
        ref int groupsRef = ref MemoryMarshal.GetReference(groups);
        ref long countsRef = ref MemoryMarshal.GetReference(counts);
        uint limit = (uint)counts.Length;
        for (nuint index = 0; index < (nuint)groups.Length; index++)
        {
            uint group = (uint)Unsafe.Add(ref groupsRef, index);
            if (group >= limit)
                KernelThrow.GroupOutOfRange(nameof(groups), counts.Length);
            Unsafe.Add(ref countsRef, group)++;
        }
    }

    /// <summary>
    /// Adds <c>values[i]</c> to <c>sums[groups[i]]</c> for every row, exactly (128-bit sums).
    /// <para>
    /// With at most <see cref="KernelThresholds.SplitSumGroups"/> groups the rows are summed into stack tables of
    /// the unsigned low and signed high 32-bit halves (two plain 64-bit adds a row instead of a 128-bit
    /// read-modify-write), and each group's halves are added to its Int128 at the end. With at most
    /// <see cref="KernelThresholds.SplitSumGroups"/> / 4 groups there are four such tables, taken round-robin, so
    /// nearby rows of one group do not update the same memory (measured: 3 random groups 0.89 against 1.57 ns a row
    /// with one table; Int128 in place 1.07 against 0.72 for 300 groups).
    /// </para>
    /// </summary>
    /// <param name="groups">Dense group ids, each in <c>[0, sums.Length)</c>.</param>
    /// <param name="values">The gathered values, one per group id (the same length).</param>
    /// <param name="sums">The per-group sums, added to.</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A group id is out of range (the sums are then unchanged on the table paths, partly updated otherwise).</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SumByGroup(ReadOnlySpan<int> groups, ReadOnlySpan<long> values, Span<Int128> sums)
    {
        if (values.Length != groups.Length)
            KernelThrow.LengthMismatch(nameof(values), groups.Length, values.Length);
        ref int groupsRef = ref MemoryMarshal.GetReference(groups);
        ref long valuesRef = ref MemoryMarshal.GetReference(values);
        uint limit = (uint)sums.Length;
        nuint count = (nuint)groups.Length;
        if (sums.Length <= KernelThresholds.SplitSumGroups && groups.Length >= KernelThresholds.SplitMinimumRows)
        {
            // Fewer than 2^31 rows: the low halves stay below 2^63, the high halves within ±2^62.
            Span<ulong> lowTables = stackalloc ulong[KernelThresholds.SplitSumGroups];
            Span<long> highTables = stackalloc long[KernelThresholds.SplitSumGroups];
            int copies = sums.Length <= KernelThresholds.SplitSumGroups / 4 ? 4 : 1;
            int stride = sums.Length;
            lowTables[..(copies * stride)].Clear();
            highTables[..(copies * stride)].Clear();
            ref ulong low = ref MemoryMarshal.GetReference(lowTables);
            ref long high = ref MemoryMarshal.GetReference(highTables);
            // Row i goes to table i mod 4 (or all to table 0 with one copy).
            uint offset1 = copies > 1 ? (uint)stride : 0, offset2 = 2 * offset1, offset3 = 3 * offset1;
            nuint index = 0;
            for (; index + 4 <= count; index += 4)
            {
                uint g0 = (uint)Unsafe.Add(ref groupsRef, index), g1 = (uint)Unsafe.Add(ref groupsRef, index + 1);
                uint g2 = (uint)Unsafe.Add(ref groupsRef, index + 2), g3 = (uint)Unsafe.Add(ref groupsRef, index + 3);
                if ((g0 >= limit) | (g1 >= limit) | (g2 >= limit) | (g3 >= limit))
                    KernelThrow.GroupOutOfRange(nameof(groups), sums.Length);
                long v0 = Unsafe.Add(ref valuesRef, index), v1 = Unsafe.Add(ref valuesRef, index + 1);
                long v2 = Unsafe.Add(ref valuesRef, index + 2), v3 = Unsafe.Add(ref valuesRef, index + 3);
                Unsafe.Add(ref low, g0) += (uint)v0;
                Unsafe.Add(ref high, g0) += v0 >> 32;
                Unsafe.Add(ref low, g1 + offset1) += (uint)v1;
                Unsafe.Add(ref high, g1 + offset1) += v1 >> 32;
                Unsafe.Add(ref low, g2 + offset2) += (uint)v2;
                Unsafe.Add(ref high, g2 + offset2) += v2 >> 32;
                Unsafe.Add(ref low, g3 + offset3) += (uint)v3;
                Unsafe.Add(ref high, g3 + offset3) += v3 >> 32;
            }
            for (; index < count; index++)
            {
                uint group = (uint)Unsafe.Add(ref groupsRef, index);
                if (group >= limit)
                    KernelThrow.GroupOutOfRange(nameof(groups), sums.Length);
                long value = Unsafe.Add(ref valuesRef, index);
                Unsafe.Add(ref low, group) += (uint)value;
                Unsafe.Add(ref high, group) += value >> 32;
            }
            for (int group = 0; group < sums.Length; group++)
            {
                Int128 sum = 0;
                for (int copy = 0; copy < copies; copy++)
                    sum += ((Int128)highTables[(copy * stride) + group] << 32) + lowTables[(copy * stride) + group];
                sums[group] += sum;
            }
            return;
        }
        ref Int128 sumsRef = ref MemoryMarshal.GetReference(sums);
        for (nuint index = 0; index < count; index++)
        {
            uint group = (uint)Unsafe.Add(ref groupsRef, index);
            if (group >= limit)
                KernelThrow.GroupOutOfRange(nameof(groups), sums.Length);
            Unsafe.Add(ref sumsRef, group) += Unsafe.Add(ref valuesRef, index);
        }
    }

    /// <summary>
    /// Adds <c>values[i]</c> to <c>sums[groups[i]]</c> and one to <c>counts[groups[i]]</c> for every row: SUM and
    /// COUNT (or AVG) of a column in one pass, in 64 bits. Exact while no group's sum leaves 64 bits: the caller
    /// checks that (rows × largest magnitude, from the zone maps), and otherwise takes the Int128 overload.
    /// <para>
    /// With at most <see cref="KernelThresholds.SplitSumGroups"/> / 4 groups, rows go round-robin to four stack
    /// tables of (sum, count) pairs, added at the end, so that nearby rows of one hot group do not wait on each
    /// other's read-modify-write through memory (6 Zipf groups: 0.73 against 0.90 ns a row with one table); with more
    /// groups the same loop adds in place (307 Zipf groups: 0.60 ns a row either way, against 2.4 for a gather, the
    /// split Int128 sum and a separate count).
    /// </para>
    /// </summary>
    /// <typeparam name="T"><see cref="int"/> or <see cref="long"/>.</typeparam>
    /// <param name="groups">Dense group ids, each in <c>[0, sums.Length)</c>.</param>
    /// <param name="values">The values, one per group id (the same length).</param>
    /// <param name="sums">The per-group sums, added to.</param>
    /// <param name="counts">The per-group row counts, added to; as long as <paramref name="sums"/>.</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A group id is out of range (the sums and counts are then unchanged on the table path, partly updated otherwise).</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SumByGroup<T>(ReadOnlySpan<int> groups, ReadOnlySpan<T> values, Span<long> sums, Span<long> counts)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (values.Length != groups.Length)
            KernelThrow.LengthMismatch(nameof(values), groups.Length, values.Length);
        if (counts.Length != sums.Length)
            KernelThrow.LengthMismatch(nameof(counts), sums.Length, counts.Length);
        ref int groupsRef = ref MemoryMarshal.GetReference(groups);
        ref T valuesRef = ref MemoryMarshal.GetReference(values);
        uint limit = (uint)sums.Length;
        nuint count = (nuint)groups.Length;
        if (sums.Length <= KernelThresholds.SplitSumGroups / 4 && groups.Length >= KernelThresholds.SplitMinimumRows)
        {
            // Table t holds group g's sum at 2 * (t * Stride + g) and its count just after, on the same cache line.
            const int Stride = KernelThresholds.SplitSumGroups / 4;
            Span<long> tables = stackalloc long[4 * 2 * Stride];
            tables.Clear();
            ref long t0 = ref MemoryMarshal.GetReference(tables);
            ref long t1 = ref Unsafe.Add(ref t0, 2 * Stride);
            ref long t2 = ref Unsafe.Add(ref t0, 4 * Stride);
            ref long t3 = ref Unsafe.Add(ref t0, 6 * Stride);
            nuint index = 0;
            for (; index + 4 <= count; index += 4)
            {
                uint g0 = (uint)Unsafe.Add(ref groupsRef, index), g1 = (uint)Unsafe.Add(ref groupsRef, index + 1);
                uint g2 = (uint)Unsafe.Add(ref groupsRef, index + 2), g3 = (uint)Unsafe.Add(ref groupsRef, index + 3);
                if ((g0 >= limit) | (g1 >= limit) | (g2 >= limit) | (g3 >= limit))
                    KernelThrow.GroupOutOfRange(nameof(groups), sums.Length);
                Unsafe.Add(ref t0, 2 * g0) += long.CreateTruncating(Unsafe.Add(ref valuesRef, index));
                Unsafe.Add(ref t0, (2 * g0) + 1)++;
                Unsafe.Add(ref t1, 2 * g1) += long.CreateTruncating(Unsafe.Add(ref valuesRef, index + 1));
                Unsafe.Add(ref t1, (2 * g1) + 1)++;
                Unsafe.Add(ref t2, 2 * g2) += long.CreateTruncating(Unsafe.Add(ref valuesRef, index + 2));
                Unsafe.Add(ref t2, (2 * g2) + 1)++;
                Unsafe.Add(ref t3, 2 * g3) += long.CreateTruncating(Unsafe.Add(ref valuesRef, index + 3));
                Unsafe.Add(ref t3, (2 * g3) + 1)++;
            }
            for (; index < count; index++)
            {
                uint group = (uint)Unsafe.Add(ref groupsRef, index);
                if (group >= limit)
                    KernelThrow.GroupOutOfRange(nameof(groups), sums.Length);
                Unsafe.Add(ref t0, 2 * group) += long.CreateTruncating(Unsafe.Add(ref valuesRef, index));
                Unsafe.Add(ref t0, (2 * group) + 1)++;
            }
            for (int group = 0; group < sums.Length; group++)
            {
                int at = 2 * group;
                sums[group] += tables[at] + tables[at + (2 * Stride)] + tables[at + (4 * Stride)] + tables[at + (6 * Stride)];
                counts[group] += tables[at + 1] + tables[at + 1 + (2 * Stride)] + tables[at + 1 + (4 * Stride)] + tables[at + 1 + (6 * Stride)];
            }
            return;
        }
        ref long sumsRef = ref MemoryMarshal.GetReference(sums);
        ref long countsRef = ref MemoryMarshal.GetReference(counts);
        for (nuint index = 0; index < count; index++)
        {
            uint group = (uint)Unsafe.Add(ref groupsRef, index);
            if (group >= limit)
                KernelThrow.GroupOutOfRange(nameof(groups), sums.Length);
            Unsafe.Add(ref sumsRef, group) += long.CreateTruncating(Unsafe.Add(ref valuesRef, index));
            Unsafe.Add(ref countsRef, group)++;
        }
    }

    /// <summary>
    /// Adds <c>values[i]</c> to <c>sums[groups[i]]</c>; otherwise as <see cref="SumByGroup(ReadOnlySpan{int}, ReadOnlySpan{long}, Span{Int128})"/>.
    /// <para>
    /// With at most <see cref="KernelThresholds.SplitSumGroups"/> groups, rows go round-robin to four stack tables
    /// that are added at the end, so consecutive rows of one group do not wait on each other's floating-point add
    /// through memory (measured on Zen 5: a run of one group 1.04 against 6.5 ns a row, 3 random groups 2.75 against
    /// 3.75, 300 random groups 0.50 against 0.42). A group's sum is then a sum of four partial sums: it may differ from the
    /// row-order sum in the last bits.
    /// </para>
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SumByGroup(ReadOnlySpan<int> groups, ReadOnlySpan<double> values, Span<double> sums)
    {
        if (values.Length != groups.Length)
            KernelThrow.LengthMismatch(nameof(values), groups.Length, values.Length);
        ref int groupsRef = ref MemoryMarshal.GetReference(groups);
        ref double valuesRef = ref MemoryMarshal.GetReference(values);
        uint limit = (uint)sums.Length;
        nuint count = (nuint)groups.Length;
        if (sums.Length <= KernelThresholds.SplitSumGroups / 2 && groups.Length >= KernelThresholds.SplitMinimumRows)
        {
            const int Stride = KernelThresholds.SplitSumGroups / 2;
            Span<double> tables = stackalloc double[4 * Stride];
            tables.Clear();
            ref double t0 = ref MemoryMarshal.GetReference(tables);
            ref double t1 = ref Unsafe.Add(ref t0, Stride);
            ref double t2 = ref Unsafe.Add(ref t0, 2 * Stride);
            ref double t3 = ref Unsafe.Add(ref t0, 3 * Stride);
            nuint index = 0;
            for (; index + 4 <= count; index += 4)
            {
                uint g0 = (uint)Unsafe.Add(ref groupsRef, index), g1 = (uint)Unsafe.Add(ref groupsRef, index + 1);
                uint g2 = (uint)Unsafe.Add(ref groupsRef, index + 2), g3 = (uint)Unsafe.Add(ref groupsRef, index + 3);
                if ((g0 >= limit) | (g1 >= limit) | (g2 >= limit) | (g3 >= limit))
                    KernelThrow.GroupOutOfRange(nameof(groups), sums.Length);
                Unsafe.Add(ref t0, g0) += Unsafe.Add(ref valuesRef, index);
                Unsafe.Add(ref t1, g1) += Unsafe.Add(ref valuesRef, index + 1);
                Unsafe.Add(ref t2, g2) += Unsafe.Add(ref valuesRef, index + 2);
                Unsafe.Add(ref t3, g3) += Unsafe.Add(ref valuesRef, index + 3);
            }
            for (; index < count; index++)
            {
                uint group = (uint)Unsafe.Add(ref groupsRef, index);
                if (group >= limit)
                    KernelThrow.GroupOutOfRange(nameof(groups), sums.Length);
                Unsafe.Add(ref t0, group) += Unsafe.Add(ref valuesRef, index);
            }
            for (int group = 0; group < sums.Length; group++)
                sums[group] += (tables[group] + tables[group + Stride]) + (tables[group + (2 * Stride)] + tables[group + (3 * Stride)]);
            return;
        }
        ref double sumsRef = ref MemoryMarshal.GetReference(sums);
        for (nuint index = 0; index < count; index++)
        {
            uint group = (uint)Unsafe.Add(ref groupsRef, index);
            if (group >= limit)
                KernelThrow.GroupOutOfRange(nameof(groups), sums.Length);
            Unsafe.Add(ref sumsRef, group) += Unsafe.Add(ref valuesRef, index);
        }
    }

    /// <summary>
    /// Lowers <c>mins[g]</c> to each value of group g: a group not yet <paramref name="seen"/> takes its first value,
    /// and is then marked seen. The ranking of <see cref="AggregateKernels.Min{T}(ReadOnlySpan{T}, out T)"/> holds:
    /// for doubles NaN ranks above every number (a group's minimum is NaN only if all its values are) and -0.0 below +0.0.
    /// </summary>
    /// <param name="groups">Dense group ids, each in <c>[0, mins.Length)</c>.</param>
    /// <param name="values">The gathered values, one per group id (the same length).</param>
    /// <param name="mins">The per-group minima; read only where <paramref name="seen"/> is true.</param>
    /// <param name="seen">Whether each group has a value yet; as long as <paramref name="mins"/>. Start with all false.</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A group id is out of range (the minima are then partly updated).</exception>
    public static void MinByGroup<T>(ReadOnlySpan<int> groups, ReadOnlySpan<T> values, Span<T> mins, Span<bool> seen)
        where T : unmanaged, INumber<T>
        => ExtremeByGroup<T, MinOperator>(groups, values, mins, seen);

    /// <summary>
    /// Raises <c>maxs[g]</c> to each value of group g; as <see cref="MinByGroup{T}(ReadOnlySpan{int}, ReadOnlySpan{T}, Span{T}, Span{bool})"/>,
    /// with the ranking of <see cref="AggregateKernels.Max{T}(ReadOnlySpan{T}, out T)"/>: one NaN makes a group's maximum NaN.
    /// </summary>
    public static void MaxByGroup<T>(ReadOnlySpan<int> groups, ReadOnlySpan<T> values, Span<T> maxs, Span<bool> seen)
        where T : unmanaged, INumber<T>
        => ExtremeByGroup<T, MaxOperator>(groups, values, maxs, seen);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ExtremeByGroup<T, TOperator>(ReadOnlySpan<int> groups, ReadOnlySpan<T> values, Span<T> extremes, Span<bool> seen)
        where T : unmanaged, INumber<T>
        where TOperator : struct, IMinMaxOperator
    {
        if (values.Length != groups.Length)
            KernelThrow.LengthMismatch(nameof(values), groups.Length, values.Length);
        if (seen.Length != extremes.Length)
            KernelThrow.LengthMismatch(nameof(seen), extremes.Length, seen.Length);
        ref int groupsRef = ref MemoryMarshal.GetReference(groups);
        ref T valuesRef = ref MemoryMarshal.GetReference(values);
        ref T extremesRef = ref MemoryMarshal.GetReference(extremes);
        ref bool seenRef = ref MemoryMarshal.GetReference(seen);
        uint limit = (uint)extremes.Length;
        for (nuint index = 0; index < (nuint)groups.Length; index++)
        {
            uint group = (uint)Unsafe.Add(ref groupsRef, index);
            if (group >= limit)
                KernelThrow.GroupOutOfRange(nameof(groups), extremes.Length);
            T value = Unsafe.Add(ref valuesRef, index);
            ref T extreme = ref Unsafe.Add(ref extremesRef, group);
            ref bool groupSeen = ref Unsafe.Add(ref seenRef, group);
            // Branch-free for integers (a CMOV): an unseen group takes the value itself.
            extreme = groupSeen ? Combine<T, TOperator>(extreme, value) : value;
            groupSeen = true;
        }
    }

    /// <summary>Min or max with NaN ranked above every number.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Combine<T, TOperator>(T current, T value)
        where T : unmanaged, INumber<T>
        where TOperator : struct, IMinMaxOperator
    {
        if (typeof(T) == typeof(double) || typeof(T) == typeof(float))
        {
            // NaN ranks highest: MIN keeps the number, MAX keeps the NaN. T.Min/T.Max alone would propagate NaN.
            if (T.IsNaN(current))
                return TOperator.IsMax ? current : value;
            if (T.IsNaN(value))
                return TOperator.IsMax ? value : current;
        }
        return TOperator.Invoke(current, value);
    }
}
