using System.Text.RegularExpressions;
using PortraitDb.Storage;

namespace PortraitDb.Cli.Editing;

/// <summary>
/// Tab completion for the REPL: dot commands and their arguments (modes, tables, file paths); in SQL, keywords
/// (in the case the word was begun in), function names, table names, the columns of the tables the statement
/// names (of all tables before it names one), only tables after FROM, INTO, TABLE, UPDATE, DESCRIBE and ON, only
/// saved audiences after AUDIENCE (and audiences first after PROFILE, COMPARE, OVERLAP and VS), and
/// inside a string the values of the CATEGORY or TAGS column it is compared with (<c>city = '北</c>,
/// <c>interests HAS ANY ('tr</c>), read from the table's dictionary.
/// </summary>
internal sealed partial class SqlCompleter(Func<PortraitDatabase> database) : ICompleter
{
    /// <summary>The words the engine's parser knows, and the type names.</summary>
    public static readonly IReadOnlyList<string> SqlKeywords =
    [
        "ADD", "ALL", "ALTER", "ANALYZE", "AND", "ANY", "AS", "ASC", "AUDIENCE", "BETWEEN", "BY", "CASE", "CAST",
        "CHECKPOINT", "COLUMN", "CREATE", "DATE", "DELETE", "DESC", "DESCRIBE", "DISTINCT", "DROP", "ELSE", "END", "ESCAPE", "EXCEPT",
        "EXISTS", "EXPLAIN", "FALSE", "FIRST", "FROM", "GROUP", "HAS", "HAVING", "IF", "ILIKE", "IMPORT", "IN", "INSERT",
        "INTERSECT", "INTERVAL", "INTO", "IS", "JOIN", "KEY", "LABELS", "LAST", "LIKE", "LIMIT", "NOT", "NULL", "NULLS",
        "OFFSET", "ON", "OR", "ORDER", "PARETO", "PRIMARY", "QUANTILES", "REPLACE", "RFM", "SCORES", "SELECT", "SET",
        "SHOW", "TABLE", "TABLES", "TAG", "THEN", "TIERS", "TIMESTAMP", "TRUE", "UNION", "UPDATE", "VALUES", "WHEN",
        "WHERE", "WITH", "TAGS", "TEXT", "CATEGORY", "BOOL", "INT", "BIGINT", "DOUBLE", "DECIMAL", "DAY", "MONTH", "YEAR",
        "AUDIENCES", "COMPARE", "EXPORT", "MEASURES", "MIN_COUNT", "OVERLAP", "PII", "PROFILE", "SAMPLE", "SEED", "SETTINGS",
        "SNAPSHOT", "TO", "VS", "TGI", "MIN_GROUP_SIZE",
    ];

    /// <summary>The engine's functions.</summary>
    public static readonly IReadOnlyList<string> Functions =
    [
        "COUNT", "SUM", "AVG", "MIN", "MAX", "MEDIAN", "QUANTILE_CONT", "QUANTILE_DISC", "ROUND", "ABS", "CEIL", "FLOOR",
        "COALESCE", "NULLIF", "LOWER", "UPPER", "LENGTH", "CARDINALITY", "TODAY", "CURRENT_DATE", "DATE_TRUNC", "GREATEST",
        "LEAST", "BUCKET", "SUBSTR", "SUBSTRING", "LEFT",
    ];

    private static readonly string[] TableContextWords = ["FROM", "INTO", "TABLE", "UPDATE", "DESCRIBE", "JOIN", "EXISTS", "ON", "RFM", "PARETO"];

    // After AUDIENCE only a saved audience can come; after these, an audience or a condition.
    private static readonly string[] AudienceContextWords = ["PROFILE", "COMPARE", "OVERLAP", "VS"];
    private static readonly string[] ValueConnectors = ["IN", "ANY", "ALL", "HAS", "NOT", "LIKE", "ILIKE", "=", "<>", "!=", ",", "("];
    private static readonly string[] ModeNames = ["table", "csv", "json", "chart"];
    private static readonly string[] PathCommands = [".import", ".read", ".output", ".open"];

    /// <summary>Earlier lines of the statement being typed (each ending with a line break); empty on its first line.</summary>
    public string PrecedingText { get; set; } = "";

