using System.Data.Common;
using System.Numerics;
using PortraitDb.Query;

namespace PortraitDb.Benchmarks.Compare;

/// <summary>
/// A query's answer with its values normalised across engines, so that the same answer compares equal: integers of
/// every width as <see cref="long"/> (or <see cref="decimal"/> past its range), floats as <see cref="double"/>,
/// <see cref="decimal"/>, strings (ENUM values included), <see cref="bool"/>, dates as <see cref="DateOnly"/>,
/// timestamps as <see cref="DateTime"/>, lists as <see cref="string"/>[], NULL as null.
/// </summary>
internal sealed class ResultRows
{
    private ResultRows(int columnCount, List<object?[]> rows)
    {
        ColumnCount = columnCount;
        Rows = rows;
    }

    /// <summary>How many columns each row has.</summary>
    public int ColumnCount { get; }

    /// <summary>The rows, in the order the engine returned them.</summary>
    public List<object?[]> Rows { get; }

    /// <summary>Copies and normalises a PortraitDb result.</summary>
    public static ResultRows From(QueryResult result)
    {
        var rows = new List<object?[]>(result.RowCount);
        foreach (var source in result.Rows)
        {
            var row = new object?[source.Length];
            for (int column = 0; column < row.Length; column++)
                row[column] = Normalise(source[column]);
            rows.Add(row);
        }
        return new ResultRows(result.Columns.Count, rows);
    }

    /// <summary>Reads every row of a DuckDB (or any ADO.NET) reader and normalises its values.</summary>
    public static ResultRows From(DbDataReader reader)
    {
        var rows = new List<object?[]>();
        int columnCount = reader.FieldCount;
        while (reader.Read())
        {
            var row = new object?[columnCount];
            for (int column = 0; column < columnCount; column++)
                row[column] = reader.IsDBNull(column) ? null : Normalise(reader.GetValue(column));
            rows.Add(row);
        }
        return new ResultRows(columnCount, rows);
    }

    /// <summary>A value in the common representation (see the class summary).</summary>
    public static object? Normalise(object? value) => value switch
    {
        null or DBNull => null,
        long or string or bool or double or decimal or DateOnly => value,
        int number => (long)number,
        short number => (long)number,
        sbyte number => (long)number,
        byte number => (long)number,
        ushort number => (long)number,
        uint number => (long)number,
        ulong number => number <= long.MaxValue ? (long)number : (decimal)number,
        BigInteger number => number >= long.MinValue && number <= long.MaxValue ? (long)number : (decimal)number,
        Int128 number => number >= long.MinValue && number <= long.MaxValue ? (long)number : (decimal)number,
        float number => (double)number,
        Half number => (double)number,
        DateTime timestamp => timestamp.TimeOfDay == TimeSpan.Zero ? DateOnly.FromDateTime(timestamp) : timestamp,
        string[] tags => tags,
        System.Collections.IEnumerable list => list.Cast<object?>().Select(item => item?.ToString() ?? "NULL").ToArray(),
        _ => value,
    };

    /// <summary>The first <paramref name="maxRows"/> rows, one per line, each value with its .NET type.</summary>
    public string Preview(int maxRows)
    {
        var lines = Rows.Take(maxRows).Select(row => "  " + string.Join(" | ", row.Select(value => value is null ? "NULL" : $"{QueryResult.FormatValue(value)} ({value.GetType().Name})")));
        string more = Rows.Count > maxRows ? $"\n  ... {Rows.Count - maxRows:N0} more" : "";
        return string.Join("\n", lines) + more;
    }

    /// <summary>"1 row" or "300 rows".</summary>
    public string Describe() => Rows.Count == 1 ? "1 row" : $"{Rows.Count:N0} rows";
}
