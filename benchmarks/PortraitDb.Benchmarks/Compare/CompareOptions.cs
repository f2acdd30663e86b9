using System.Globalization;
using PortraitDb.Benchmarks.Common;

namespace PortraitDb.Benchmarks.Compare;

/// <summary>The options of the <c>compare</c> command; <c>--quick</c> changes the defaults, explicit options win.</summary>
internal sealed class CompareOptions
{
    public const string Usage =
        "compare [--rows N | --quick] [--warmup W] [--iterations N] [--csv-runs R] [--budget S] [--categories enum|varchar|both] [--filter TEXT] [--consecutive] [--no-import] [--no-saved] [--show] [--list]";

    private const string Help = """
          --rows N              profiles to generate and load (default 10,000,000)
          --quick               1,000,000 rows, 2 warm-ups, 5 timed runs, 1 CSV import per engine (under 2 minutes on 2 cores)
          --warmup W            untimed runs per engine and query, the checked first run included (default 3)
          --iterations N        timed runs per engine and query, alternating the engines (default 15)
          --csv-runs R          CSV imports per engine (default 3)
          --budget S            seconds of timed runs per query after which it stops, with at least 3 runs (default 120; --quick 10)
          --categories C        DuckDB tables: enum, varchar or both (default both)
          --filter TEXT         only the queries whose name contains TEXT (or one of several, comma-separated)
          --consecutive         each engine runs a query's timed runs back to back (its caches stay warm, as when one
                                audience is refined click after click) instead of alternating with the others run by run
          --no-import           skip the CSV import
          --no-saved            skip the saved-database rows (load to disk, size, reopen, durable upserts)
          --show                print the first rows of every engine's answer, with value types, to standard error
          --list                print the workload (name, PortraitDb SQL, DuckDB SQL) as Markdown and stop
        """;

    private const long FullRows = 10_000_000;
    private const long QuickRows = 1_000_000;

    /// <summary>Profiles generated and loaded into every engine.</summary>
    public long Rows { get; private set; }

    /// <summary>Untimed runs per engine and query before timing, the checked first run included.</summary>
    public int Warmups { get; private set; }

    /// <summary>Timed runs per engine and query, alternating between the engines.</summary>
    public int Iterations { get; private set; }

    /// <summary>CSV imports per engine, alternating, each into a fresh database.</summary>
    public int CsvRuns { get; private set; }

    /// <summary>Seconds of timed runs per query after which the query stops (after at least 3 runs per engine).</summary>
    public int BudgetSeconds { get; private set; }

    /// <summary>The DuckDB tables to compare against: ENUM categories, VARCHAR categories, or both.</summary>
    public IReadOnlyList<DuckCategories> DuckTables { get; private set; } = [DuckCategories.Enum, DuckCategories.Varchar];

    /// <summary>Keeps only the queries whose name contains this text (or one of its comma-separated parts).</summary>
    public string? Filter { get; private set; }

    /// <summary>True when <paramref name="name"/> passes <see cref="Filter"/>.</summary>
    public static bool Matches(string? filter, string name) =>
        string.IsNullOrEmpty(filter) || filter.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Any(part => name.Contains(part, StringComparison.OrdinalIgnoreCase));

    /// <summary>True when each engine runs a query's timed runs back to back rather than alternating run by run.</summary>
    public bool Consecutive { get; private set; }

    /// <summary>Skips writing and importing the CSV file.</summary>
    public bool SkipImport { get; private set; }

    /// <summary>True to skip the saved-database rows.</summary>
    public bool SkipSaved { get; private set; }

    /// <summary>Prints the workload as Markdown and stops.</summary>
    public bool ListOnly { get; private set; }

    /// <summary>The options were printed (<c>--help</c>): nothing else to do.</summary>
    public bool HelpOnly { get; private set; }

    /// <summary>Prints the first rows of every engine's answer (with value types) to standard error.</summary>
    public bool Show { get; private set; }

    /// <summary>True for <c>--quick</c>.</summary>
    public bool Quick { get; private set; }

    /// <summary>The options, or null (with a message on standard error) when an argument is wrong.</summary>
    public static CompareOptions? Parse(string[] args)
    {
        var options = new CompareOptions();
        long? rows = null;
        int? warmups = null;
        int? iterations = null;
        int? csvRuns = null;
        int? budget = null;
        for (int index = 0; index < args.Length; index++)
        {
            string argument = args[index];
            string? value = index + 1 < args.Length ? args[index + 1] : null;
            switch (argument)
            {
                case "--quick":
                    options.Quick = true;
                    continue;
                case "--no-saved":
                    options.SkipSaved = true;
                    continue;
                case "--no-import":
                    options.SkipImport = true;
                    continue;
                case "--consecutive":
                    options.Consecutive = true;
                    continue;
                case "--list":
                    options.ListOnly = true;
                    continue;
                case "--show":
                    options.Show = true;
                    continue;
                case "--help" or "-h":
                    Console.WriteLine("Usage: " + Usage);
                    Console.WriteLine(Help);
                    options.HelpOnly = true;
                    return options;
            }
            if (value is null)
                return Fail($"Option '{argument}' needs a value or is unknown.");
            index++;
            switch (argument)
            {
                case "--rows" when TryCount(value, out long count) && count > 0:
                    rows = count;
                    break;
                case "--warmup" when TryCount(value, out long count) && count is >= 1 and <= 1000:
                    warmups = (int)count;
                    break;
                case "--iterations" when TryCount(value, out long count) && count is >= 1 and <= 10_000:
                    iterations = (int)count;
                    break;
                case "--csv-runs" when TryCount(value, out long count) && count is >= 1 and <= 100:
                    csvRuns = (int)count;
                    break;
                case "--budget" when TryCount(value, out long count) && count is >= 1 and <= 86_400:
                    budget = (int)count;
                    break;
                case "--categories" when value is "enum" or "varchar" or "both":
                    options.DuckTables = value switch
                    {
                        "enum" => [DuckCategories.Enum],
                        "varchar" => [DuckCategories.Varchar],
                        _ => [DuckCategories.Enum, DuckCategories.Varchar],
                    };
                    break;
                case "--filter":
                    options.Filter = value;
                    break;
                default:
                    return Fail($"Unknown option or bad value: '{argument} {value}'.");
            }
        }
        options.Rows = rows ?? (options.Quick ? QuickRows : FullRows);
        options.Warmups = warmups ?? (options.Quick ? 2 : 3);
        options.Iterations = iterations ?? (options.Quick ? 5 : 15);
        options.CsvRuns = csvRuns ?? (options.Quick ? 1 : 3);
        options.BudgetSeconds = budget ?? (options.Quick ? 10 : 120);
        return options;
    }

    private static bool TryCount(string text, out long count) =>
        long.TryParse(text.Replace("_", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out count);

    private static CompareOptions? Fail(string message)
    {
        Console.Error.WriteLine(message);
        Console.Error.WriteLine("Usage: " + Usage);
        return null;
    }
}
