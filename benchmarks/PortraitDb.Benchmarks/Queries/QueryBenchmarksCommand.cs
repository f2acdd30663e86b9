using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace PortraitDb.Benchmarks.Queries;

/// <summary>The <c>queries</c> command: <see cref="QueryBenchmarks"/> under BenchmarkDotNet, in process.</summary>
internal static class QueryBenchmarksCommand
{
    public const string Usage = "queries [--quick] [--rows N] [BenchmarkDotNet args]";

    public static int Run(string[] args)
    {
        bool quick = false;
        var arguments = new List<string>();
        for (int index = 0; index < args.Length; index++)
        {
            if (args[index] == "--quick")
            {
                quick = true;
            }
            else if (args[index] == "--rows" && index + 1 < args.Length
                && long.TryParse(args[index + 1].Replace("_", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out long rows) && rows > 0)
            {
                QueryBenchmarks.RowCounts = [rows];
                index++;
            }
            else
            {
                arguments.Add(args[index]);
            }
        }
        if (!arguments.Any(argument => argument is "--filter" or "-f" || argument.StartsWith("--filter=", StringComparison.Ordinal)))
            arguments.AddRange(["--filter", "*"]);

        // In process, so that LoadedProfiles loads each row count once for all cases (a separate process per case
        // would generate and load 10M profiles into both engines for every one of them).
        var job = (quick ? Job.ShortRun.WithId("QuickInProcess") : Job.Default.WithId("InProcess")).WithToolchain(InProcessEmitToolchain.Instance);
        IConfig config = DefaultConfig.Instance.AddJob(job).WithOptions(ConfigOptions.JoinSummary);
        var summaries = BenchmarkSwitcher.FromTypes([typeof(QueryBenchmarks)]).Run([.. arguments], config);
        return summaries.Any(summary => summary.HasCriticalValidationErrors || summary.Reports.Any(report => !report.Success)) ? 1 : 0;
    }
}
