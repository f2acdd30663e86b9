using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using PortraitDb.Internal;

namespace PortraitDb.Benchmarks.Kernels;

/// <summary>Inputs, paths and answer checks shared by the kernel suites.</summary>
public static class KernelData
{
    /// <summary>Rows in one segment.</summary>
    public const int SegmentRows = 65536;

    /// <summary>The SIMD paths this CPU runs, by name ("Scalar", "Vector128", ...), for <c>[ParamsSource]</c>.</summary>
    public static IEnumerable<string> Paths => SimdSupport.Supported.Select(path => path.ToString());

    internal static SimdPath Parse(string path) => Enum.Parse<SimdPath>(path);

    /// <summary>Seeded ints in [0, 1000): comparisons against 500 pass about half the rows.</summary>
    public static int[] Ints(int rows, int seed = 1)
    {
        var random = new Random(seed);
        var values = new int[rows];
        for (int index = 0; index < rows; index++)
            values[index] = random.Next(1000);
        return values;
    }

    /// <summary>Seeded DECIMAL-like longs: [0, 1000) scaled by 10^15, so that sums overflow 64 bits.</summary>
    public static long[] Longs(int rows, int seed = 2) => Ints(rows, seed).Select(value => value * 1_000_000_000_000_000L).ToArray();

    public static double[] Doubles(int rows, int seed = 3) => Ints(rows, seed).Select(value => value + 0.25).ToArray();

    /// <summary>A seeded mask over <paramref name="rows"/> rows with the given density in percent (each bit independent).</summary>
    public static ulong[] Mask(int rows, double densityPercent, int seed = 4)
    {
        var random = new Random(seed);
        var mask = new ulong[(rows + 63) / 64];
        double density = densityPercent / 100;
        for (int row = 0; row < rows; row++)
        {
            if (density >= 1 || random.NextDouble() < density)
                mask[row >> 6] |= 1UL << row;
        }
        return mask;
    }

    /// <summary>The set rows of a segment mask as offsets.</summary>
    public static ushort[] Offsets(ulong[] mask)
    {
        var offsets = new List<ushort>();
        for (int row = 0; row < mask.Length * 64; row++)
        {
            if ((mask[row >> 6] & (1UL << row)) != 0)
                offsets.Add((ushort)row);
        }
        return [.. offsets];
    }

    /// <summary>Throws unless the benchmark's answer equals the reference.</summary>
    /// <exception cref="InvalidOperationException">They differ.</exception>
    public static void Check<T>(T expected, T actual, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
            throw new InvalidOperationException($"Benchmark answer check failed: {what} is {actual}, expected {expected}.");
    }

    /// <summary>Throws unless two doubles agree to a relative 1e-9 (vector paths add in another order).</summary>
    /// <exception cref="InvalidOperationException">They differ.</exception>
    public static void CheckClose(double expected, double actual, string what)
    {
        if (Math.Abs(expected - actual) > 1e-9 * Math.Max(1, Math.Abs(expected)))
            throw new InvalidOperationException($"Benchmark answer check failed: {what} is {actual:R}, expected {expected:R}.");
    }

    /// <summary>Throws unless two spans are equal.</summary>
    /// <exception cref="InvalidOperationException">They differ.</exception>
    public static void CheckSequence<T>(ReadOnlySpan<T> expected, ReadOnlySpan<T> actual, string what)
        where T : IEquatable<T>
    {
        if (!expected.SequenceEqual(actual))
            throw new InvalidOperationException($"Benchmark answer check failed: {what} differs from the reference.");
    }
}

/// <summary>The mean divided by the benchmark's <c>Rows</c> parameter: nanoseconds per input row.</summary>
public sealed class NanosecondsPerRowColumn : IColumn
{
    public string Id => nameof(NanosecondsPerRowColumn);

    public string ColumnName => "ns/row";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Mean time divided by the rows of the input (the Rows parameter)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        var report = summary[benchmarkCase];
        if (report?.ResultStatistics is not { } statistics)
            return "-";
        var rows = benchmarkCase.Parameters.Items.FirstOrDefault(parameter => parameter.Name == "Rows")?.Value;
        return rows is int count && count > 0 ? (statistics.Mean / count).ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture) : "-";
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