    /// <inheritdoc/>
    public Completion Complete(string line, int cursor)
    {
        string before = line[..cursor];
        if (PrecedingText.Length == 0 && before.TrimStart().StartsWith('.'))
            return CompleteDotCommand(before);
        string statement = PrecedingText + before;
        var state = ScriptSplitter.StateAt(statement, out int openedAt);
        int lineStart = PrecedingText.Length;
        switch (state)
        {
            case ScanState.SingleQuoted when openedAt >= lineStart:
                return CompleteValue(statement, openedAt, lineStart);
            case ScanState.DoubleQuoted when openedAt >= lineStart:
                {
                    string prefix = statement[(openedAt + 1)..];
                    var names = Matching(TableNames().Concat(ColumnNames(statement + line[cursor..])), prefix);
                    return new Completion(openedAt - lineStart + 1, names, "\"");
                }
            case ScanState.Code:
                return CompleteWord(statement, before, line[cursor..]);
            default:
                return Completion.None;
        }
    }

    private Completion CompleteWord(string statement, string before, string after)
    {
        int start = before.Length;
        while (start > 0 && IsWordChar(before[start - 1]))
            start--;
        string prefix = before[start..];
        string previous = PreviousWord(statement[..(statement.Length - prefix.Length)]);
        bool tablesOnly = TableContextWords.Contains(previous, StringComparer.OrdinalIgnoreCase);
        bool audiencesOnly = string.Equals(previous, "AUDIENCE", StringComparison.OrdinalIgnoreCase);
        if (prefix.Length == 0 && !tablesOnly && !audiencesOnly)
            return Completion.None;
        var candidates = new List<(string Text, string Suffix)>();
        if (tablesOnly)
        {
            candidates.AddRange(Matching(TableNames(), prefix).Select(name => (name, " ")));
        }
        else if (audiencesOnly)
        {
            candidates.AddRange(Matching(AudienceNames(), prefix).Select(name => (name, " ")));
        }
        else
        {
            if (AudienceContextWords.Contains(previous, StringComparer.OrdinalIgnoreCase))
                candidates.AddRange(Matching(AudienceNames(), prefix).Select(name => (name, " ")));
            bool lower = prefix.Any(char.IsLetter) && !prefix.Any(char.IsUpper);
            candidates.AddRange(Matching(ColumnNames(statement + after), prefix).Select(name => (name, "")));
            candidates.AddRange(Matching(TableNames(), prefix).Select(name => (name, " ")));
            candidates.AddRange(Matching(SqlKeywords, prefix).Select(word => (lower ? word.ToLowerInvariant() : word, " ")));
            candidates.AddRange(Matching(Functions, prefix).Select(name => (lower ? name.ToLowerInvariant() : name, "(")));
        }
        var distinct = candidates.DistinctBy(candidate => candidate.Text, StringComparer.OrdinalIgnoreCase).ToList();
        return new Completion(start, [.. distinct.Select(candidate => candidate.Text)], distinct.Count == 1 ? distinct[0].Suffix : "");
    }

