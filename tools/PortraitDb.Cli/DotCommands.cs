using System.Globalization;
using System.Text;
using PortraitDb.Cli.Output;
using PortraitDb.DataGen;
using PortraitDb.Query;
using PortraitDb.Storage;

namespace PortraitDb.Cli;

/// <summary>
/// The shell's own commands, a line starting with '.': <c>.help</c>, <c>.tables</c>, <c>.schema</c>, <c>.timer</c>,
/// <c>.mode</c>, <c>.import</c>, <c>.generate</c>, <c>.open</c>, <c>.read</c>, <c>.output</c>, <c>.timeout</c>,
/// <c>.exit</c>. Arguments are separated by spaces; quote one that holds spaces.
/// </summary>
internal static class DotCommands
{
    private static readonly Command[] All =
    [
        new(".help", "", "this list", Help),
        new(".tables", "", "the tables, with their row and column counts", Tables),
        new(".schema", "[TABLE]", "CREATE TABLE statements of all tables, or of one", Schema),
        new(".mode", "[table|csv|json|chart]", "how results are printed (chart: a breakdown as horizontal bars)", Mode),
        new(".timer", "[on|off]", "show the elapsed time under each result", Timer),
        new(".import", "FILE TABLE", "import a CSV or Parquet file, with a progress bar (the table is created when missing)", Import),
        new(".generate", "ROWS [TABLE [SEED]]", "create TABLE (default profiles) with ROWS synthetic customer profiles", Generate),
        new(".read", "SCRIPT", "run the statements and dot commands of a file", Read),
        new(".output", "[FILE]", "send results to FILE; without FILE, back to the screen", OutputTo),
        new(".open", "[DIR]", "open the database kept in DIR (created when absent), or a new, empty in-memory one", Open),
        new(".timeout", "[SECONDS|off]", "cancel statements that run longer than this", Timeout),
        new(".exit", "[CODE]", "leave (also .quit, or Ctrl-D)", Exit),
        new(".quit", "", "leave", Exit),
    ];

    /// <summary>The command names, for completion.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(command => command.Name)];

    /// <summary>Runs a dot command line; false (after reporting it) when it failed.</summary>
    public static bool Run(Session session, string line)
    {
        var words = SplitArguments(line.Trim());
        string name = words[0].ToLowerInvariant();
        var command = All.FirstOrDefault(candidate => candidate.Name == name);
        if (command is null)
        {
            var close = All.Where(candidate => candidate.Name.StartsWith(name, StringComparison.Ordinal)).Select(candidate => candidate.Name).ToList();
            string hint = close.Count > 0 ? $"; did you mean {string.Join(" or ", close)}?" : "; .help lists the commands";
            return Fail(session, $"unknown command '{words[0]}'{hint}");
        }
        return command.Run(session, words[1..]);
    }

