using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Text;
using PortraitDb.Bitmaps;

namespace PortraitDb.Benchmarks.Roaring;

/// <summary>
/// A quick fixed-iteration Stopwatch harness (not BenchmarkDotNet) over the headline operations, printed as a
/// Markdown table next to the CRoaring anchors of notes/roaring.md §4. Per row: the result is checked first,
/// then the operation is warmed up, batched so one repetition lasts at least about 0.5 ms, and timed for 31
/// repetitions; the figure is the median time per call.
/// </summary>
public static class RoaringReport
{
    private const int Repetitions = 31;
    // Long enough for tiered compilation (30 calls, then a 100 ms quiet period, then OSR/tier-1 with PGO) to settle.
    private static readonly TimeSpan Warmup = TimeSpan.FromMilliseconds(1200);
    private const int WarmupCalls = 200;
    private static readonly TimeSpan MinimumRepetition = TimeSpan.FromMilliseconds(0.5);

    private sealed record Row(string Operation, string CRoaring, double CRoaringMicroseconds, Func<long>? Measure, long Expected, string? SkipReason = null);

    /// <summary>Runs the report; returns the process exit code.</summary>
    public static int Run(TextWriter output, string? rowFilter = null)
    {
        var total = Stopwatch.StartNew();
        WriteEnvironment(output);
        var rows = BuildRows();
        var table = new StringBuilder();
        table.AppendLine("| operation | PortraitDb median | CRoaring | ratio |");
        table.AppendLine("|---|---:|---:|---:|");
        foreach (var row in rows)
        {
            if (rowFilter is not null && !row.Operation.Contains(rowFilter, StringComparison.OrdinalIgnoreCase))
                continue;
            if (row.Measure is null)
            {
                table.AppendLine(CultureInfo.InvariantCulture, $"| {row.Operation} | {row.SkipReason} | {row.CRoaring} | – |");
                continue;
            }
            Check.Equal(row.Expected, row.Measure(), row.Operation);
            double median = MedianMicroseconds(row.Measure);
            double ratio = median / row.CRoaringMicroseconds;
            table.AppendLine(CultureInfo.InvariantCulture, $"| {row.Operation} | {FormatTime(median)} | {row.CRoaring} | {ratio:0.00}× |");
            output.Write('.');
        }
        output.WriteLine();
        output.WriteLine();
        output.Write(table);
        output.WriteLine();
        output.WriteLine("Ratio = PortraitDb median / CRoaring (the lower end of a CRoaring range); lower is better.");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Median of {Repetitions} repetitions per row, after a warm-up; every result was checked against notes/roaring.md before timing. Report took {total.Elapsed.TotalSeconds:0.0} s."));
        return 0;
    }

