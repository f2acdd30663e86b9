using System.Text;
using PortraitDb.Query;

namespace PortraitDb.Tests.Query.Differential;

/// <summary>
/// Compares an engine result with the naive evaluator's: the same number of rows, in order when the query orders
/// them (otherwise as multisets), and in each cell the same value of the same host type; reals within 1e-9 of the
/// magnitude of the values summed.
/// </summary>
internal static class ResultComparer
{
    private const double RelativeTolerance = 1e-9;
    private const int RowsShown = 20;

    public static void AssertSame(string sql, ExpectedResult expected, QueryResult actual, string context) =>
        AssertSame(sql, expected, actual.Rows, [.. actual.Columns.Select(column => column.Name)], context);

    public static void AssertSame(string sql, ExpectedResult expected, IReadOnlyList<object?[]> actual, IReadOnlyList<string> columns, string context)
    {
        var expectedRows = expected.Ordered ? expected.Rows.ToList() : [.. expected.Rows.OrderBy(SortKey, StringComparer.Ordinal)];
        var actualRows = expected.Ordered ? actual.ToList() : [.. actual.OrderBy(SortKey, StringComparer.Ordinal)];
        string? problem = null;
        if (expectedRows.Count != actualRows.Count)
        {
            problem = $"the engine returned {actualRows.Count} rows; the naive evaluator {expectedRows.Count}";
        }
        else
        {
            for (int row = 0; row < expectedRows.Count && problem is null; row++)
            {
                if (expectedRows[row].Length != actualRows[row].Length)
                {
                    problem = $"row {row} has {actualRows[row].Length} columns; expected {expectedRows[row].Length}";
                    break;
                }
                for (int column = 0; column < expectedRows[row].Length; column++)
                {
                    if (!Matches(expectedRows[row][column], actualRows[row][column]))
                    {
                        problem = $"row {row}, column {column} ('{columns[column]}'): engine {Describe(actualRows[row][column])}, naive {Describe(expectedRows[row][column])}";
                        break;
                    }
                }
            }
        }
        if (problem is null)
            return;
        var message = new StringBuilder();
        message.AppendLine(problem);
        message.AppendLine($"SQL: {sql}");
        message.AppendLine($"engine ({actualRows.Count} rows):");
        AppendRows(message, actualRows);
        message.AppendLine($"naive ({expectedRows.Count} rows):");
        AppendRows(message, expectedRows);
        message.Append(context);
        Assert.Fail(message.ToString());
    }

    public static bool Matches(object? expected, object? actual) => expected switch
    {
        null => actual is null,
        Approx approx => actual is double real && Math.Abs(real - approx.Value) <= RelativeTolerance * Math.Max(1, approx.Magnitude),
        long integer => actual is long other && other == integer,
        decimal exact => actual is decimal other && other == exact,
        double real => actual is double other && other == real,
        string text => actual is string other && string.Equals(other, text, StringComparison.Ordinal),
        bool flag => actual is bool other && other == flag,
        DateOnly date => actual is DateOnly other && other == date,
        string[] tags => actual is string[] other && SqlSemantics.TagSet(other).SequenceEqual(tags, StringComparer.Ordinal),
        _ => false,
    };

    private static string SortKey(object?[] row) => string.Join('\u0002', row.Select(SqlSemantics.Canonical));

    private static void AppendRows(StringBuilder message, List<object?[]> rows)
    {
        foreach (var row in rows.Take(RowsShown))
            message.AppendLine($"  [{string.Join(", ", row.Select(Describe))}]");
        if (rows.Count > RowsShown)
            message.AppendLine($"  ... {rows.Count - RowsShown} more");
    }

    private static string Describe(object? value) => value switch
    {
        null => "NULL",
        Approx approx => approx.ToString(),
        string text => $"'{text}'",
        _ => $"{ValueFactory.Describe(value)} ({value.GetType().Name})",
    };
}