    private Completion CompleteValue(string statement, int quote, int lineStart)
    {
        string prefix = statement[(quote + 1)..].Replace("''", "'", StringComparison.Ordinal);
        string? column = ColumnBefore(statement[..quote]);
        if (column is null)
            return Completion.None;
        var values = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var table in TablesInScope(statement))
        {
            var definition = table.Schema.Columns.FirstOrDefault(candidate => string.Equals(candidate.Name, column, StringComparison.OrdinalIgnoreCase));
            if (definition?.Type.Kind is ColumnKind.Category or ColumnKind.Tags)
                values.UnionWith(table.GetSnapshot().GetDistinctValues(definition.Name));
        }
        var matching = Matching(values, prefix).Select(value => value.Replace("'", "''", StringComparison.Ordinal)).ToList();
        return new Completion(quote - lineStart + 1, matching, "'");
    }

    private Completion CompleteDotCommand(string before)
    {
        int commandStart = before.Length - before.TrimStart().Length;
        string command = before[commandStart..];
        int space = command.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0)
            return new Completion(commandStart, Matching(DotCommands.Names, command), " ");
        string name = command[..space].ToLowerInvariant();
        var arguments = command[(space + 1)..].Split(' ');
        string argument = arguments[^1];
        int argumentStart = before.Length - argument.Length;
        int position = arguments.Length;
        if (name == ".import" && position == 2 || name == ".schema" && position == 1)
            return new Completion(argumentStart, Matching(TableNames(), argument), " ");
        if (name == ".mode" && position == 1)
            return new Completion(argumentStart, Matching(ModeNames, argument), "");
        if (name == ".timer" && position == 1)
            return new Completion(argumentStart, Matching(["on", "off"], argument), "");
        if (PathCommands.Contains(name) && position == 1)
            return CompletePath(argument, argumentStart);
        return Completion.None;
    }

    private static Completion CompletePath(string argument, int argumentStart)
    {
        try
        {
            int slash = argument.LastIndexOfAny(['/', Path.DirectorySeparatorChar]);
            string directory = slash < 0 ? "" : argument[..(slash + 1)];
            string search = directory.Length == 0 ? "." : directory;
            if (search.StartsWith('~'))
                search = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + search[1..];
            if (!Directory.Exists(search))
                return Completion.None;
            string namePrefix = argument[(slash + 1)..];
            var entries = new DirectoryInfo(search).EnumerateFileSystemInfos()
                .Where(entry => entry.Name.StartsWith(namePrefix, StringComparison.Ordinal) && (namePrefix.StartsWith('.') || !entry.Name.StartsWith('.')))
                .OrderBy(entry => entry.Name, StringComparer.Ordinal)
                .Select(entry => directory + entry.Name + (entry is DirectoryInfo ? "/" : ""))
                .ToList();
            bool directoryOnly = entries.Count == 1 && entries[0].EndsWith('/');
            return new Completion(argumentStart, entries, directoryOnly ? "" : " ");
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return Completion.None;
        }
    }

    /// <summary>The column a string being typed is compared with: <c>city = '</c>, <c>city IN ('a', '</c>, <c>interests HAS ANY ('</c>.</summary>
    private static string? ColumnBefore(string text)
    {
        var tokens = TokenPattern().Matches(text).Select(match => match.Value).ToList();
        for (int index = tokens.Count - 1; index >= 0; index--)
        {
            string token = tokens[index];
            if (token.StartsWith('\'') || ValueConnectors.Contains(token, StringComparer.OrdinalIgnoreCase))
                continue;
            if (token.StartsWith('"'))
                return token.Trim('"').Replace("\"\"", "\"", StringComparison.Ordinal);
            return IsWordChar(token[0]) ? token : null;
        }
        return null;
    }

    private static string PreviousWord(string text)
    {
        var tokens = TokenPattern().Matches(text);
        return tokens.Count == 0 ? "" : tokens[^1].Value;
    }

    private IEnumerable<string> TableNames() => database().Tables.Select(table => table.Name);

    private IEnumerable<string> AudienceNames() => database().Audiences.Select(audience => audience.Name);

    private IEnumerable<string> ColumnNames(string statement) =>
        TablesInScope(statement).SelectMany(table => table.Schema.Columns.Select(column => column.Name)).Distinct(StringComparer.OrdinalIgnoreCase);

    /// <summary>The tables the statement names, or every table when it names none yet.</summary>
    private IReadOnlyList<Table> TablesInScope(string statement)
    {
        var tables = database().Tables;
        var named = TableReferencePattern().Matches(statement)
            .Select(match => match.Groups["name"].Value)
            .Select(name => tables.FirstOrDefault(table => string.Equals(table.Name, name, StringComparison.OrdinalIgnoreCase)))
            .OfType<Table>()
            .Distinct()
            .ToList();
        return named.Count > 0 ? named : tables;
    }

    private static List<string> Matching(IEnumerable<string> words, string prefix) =>
        [.. words.Where(word => word.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))];

    private static bool IsWordChar(char character) => char.IsLetterOrDigit(character) || character == '_' || char.IsSurrogate(character);

    [GeneratedRegex("""'(?:[^']|'')*'?|"(?:[^"]|"")*"?|[\p{L}\p{N}_]+|<>|!=|<=|>=|\S""")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("""\b(?:FROM|INTO|UPDATE|TABLE|DESCRIBE|JOIN|ON)\s+"?(?<name>[\p{L}\p{N}_]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex TableReferencePattern();
}
