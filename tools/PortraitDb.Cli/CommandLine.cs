using System.Globalization;
using PortraitDb.Cli.Output;

namespace PortraitDb.Cli;

/// <summary>What the command line asked for.</summary>
internal enum CliCommand
{
    /// <summary>The REPL, or scripting when <c>-c</c>/<c>-f</c> are given or standard input is not a terminal.</summary>
    Shell,

    /// <summary><c>demo [--rows N]</c>.</summary>
    Demo,

    /// <summary><c>--help</c>.</summary>
    Help,

    /// <summary><c>--version</c>.</summary>
    Version,
}

/// <summary>The parsed command line.</summary>
internal sealed record CliOptions
{
    /// <summary>What to do.</summary>
    public CliCommand Command { get; init; } = CliCommand.Shell;

    /// <summary>The DATABASE_DIR argument, or null for an in-memory database.</summary>
    public string? DatabaseDirectory { get; init; }

    /// <summary>The <c>-c</c> statements and <c>-f</c> files, in order.</summary>
    public IReadOnlyList<ScriptRunner.Source> Sources { get; init; } = [];

    /// <summary>The output mode (<c>--format</c>).</summary>
    public OutputMode Format { get; init; } = OutputMode.Table;

    /// <summary>Profiles the demo generates (<c>--rows</c>).</summary>
    public long Rows { get; init; } = Cli.Demo.DefaultRows;
}

/// <summary>Parses the arguments of <c>portraitdb</c>.</summary>
internal static class CommandLine
{
    /// <summary>The text of <c>--help</c>.</summary>
    public const string Usage = """
        portraitdb: the PortraitDb shell

        Usage:
          portraitdb [DATABASE_DIR]                     interactive shell (REPL)
          portraitdb [DATABASE_DIR] -c STATEMENT ...    run statements, print the results, exit
          portraitdb [DATABASE_DIR] -f SCRIPT ...       run a script file ('-' reads standard input)
          COMMAND | portraitdb [DATABASE_DIR]           run the statements on standard input
          portraitdb demo [--rows N]                    synthetic profiles, a tour of queries, then the REPL

        Options:
          -c, --command STATEMENT     a SQL statement or dot command; repeat to run several, in order with -f
          -f, --file SCRIPT           statements and dot commands from a file; repeatable
          --format table|csv|json|chart
                                      how results are printed (default table). csv: a header line and
                                      RFC 4180 quoting, NULL as an empty field; json: an array of objects
          --rows N                    demo: how many profiles to generate (default 1,000,000)
          -h, --help                  this text
          --version                   the version

        Scripts stop at the first error: the message goes to standard error and the exit code is 1
        (0 when every statement succeeded). In the REPL, statements end with ';'; .help lists the
        dot commands. The history is kept in ~/.portraitdb_history (PORTRAITDB_HISTORY moves it;
        empty keeps none).

        DATABASE_DIR: the directory that keeps the database (created when absent). Every statement
        that succeeds is on disk before its result prints; one process at a time may open a
        directory. Without it the database lives in memory and is gone at exit.
        """;

    /// <summary>Parses <paramref name="args"/>; on failure returns null and says why in <paramref name="error"/>.</summary>
    public static CliOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        var options = new CliOptions();
        var sources = new List<ScriptRunner.Source>();
        bool rowsGiven = false;
        for (int index = 0; index < args.Count; index++)
        {
            string argument = args[index];
            switch (argument)
            {
                case "-h" or "--help" or "-?":
                    return options with { Command = CliCommand.Help };
                case "--version":
                    return options with { Command = CliCommand.Version };
                case "-c" or "--command":
                    if (!TryValue(args, ref index, out string? statement, out error))
                        return null;
                    sources.Add(new ScriptRunner.Source(statement, null));
                    break;
                case "-f" or "--file":
                    if (!TryValue(args, ref index, out string? path, out error))
                        return null;
                    sources.Add(new ScriptRunner.Source(null, path));
                    break;
                case "--format":
                    {
                        if (!TryValue(args, ref index, out string? format, out error))
                            return null;
                        if (!OutputModes.TryParse(format!, out var mode))
                        {
                            error = $"--format takes table, csv, json or chart, not '{format}'";
                            return null;
                        }
                        options = options with { Format = mode };
                        break;
                    }
                case "--rows":
                    {
                        if (!TryValue(args, ref index, out string? text, out error))
                            return null;
                        string digits = text!.Replace(",", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
                        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long rows) || rows <= 0 || rows > uint.MaxValue)
                        {
                            error = $"--rows takes a number of profiles from 1 to {uint.MaxValue:N0}, not '{text}'";
                            return null;
                        }
                        options = options with { Rows = rows };
                        rowsGiven = true;
                        break;
                    }
                default:
                    if (argument.StartsWith('-') && argument != "-")
                    {
                        error = $"unknown option '{argument}'";
                        return null;
                    }
                    if (argument == "demo" && options.Command == CliCommand.Shell && options.DatabaseDirectory is null && sources.Count == 0)
                    {
                        options = options with { Command = CliCommand.Demo };
                    }
                    else if (options.DatabaseDirectory is null && options.Command == CliCommand.Shell)
                    {
                        options = options with { DatabaseDirectory = argument };
                    }
                    else
                    {
                        error = $"unexpected argument '{argument}'";
                        return null;
                    }
                    break;
            }
        }
        if (options.Command == CliCommand.Demo && sources.Count > 0)
        {
            error = "demo takes no -c or -f; run the statements after the tour, in the REPL";
            return null;
        }
        if (rowsGiven && options.Command != CliCommand.Demo)
        {
            error = "--rows belongs to demo: portraitdb demo --rows N";
            return null;
        }
        return options with { Sources = sources };
    }

    private static bool TryValue(IReadOnlyList<string> args, ref int index, out string? value, out string? error)
    {
        if (index + 1 >= args.Count)
        {
            value = null;
            error = $"{args[index]} needs a value";
            return false;
        }
        value = args[++index];
        error = null;
        return true;
    }
}
