using System.Globalization;
using System.Text;
using PortraitDb.Query;

namespace PortraitDb.Tests.Logic;

/// <summary>
/// A small sqllogictest runner in DuckDB's layout: <c>statement ok</c>, <c>statement error</c> (with the expected
/// message fragment after <c>----</c>), and <c>query &lt;types&gt;</c> with expected rows, tab-separated, after
/// <c>----</c>. Records run in order against one in-memory database per file; <c>${DATA}</c> is the shared data folder, <c>${HERE}</c> the folder of the file.
/// Reals compare after rounding to the decimals the expected value shows. <c>require data &lt;path&gt;</c> skips the whole file
/// (with a message) when that file of the shared data folder is absent.
/// </summary>
internal static class LogicTestRunner
{
    public static void Run(string path, string? dataFolder)
    {
        string logicFolder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var lines = File.ReadAllLines(path);
        using var database = PortraitDatabase.CreateInMemory();
        var failures = new List<string>();
        int index = 0;
        while (index < lines.Length)
        {
            string line = lines[index].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                index++;
                continue;
            }
            int recordLine = index + 1;
            string header = line;
            index++;
            if (header.StartsWith("require data ", StringComparison.Ordinal))
            {
                string required = header["require data ".Length..].Trim();
                Skip.If(dataFolder is null || !File.Exists(Path.Combine(dataFolder, required)),
                    $"{Path.GetFileName(path)} needs {required} in the shared data folder (../shared/data beside the repository), which is absent.");
                continue;
            }
            var sql = new StringBuilder();
            while (index < lines.Length && lines[index].Trim().Length > 0 && lines[index].Trim() != "----")
                sql.AppendLine(lines[index++]);
            var expected = new List<string>();
            if (index < lines.Length && lines[index].Trim() == "----")
            {
                index++;
                while (index < lines.Length && lines[index].Trim().Length > 0)
                    expected.Add(lines[index++]);
            }
            string statement = sql.ToString()
                .Replace("${DATA}", dataFolder ?? "", StringComparison.Ordinal)
                .Replace("${HERE}", logicFolder, StringComparison.Ordinal)
                .Trim();
            string where = $"{Path.GetFileName(path)}:{recordLine}";
            string? failure = header switch
            {
                "statement ok" => ExpectOk(database, statement),
                "statement error" => ExpectError(database, statement, string.Join('\n', expected)),
                _ when header.StartsWith("query", StringComparison.Ordinal) => ExpectRows(database, statement, header, expected),
                _ => $"unknown record '{header}'",
            };
            if (failure is not null)
                failures.Add($"{where}: {failure}\n    {statement.ReplaceLineEndings(" ")}");
        }
        Assert.True(failures.Count == 0, $"{failures.Count} record(s) failed in {Path.GetFileName(path)}:\n" + string.Join("\n", failures));
    }

    private static string? ExpectOk(PortraitDatabase database, string statement)
    {
        try
        {
            database.Execute(statement);
            return null;
        }
        catch (PortraitDbException error)
        {
            return $"expected success, got: {error.Message}";
        }
    }

    private static string? ExpectError(PortraitDatabase database, string statement, string fragment)
    {
        try
        {
            database.Execute(statement);
            return $"expected an error containing '{fragment}', but the statement succeeded";
        }
        catch (PortraitDbException error)
        {
            return error.Message.Contains(fragment, StringComparison.OrdinalIgnoreCase) ? null : $"expected an error containing '{fragment}', got: {error.Message}";
        }
    }

    private static string? ExpectRows(PortraitDatabase database, string statement, string header, List<string> expected)
    {
        QueryResult result;
        try
        {
            result = database.Execute(statement);
        }
        catch (PortraitDbException error)
        {
            return $"query failed: {error.Message}";
        }
        string types = header.Split(' ', StringSplitOptions.RemoveEmptyEntries) is { Length: > 1 } parts ? parts[1] : "";
        if (types.Length > 0 && result.Columns.Count != types.Length)
            return $"expected {types.Length} columns, got {result.Columns.Count}";
        if (result.RowCount != expected.Count)
            return $"expected {expected.Count} rows, got {result.RowCount}:\n{result}";
        for (int row = 0; row < expected.Count; row++)
        {
            var cells = expected[row].Split('\t');
            if (cells.Length != result.Columns.Count)
                return $"row {row + 1}: expected {cells.Length} values, got {result.Columns.Count}";
            for (int column = 0; column < cells.Length; column++)
            {
                if (!Matches(cells[column], result[row, column]))
                    return $"row {row + 1}, column {column + 1}: expected '{cells[column]}', got '{QueryResult.FormatValue(result[row, column])}'\n{result}";
            }
        }
        return null;
    }

    public static bool Matches(string expected, object? actual)
    {
        if (expected == "NULL")
            return actual is null;
        if (actual is null)
            return false;
        if (actual is double or decimal or long or int)
        {
            if (!decimal.TryParse(expected, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal wanted))
                return false;
            int decimals = expected.Contains('.', StringComparison.Ordinal) ? expected.Length - expected.IndexOf('.', StringComparison.Ordinal) - 1 : 0;
            decimal value = actual is double real ? (decimal)real : Convert.ToDecimal(actual, CultureInfo.InvariantCulture);
            return Math.Round(value, decimals, MidpointRounding.AwayFromZero) == wanted;
        }
        return QueryResult.FormatValue(actual) == expected;
    }
}