    private static List<Row> BuildRows()
    {
        var (dense1, dense2) = Scenarios.Dense.Load();
        var (sparse3, sparse4) = Scenarios.Sparse.Load();
        var fourDense = Scenarios.FourDense.Load();
        var fourMixed = Scenarios.FourMixed.Load();
        var fourTenth = Scenarios.FourTenth.Load();

        var rows = new List<Row>
        {
            new("AndCardinality 50/50", "26 µs", 26, () => RoaringBitmap.AndCardinality(dense1, dense2), Scenarios.Dense.AndCardinality),
            new("And 50/50", "69 µs", 69, () => RoaringBitmap.And(dense1, dense2).Cardinality, Scenarios.Dense.AndCardinality),
            new("AndManyCardinality 4×50%", "116–135 µs", 116, () => RoaringBitmap.AndManyCardinality(fourDense), Scenarios.FourDense.AndCardinality),
            new("AndManyCardinality 50/10/1/0.1%", "30–50 µs", 30, () => RoaringBitmap.AndManyCardinality(fourMixed), Scenarios.FourMixed.AndCardinality),
            new("AndManyCardinality 4×10%", "1.0–1.4 ms", 1000, () => RoaringBitmap.AndManyCardinality(fourTenth), Scenarios.FourTenth.AndCardinality),
        };

        var census = RealData.ZipPath(RealDataSet.Census) is null ? null : RealData.Load(RealDataSet.Census);
        var wikileaks = RealData.ZipPath(RealDataSet.Wikileaks) is null ? null : RealData.Load(RealDataSet.Wikileaks);
        rows.Add(RealRow("OrMany census1881 (200)", "0.74–1.06 ms", 740, census, bitmaps => RealDataOperations.OrMany(bitmaps).Cardinality, RealDataSet.Census.UnionCardinality));
        rows.Add(RealRow("OrMany wikileaks (200)", "116–185 µs", 116, wikileaks, bitmaps => RealDataOperations.OrMany(bitmaps).Cardinality, RealDataSet.Wikileaks.UnionCardinality));
        rows.Add(RealRow("199 successive AndCardinality census1881", "8–16 µs", 8, census, RealDataOperations.SuccessiveAndCardinality, RealDataSet.Census.SuccessiveAndSum));
        var buffer = new byte[RealDataSet.Census.SerializedBytes];
        rows.Add(RealRow("Serialize all 200 census1881 (into one buffer)", "50–61 µs", 50, census, bitmaps => RealDataOperations.SerializeAllInto(bitmaps, buffer), RealDataSet.Census.SerializedBytes));
        rows.Add(RealRow("Serialize() all 200 census1881 (new byte[] each)", "50–61 µs", 50, census, RealDataOperations.SerializeAll, RealDataSet.Census.SerializedBytes));
        if (census is null)
        {
            rows.Add(RealRow("Deserialize all 200 census1881", "90–160 µs", 90, null, _ => 0, 0));
        }
        else
        {
            var (serialized, offsets) = RealDataOperations.SerializeToBuffer(census);
            rows.Add(new("Deserialize all 200 census1881", "90–160 µs", 90, () => RealDataOperations.DeserializeAll(serialized, offsets), RealDataSet.Census.TotalCardinality));
        }

        rows.Add(new("And 1/1", "50 µs", 50, () => RoaringBitmap.And(sparse3, sparse4).Cardinality, Scenarios.Sparse.AndCardinality));
        rows.Add(new("AndCardinality 1/1", "23 µs", 23, () => RoaringBitmap.AndCardinality(sparse3, sparse4), Scenarios.Sparse.AndCardinality));
        return rows;

        static Row RealRow(string name, string croaring, double micros, RoaringBitmap[]? bitmaps, Func<RoaringBitmap[], long> operation, long expected) =>
            bitmaps is null
                ? new Row(name, croaring, micros, null, expected, "skipped: real data absent")
                : new Row(name, croaring, micros, () => operation(bitmaps), expected);
    }

    private static double MedianMicroseconds(Func<long> operation)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        long sink = 0;
        int calls = 0;
        var clock = Stopwatch.StartNew();
        while ((calls < WarmupCalls || clock.Elapsed < Warmup) && clock.Elapsed < 3 * Warmup)
        {
            sink += operation();
            calls++;
        }
        // Time the last stretch of the warm-up only, once code is optimized, to choose the batch size.
        clock.Restart();
        int probeCalls = 0;
        while (probeCalls < 3 || clock.Elapsed < TimeSpan.FromMilliseconds(50))
        {
            sink += operation();
            probeCalls++;
        }
        double perCall = clock.Elapsed.TotalMicroseconds / probeCalls;
        int batch = Math.Max(1, (int)Math.Ceiling(MinimumRepetition.TotalMicroseconds / perCall));
        var samples = new double[Repetitions];
        for (int repetition = 0; repetition < Repetitions; repetition++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int call = 0; call < batch; call++)
                sink += operation();
            samples[repetition] = Stopwatch.GetElapsedTime(start).TotalMicroseconds / batch;
        }
        GC.KeepAlive(sink);
        Array.Sort(samples);
        return samples[Repetitions / 2];
    }

    private static string FormatTime(double microseconds) => microseconds switch
    {
        >= 1000 => string.Create(CultureInfo.InvariantCulture, $"{microseconds / 1000:0.00} ms"),
        >= 100 => string.Create(CultureInfo.InvariantCulture, $"{microseconds:0} µs"),
        >= 10 => string.Create(CultureInfo.InvariantCulture, $"{microseconds:0.0} µs"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{microseconds:0.00} µs"),
    };

    private static void WriteEnvironment(TextWriter output)
    {
        output.WriteLine("# Roaring report (Stopwatch harness; use `roaring` for BenchmarkDotNet)");
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}, {Environment.ProcessorCount} logical CPUs"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Vector512 {Vector512.IsHardwareAccelerated}, Avx512F {Avx512F.IsSupported}, Avx2 {Avx2.IsSupported}, Popcnt {Popcnt.IsSupported}"));
        var debuggable = typeof(RoaringBitmap).Assembly.GetCustomAttribute<DebuggableAttribute>();
        if (debuggable?.IsJITOptimizerDisabled == true || Debugger.IsAttached)
            output.WriteLine("WARNING: PortraitDb was built without optimizations or a debugger is attached; run with -c Release.");
        output.WriteLine("Building inputs");
    }
}
