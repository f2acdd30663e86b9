using System.Globalization;
using System.Text;
using PortraitDb.Storage;

namespace PortraitDb.Query;

/// <summary>A result column: its name (the alias, or the expression's text) and its type.</summary>
/// <param name="Name">The column's name as the query gave it.</param>
/// <param name="Type">The type of every non-null value in the column.</param>
public sealed record ResultColumn(string Name, ColumnType Type);

/// <summary>
/// The answer to one statement: named, typed columns and rows of values. Values are .NET objects:
/// <see cref="long"/> for integers, <see cref="double"/>, <see cref="decimal"/>, <see cref="string"/>,
/// <see cref="bool"/>, <see cref="DateOnly"/>, <see cref="DateTime"/>, <see cref="string"/>[] for tags, and null for NULL.
/// A statement that returns no rows (CREATE, INSERT, ...) has no columns and says what it did in <see cref="Message"/>.
/// </summary>
public sealed class QueryResult
{
    private readonly List<object?[]> _rows;

    internal QueryResult(IReadOnlyList<ResultColumn> columns, List<object?[]> rows, string? message = null, long affectedRows = 0)
    {
        Columns = columns;
        _rows = rows;
        Message = message;
        AffectedRows = affectedRows;
    }

    internal static QueryResult Statement(string message, long affectedRows = 0) => new([], [], message, affectedRows);

    /// <summary>The result's columns, in order.</summary>
    public IReadOnlyList<ResultColumn> Columns { get; }

    /// <summary>How many rows the result holds.</summary>
    public int RowCount => _rows.Count;

    /// <summary>What a statement without rows did ("inserted 3 rows"); null for queries.</summary>
    public string? Message { get; }

    /// <summary>Rows inserted, updated, deleted or imported by a data statement; 0 for queries.</summary>
    public long AffectedRows { get; }

    /// <summary>The rows, each an array with one value per column.</summary>
    public IReadOnlyList<object?[]> Rows => _rows;

    /// <summary>The value at <paramref name="row"/>, <paramref name="column"/>; null for SQL NULL.</summary>
    public object? this[int row, int column] => _rows[row][column];

    /// <summary>The value at <paramref name="row"/> in the column named <paramref name="column"/> (case-insensitive).</summary>
    public object? this[int row, string column] => _rows[row][Ordinal(column)];

    /// <summary>The position of the column named <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="PortraitDbException">No column has that name.</exception>
    public int Ordinal(string name)
    {
        for (int column = 0; column < Columns.Count; column++)
        {
            if (string.Equals(Columns[column].Name, name, StringComparison.OrdinalIgnoreCase))
                return column;
        }
        throw new PortraitDbException(PortraitDbErrorKind.Binding, $"The result has no column '{name}'.");
    }

    /// <summary>True when the value at <paramref name="row"/>, <paramref name="column"/> is NULL.</summary>
    public bool IsNull(int row, int column) => _rows[row][column] is null;

    /// <summary>The integer at <paramref name="row"/>, <paramref name="column"/>.</summary>
    public long GetInt64(int row, int column) => Convert.ToInt64(_rows[row][column], CultureInfo.InvariantCulture);

    /// <summary>The number at <paramref name="row"/>, <paramref name="column"/> as a double.</summary>
    public double GetDouble(int row, int column) => Convert.ToDouble(_rows[row][column], CultureInfo.InvariantCulture);

    /// <summary>The value at <paramref name="row"/>, <paramref name="column"/> as text (see <see cref="FormatValue"/>).</summary>
    public string GetString(int row, int column) => FormatValue(_rows[row][column]);

    /// <summary>The single value of a one-row, one-column result (a count, a sum).</summary>
    /// <exception cref="PortraitDbException">The result is not exactly one row of one column.</exception>
    public object? Scalar() => RowCount == 1 && Columns.Count == 1
        ? _rows[0][0]
        : throw new PortraitDbException(PortraitDbErrorKind.NotSupported, $"The result has {RowCount} rows of {Columns.Count} columns, not one value.");

    /// <summary>A value as the CLI and <see cref="ToString"/> show it: NULL, invariant numbers, ISO dates, tags joined by '|'.</summary>
    public static string FormatValue(object? value) => value switch
    {
        null => "NULL",
        string text => text,
        bool flag => flag ? "true" : "false",
        double real => real.ToString("R", CultureInfo.InvariantCulture),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime timestamp => timestamp.ToString(timestamp.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture),
        string[] tags => string.Join('|', tags),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>The result as an aligned text table (or the message of a statement).</summary>
    public override string ToString()
    {
        if (Columns.Count == 0)
            return Message ?? "";
        var cells = new string[_rows.Count + 1][];
        cells[0] = [.. Columns.Select(column => column.Name)];
        for (int row = 0; row < _rows.Count; row++)
            cells[row + 1] = [.. _rows[row].Select(FormatValue)];
        var widths = new int[Columns.Count];
        foreach (var line in cells)
        {
            for (int column = 0; column < widths.Length; column++)
                widths[column] = Math.Max(widths[column], line[column].Length);
        }
        var text = new StringBuilder();
        foreach (var line in cells)
        {
            for (int column = 0; column < widths.Length; column++)
            {
                if (column > 0)
                    text.Append(" | ");
                bool rightAligned = Columns[column].Type.IsNumeric && !ReferenceEquals(line, cells[0]);
                text.Append(rightAligned ? line[column].PadLeft(widths[column]) : line[column].PadRight(widths[column]));
            }
            text.AppendLine();
        }
        return text.ToString();
    }
}