    /// <summary>Splits a command line at spaces; '...' or "..." keep spaces in one argument.</summary>
    public static string[] SplitArguments(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        char quote = '\0';
        bool inWord = false;
        foreach (char character in line)
        {
            if (quote != '\0')
            {
                if (character == quote)
                    quote = '\0';
                else
                    word.Append(character);
            }
            else if (character is '\'' or '"')
            {
                quote = character;
                inWord = true;
            }
            else if (char.IsWhiteSpace(character))
            {
                if (inWord)
                    words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
            else
            {
                word.Append(character);
                inWord = true;
            }
        }
        if (inWord)
            words.Add(word.ToString());
        return [.. words];
    }

    private static bool Help(Session session, string[] arguments)
    {
        var columns = new[] { new ResultColumn("command", ColumnType.Text), new ResultColumn("what it does", ColumnType.Text) };
        var rows = All.Where(command => command.Name != ".quit")
            .Select(command => new object?[] { $"{command.Name} {command.Usage}".Trim(), command.Help })
            .ToList();
        ResultWriter.Write(session.Output, OutputMode.Table, columns, rows);
        session.WriteLine("SQL statements end with ';' and may span lines: CREATE TABLE, DROP TABLE, ALTER TABLE, IMPORT, INSERT, UPDATE,");
        session.WriteLine("DELETE, SELECT, EXPLAIN [ANALYZE], SHOW TABLES, DESCRIBE, CREATE/DROP TAG, SHOW TAGS, RFM, PARETO. Tab completes");
        session.WriteLine("keywords, tables, columns and the values");
        session.WriteLine("of CATEGORY and TAGS columns (after city = ' for example). Ctrl-C cancels a running statement.");
        session.WriteLine("");
        return true;
    }

    private static bool Tables(Session session, string[] arguments)
    {
        if (!Usage(session, ".tables", arguments.Length == 0))
            return false;
        var mode = session.Mode;
        if (mode == OutputMode.Chart)
            session.Mode = OutputMode.Table; // a list of tables is no breakdown
        try
        {
            return session.RunStatement("SHOW TABLES", 0, "SHOW TABLES", null);
        }
        finally
        {
            session.Mode = mode;
        }
    }

    private static bool Schema(Session session, string[] arguments)
    {
        if (!Usage(session, ".schema", arguments.Length <= 1))
            return false;
        var tables = session.Database.Tables;
        if (arguments.Length == 1)
        {
            if (!session.Database.TryGetTable(arguments[0], out var table))
                return Fail(session, $"no table '{arguments[0]}'{Suggest(arguments[0], tables.Select(candidate => candidate.Name))}");
            tables = [table];
        }
        if (tables.Count == 0)
            session.Note("(no tables)");
        foreach (var table in tables)
        {
            // Tags are not declared with the table: each is its own CREATE TAG, after it.
            var schema = table.Schema;
            var stored = schema.StoredColumns;
            var text = new StringBuilder($"CREATE TABLE {table.Name} (\n");
            for (int column = 0; column < stored.Count; column++)
                text.Append("    ").Append(stored[column]).Append(column + 1 < stored.Count ? ",\n" : "\n");
            text.Append(");");
            foreach (var tag in schema.Columns.Where(column => column.IsDerived))
                text.Append($"\nCREATE TAG {tag.Name} ON {table.Name} AS {tag.Derivation};");
            session.WriteLine(text.ToString());
        }
        return true;
    }

    private static bool Mode(Session session, string[] arguments)
    {
        if (!Usage(session, ".mode", arguments.Length <= 1))
            return false;
        if (arguments.Length == 0)
        {
            session.Note($"mode {OutputModes.Name(session.Mode)}");
            return true;
        }
        if (!OutputModes.TryParse(arguments[0], out var mode))
            return Fail(session, $"unknown mode '{arguments[0]}'; use table, csv, json or chart");
        session.Mode = mode;
        return true;
    }

    private static bool Timer(Session session, string[] arguments)
    {
        if (!Usage(session, ".timer", arguments.Length <= 1))
            return false;
        if (arguments.Length == 0)
        {
            session.Note($"timer {(session.Timer ? "on" : "off")}");
            return true;
        }
        switch (arguments[0].ToLowerInvariant())
        {
            case "on":
                session.Timer = true;
                return true;
            case "off":
                session.Timer = false;
                return true;
            default:
                return Fail(session, $".timer takes on or off, not '{arguments[0]}'");
        }
    }

    private static bool Import(Session session, string[] arguments)
    {
        if (!Usage(session, ".import", arguments.Length == 2))
            return false;
        var report = session.Import(arguments[0], arguments[1]);
        double rate = report.RowsImported / Math.Max(report.Elapsed.TotalSeconds, 1e-9);
        string message = $"imported {report.RowsImported:N0} rows into '{report.Table}' in {ResultWriter.FormatElapsed(report.Elapsed)} ({rate:N0} rows/s)";
        if (report.RowsSkipped > 0)
            message += $"; skipped {report.RowsSkipped:N0} bad rows";
        session.Print([], [], message, null);
        foreach (var error in report.Errors)
            session.Note("  " + error.Message);
        return true;
    }

    private static bool Generate(Session session, string[] arguments)
    {
        if (!Usage(session, ".generate", arguments.Length is >= 1 and <= 3))
            return false;
        if (!long.TryParse(arguments[0].Replace(",", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out long rows) || rows <= 0 || rows > ProfileGenerator.MaxRowCount)
            return Fail(session, $".generate takes a number of rows from 1 to {ProfileGenerator.MaxRowCount:N0}, not '{arguments[0]}'");
        string table = arguments.Length > 1 ? arguments[1] : "profiles";
        ulong seed = Session.DefaultSeed;
        if (arguments.Length > 2 && !ulong.TryParse(arguments[2], NumberStyles.None, CultureInfo.InvariantCulture, out seed))
            return Fail(session, $".generate takes a whole number as seed, not '{arguments[2]}'");
        var elapsed = session.Generate(rows, table, seed);
        session.Print([], [], $"generated {rows:N0} profiles into '{table}' in {ResultWriter.FormatElapsed(elapsed)} ({rows / Math.Max(elapsed.TotalSeconds, 1e-9):N0} rows/s)", null);
        return true;
    }

    private static bool Read(Session session, string[] arguments) =>
        Usage(session, ".read", arguments.Length == 1) && session.ReadScript(arguments[0]);

    private static bool OutputTo(Session session, string[] arguments)
    {
        if (!Usage(session, ".output", arguments.Length <= 1))
            return false;
        session.RedirectOutput(arguments.Length == 0 || arguments[0] is "-" or "stdout" ? null : arguments[0]);
        return true;
    }

    private static bool Open(Session session, string[] arguments)
    {
        if (!Usage(session, ".open", arguments.Length <= 1))
            return false;
        if (arguments.Length == 1 && arguments[0] != ":memory:")
        {
            try
            {
                session.OpenDirectory(arguments[0]);
            }
            catch (PortraitDbException error)
            {
                return Fail(session, $"cannot open '{arguments[0]}': {error.Message} The current database stays open.");
            }
            session.Note($"opened {session.Database.DirectoryPath} ({session.Database.Tables.Count} tables)");
            return true;
        }
        session.OpenInMemory();
        session.Note("opened a new, empty in-memory database");
        return true;
    }

    private static bool Timeout(Session session, string[] arguments)
    {
        if (!Usage(session, ".timeout", arguments.Length <= 1))
            return false;
        if (arguments.Length == 0)
        {
            session.Note(session.Database.Timeout is { } limit ? $"timeout {limit.TotalSeconds:0.###} s" : "timeout off");
            return true;
        }
        if (arguments[0].Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            session.Database.Timeout = null;
            return true;
        }
        if (!double.TryParse(arguments[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) || !(seconds > 0) || seconds > int.MaxValue / 1000)
            return Fail(session, $".timeout takes a number of seconds or off, not '{arguments[0]}'");
        session.Database.Timeout = TimeSpan.FromSeconds(seconds);
        return true;
    }

    private static bool Exit(Session session, string[] arguments)
    {
        int code = 0;
        if (arguments.Length > 1 || arguments.Length == 1 && !int.TryParse(arguments[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out code))
            return Fail(session, "usage: .exit [CODE]");
        session.RequestExit(code);
        return true;
    }

    private static bool Usage(Session session, string name, bool valid)
    {
        if (valid)
            return true;
        var command = All.First(candidate => candidate.Name == name);
        return Fail(session, $"usage: {command.Name} {command.Usage}".TrimEnd());
    }

    private static bool Fail(Session session, string message)
    {
        session.ReportError("Error: " + message);
        return false;
    }

    private static string Suggest(string name, IEnumerable<string> names)
    {
        var close = names.Where(candidate => candidate.StartsWith(name[..Math.Min(2, name.Length)], StringComparison.OrdinalIgnoreCase)).ToList();
        return close.Count > 0 ? $"; did you mean '{close[0]}'?" : "";
    }

    private sealed record Command(string Name, string Usage, string Help, Func<Session, string[], bool> Run);
}
