using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using PortraitDb.Benchmarks.Compare;
using PortraitDb.Benchmarks.Ingest;
using PortraitDb.Benchmarks.Kernels;
using PortraitDb.Benchmarks.Queries;
using PortraitDb.Benchmarks.Roaring;

namespace PortraitDb.Benchmarks;

/// <summary>Command dispatcher for the PortraitDb benchmarks.</summary>
public static class Program
{
    private static readonly Dictionary<string, (string Help, Func<string[], int> Run)> Commands = new(StringComparer.Ordinal)
    {
        ["roaring"] = (
            "roaring [--quick] [BenchmarkDotNet args]   Roaring suites with BenchmarkDotNet (all unless --filter is given; --quick = short job)",
            RunRoaring),
        ["roaring-report"] = (
            "roaring-report [TEXT]                       Quick Stopwatch report of the headline Roaring operations vs CRoaring (Markdown); TEXT keeps rows whose name contains it",
            args => RoaringReport.Run(Console.Out, args.Length > 0 ? args[0] : null)),
        ["kernels"] = (
            "kernels [--quick] [BenchmarkDotNet args]   SIMD kernel suites (scan, selection, sums, group) on every SIMD path vs scalar, with an ns/row column (all unless --filter is given; --quick = short job)",
            RunKernels),
        ["ingest"] = (
            "ingest [--quick] [BenchmarkDotNet args]    Appender load and CSV import against DuckDB's under BenchmarkDotNet, at 100,000 and 1,000,000 rows (--quick = short job)",
            RunIngest),
        ["ingest-report"] = (
            "ingest-report [--rows N | --quick]           Load N synthetic profiles (default 10,000,000; --quick = 1,000,000) into PortraitDb and DuckDB: appenders and CSV import; Markdown + JSON in benchmarks/results",
            IngestReport.Run),
        ["compare"] = (
            "compare [--rows N | --quick] [options]      Side by side with DuckDB: the query workload, CSV import and bytes per profile (default 10,000,000 rows; --quick = 1,000,000, few runs; --list prints the workload, --help the options); Markdown + JSON in benchmarks/results",
            CompareReport.Run),
        ["queries"] = (
            "queries [--quick] [--rows N] [BDN args]    The compare workload under BenchmarkDotNet, in process: each query on PortraitDb and DuckDB at 1M and 10M rows (--rows N: only N); answers checked first",
            QueryBenchmarksCommand.Run),
    };

    /// <summary>Runs the command named by the first argument.</summary>
    public static int Main(string[] args)
    {
        if (args.Length == 0)
            return Usage(Console.Error, 1);
        if (args[0] is "help" or "-h" or "--help")
            return Usage(Console.Out, 0);
        if (!Commands.TryGetValue(args[0], out var command))
        {
            Console.Error.WriteLine($"Unknown command '{args[0]}'.");
            return Usage(Console.Error, 1);
        }
        return command.Run(args[1..]);
    }

    private static int Usage(TextWriter writer, int exitCode)
    {
        writer.WriteLine("Usage: dotnet run -c Release --project benchmarks/PortraitDb.Benchmarks -- <command> [options]");
        writer.WriteLine();
        writer.WriteLine("Commands:");
        foreach (var (_, (help, _)) in Commands)
            writer.WriteLine("  " + help);
        return exitCode;
    }

    private static int RunRoaring(string[] args)
    {
        bool quick = args.Contains("--quick");
        var arguments = args.Where(argument => argument != "--quick").ToList();
        if (!arguments.Any(argument => argument is "--filter" or "-f" || argument.StartsWith("--filter=", StringComparison.Ordinal)))
            arguments.AddRange(["--filter", "*"]);

        var suites = new List<Type>
        {
            typeof(RoaringPairwiseBenchmarks),
            typeof(RoaringFourWayBenchmarks),
            typeof(RoaringClusteredRunsBenchmarks),
            typeof(RoaringSerializationBenchmarks),
        };
        if (RealData.Available)
            suites.Add(typeof(RoaringRealDataBenchmarks));
        else
            Console.WriteLine(RealData.MissingMessage);

        IConfig config = DefaultConfig.Instance;
        if (quick)
            config = config.AddJob(Job.ShortRun.WithId("Quick"));
        var summaries = BenchmarkSwitcher.FromTypes([.. suites]).Run([.. arguments], config);
        return summaries.Any(summary => summary.HasCriticalValidationErrors || summary.Reports.Any(report => !report.Success)) ? 1 : 0;
    }

    private static int RunIngest(string[] args)
    {
        bool quick = args.Contains("--quick");
        var arguments = args.Where(argument => argument != "--quick").ToList();
        if (!arguments.Any(argument => argument is "--filter" or "-f" || argument.StartsWith("--filter=", StringComparison.Ordinal)))
            arguments.AddRange(["--filter", "*"]);
        IConfig config = DefaultConfig.Instance;
        if (quick)
            config = config.AddJob(Job.ShortRun.WithId("Quick"));
        var summaries = BenchmarkSwitcher.FromTypes([typeof(IngestBenchmarks)]).Run([.. arguments], config);
        return summaries.Any(summary => summary.HasCriticalValidationErrors || summary.Reports.Any(report => !report.Success)) ? 1 : 0;
    }

    private static int RunKernels(string[] args)
    {
        bool quick = args.Contains("--quick");
        var arguments = args.Where(argument => argument != "--quick").ToList();
        if (!arguments.Any(argument => argument is "--filter" or "-f" || argument.StartsWith("--filter=", StringComparison.Ordinal)))
            arguments.AddRange(["--filter", "*"]);

        IConfig config = DefaultConfig.Instance.AddColumn(new NanosecondsPerRowColumn());
        if (quick)
            config = config.AddJob(Job.ShortRun.WithId("Quick"));
        var summaries = BenchmarkSwitcher.FromTypes(
        [
            typeof(KernelScanBenchmarks),
            typeof(KernelScanSelectedBenchmarks),
            typeof(KernelSelectionBenchmarks),
            typeof(KernelSumBenchmarks),
            typeof(KernelGroupBenchmarks),
            typeof(KernelGroupVectorBenchmarks),
            typeof(KernelCountCodesBenchmarks),
        ]).Run([.. arguments], config);
        return summaries.Any(summary => summary.HasCriticalValidationErrors || summary.Reports.Any(report => !report.Success)) ? 1 : 0;
    }
}
