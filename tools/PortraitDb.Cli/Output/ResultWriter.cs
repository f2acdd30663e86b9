using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using PortraitDb.Query;
using Spectre.Console;
using Spectre.Console.Rendering;
using ColumnType = PortraitDb.Storage.ColumnType;

namespace PortraitDb.Cli.Output;

/// <summary>
/// Prints result rows in an <see cref="OutputMode"/>: Spectre tables and bar charts for people (at most
/// <see cref="MaxDisplayedRows"/> rows), CSV and JSON for tools (every row, invariant values, straight to the
/// output's writer so nothing is wrapped or coloured).
/// </summary>
internal static class ResultWriter
{
    /// <summary>The most rows a table or chart shows; CSV and JSON print all.</summary>
    public const int MaxDisplayedRows = 1000;

    /// <summary>The most bars a chart shows.</summary>
    public const int MaxBars = 60;

    private const int MaxChartWidth = 100;
    private static readonly Style HeaderStyle = new(decoration: Decoration.Bold);
    private static readonly Style NullStyle = new(Color.Grey);
    private static readonly Style BorderStyle = new(Color.Grey42);
    private static readonly Color BarColor = Color.SteelBlue1;
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes the rows; returns how many were shown (fewer than there are when a table or chart is cut).</summary>
    public static int Write(IAnsiConsole console, OutputMode mode, IReadOnlyList<ResultColumn> columns, IReadOnlyList<object?[]> rows)
    {
        switch (mode)
        {
            case OutputMode.Csv:
                WriteCsv(console.Profile.Out.Writer, columns, rows);
                return rows.Count;
            case OutputMode.Json:
                WriteJson(console.Profile.Out.Writer, columns, rows);
                return rows.Count;
            case OutputMode.Chart when ChartColumns(columns) is { } chart:
                return WriteChart(console, columns, rows, chart.Label, chart.Value);
            case OutputMode.Chart:
                console.Write(new Text("(.mode chart draws a label column and a number column; this result is shown as a table)\n", NullStyle));
                return WriteTable(console, columns, rows);
            default:
                return WriteTable(console, columns, rows);
        }
    }

    /// <summary>The line under a table or chart: row count, rows not shown, elapsed time.</summary>
    public static string Footer(int rowCount, int shown, TimeSpan? elapsed)
    {
        var footer = new StringBuilder();
        footer.Append(shown < rowCount
            ? $"{rowCount:N0} rows, first {shown:N0} shown (LIMIT them, or .mode csv with .output FILE for all)"
            : rowCount == 1 ? "1 row" : $"{rowCount:N0} rows");
        if (elapsed is { } time)
            footer.Append(" in ").Append(FormatElapsed(time));
        return footer.ToString();
    }

    /// <summary>A duration as a person reads it: 0.42 ms, 12.3 ms, 1.23 s.</summary>
    public static string FormatElapsed(TimeSpan elapsed) => elapsed.TotalMilliseconds switch
    {
        < 1 => $"{elapsed.TotalMilliseconds:0.###} ms",
        < 100 => $"{elapsed.TotalMilliseconds:0.0} ms",
        < 1000 => $"{elapsed.TotalMilliseconds:0} ms",
        _ => $"{elapsed.TotalSeconds:0.00} s",
    };

    /// <summary>The label and value columns of a breakdown: the first column, and the first number column after it.</summary>
    public static (int Label, int Value)? ChartColumns(IReadOnlyList<ResultColumn> columns)
    {
        for (int column = 1; column < columns.Count; column++)
        {
            if (ValueText.IsNumber(columns[column].Type))
                return (0, column);
        }
        return null;
    }

    private static int WriteTable(IAnsiConsole console, IReadOnlyList<ResultColumn> columns, IReadOnlyList<object?[]> rows)
    {
        var table = new Table().Border(TableBorder.Rounded).BorderStyle(BorderStyle);
        foreach (var column in columns)
        {
            var header = new TableColumn(new Text(column.Name, HeaderStyle));
            if (ValueText.IsNumber(column.Type))
                header.RightAligned();
            table.AddColumn(header);
        }
        int shown = Math.Min(rows.Count, MaxDisplayedRows);
        var cells = new IRenderable[columns.Count];
        for (int row = 0; row < shown; row++)
        {
            for (int column = 0; column < columns.Count; column++)
            {
                object? value = rows[row][column];
                cells[column] = new Text(ValueText.ForDisplay(value, columns[column].Type), value is null ? NullStyle : Style.Plain);
            }
            table.AddRow(cells);
        }
        console.Write(table);
        return shown;
    }

    private static int WriteChart(IAnsiConsole console, IReadOnlyList<ResultColumn> columns, IReadOnlyList<object?[]> rows, int label, int value)
    {
        int shown = Math.Min(rows.Count, MaxBars);
        bool integral = rows.Take(shown).All(row => row[value] is null or long or int || row[value] is decimal number && number == decimal.Truncate(number));
        var chart = new BarChart()
            .Width(Math.Min(console.Profile.Width, MaxChartWidth))
            .Label($"{columns[value].Name} by {columns[label].Name}")
            .UseValueFormatter((number, _) => number.ToString(integral ? "N0" : "#,##0.##", CultureInfo.InvariantCulture));
        for (int row = 0; row < shown; row++)
            chart.AddItem(ValueText.ForDisplay(rows[row][label], columns[label].Type), rows[row][value] is { } number ? Convert.ToDouble(number, CultureInfo.InvariantCulture) : 0, BarColor);
        console.Write(chart);
        return shown;
    }

    private static void WriteCsv(TextWriter writer, IReadOnlyList<ResultColumn> columns, IReadOnlyList<object?[]> rows)
    {
        var line = new StringBuilder();
        for (int column = 0; column < columns.Count; column++)
            AppendCsvField(line.Append(column > 0 ? "," : ""), columns[column].Name);
        writer.Write(line.Append('\n'));
        foreach (var row in rows)
        {
            line.Clear();
            for (int column = 0; column < row.Length; column++)
            {
                if (column > 0)
                    line.Append(',');
                if (row[column] is { } value)
                    AppendCsvField(line, ValueText.ForData(value, columns[column].Type));
            }
            writer.Write(line.Append('\n'));
        }
        writer.Flush();
    }

    /// <summary>RFC 4180: a field with a comma, quote or line break, or an empty string (NULL is the empty field), is quoted, quotes doubled.</summary>
    private static void AppendCsvField(StringBuilder line, string text)
    {
        if (text.Length > 0 && text.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            line.Append(text);
            return;
        }
        line.Append('"').Append(text.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    private static void WriteJson(TextWriter writer, IReadOnlyList<ResultColumn> columns, IReadOnlyList<object?[]> rows)
    {
        var names = UniqueNames(columns);
        var buffer = new ArrayBufferWriter<byte>();
        using var json = new Utf8JsonWriter(buffer, JsonOptions);
        writer.Write('[');
        for (int row = 0; row < rows.Count; row++)
        {
            buffer.ResetWrittenCount();
            json.Reset(buffer);
            json.WriteStartObject();
            for (int column = 0; column < names.Length; column++)
            {
                json.WritePropertyName(names[column]);
                WriteJsonValue(json, rows[row][column], columns[column].Type);
            }
            json.WriteEndObject();
            json.Flush();
            writer.Write(row == 0 ? "\n" : ",\n");
            writer.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
        }
        writer.Write(rows.Count == 0 ? "]\n" : "\n]\n");
        writer.Flush();
    }

    private static void WriteJsonValue(Utf8JsonWriter json, object? value, ColumnType type)
    {
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case long integer:
                json.WriteNumberValue(integer);
                break;
            case int integer:
                json.WriteNumberValue(integer);
                break;
            case decimal number:
                json.WriteRawValue(ValueText.ForData(number, type));
                break;
            case double real when double.IsFinite(real):
                json.WriteNumberValue(real);
                break;
            case double:
                json.WriteNullValue();
                break;
            case bool flag:
                json.WriteBooleanValue(flag);
                break;
            case DateTime timestamp:
                json.WriteStringValue(timestamp.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture));
                break;
            case string[] tags:
                json.WriteStartArray();
                foreach (string tag in tags)
                    json.WriteStringValue(tag);
                json.WriteEndArray();
                break;
            default:
                json.WriteStringValue(ValueText.ForData(value, type));
                break;
        }
    }

    /// <summary>Column names as object keys; a repeated name gets a suffix (<c>n</c>, <c>n_2</c>) so no key is lost.</summary>
    private static string[] UniqueNames(IReadOnlyList<ResultColumn> columns)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var names = new string[columns.Count];
        for (int column = 0; column < columns.Count; column++)
        {
            string name = columns[column].Name;
            for (int suffix = 2; !seen.Add(name); suffix++)
                name = $"{columns[column].Name}_{suffix}";
            names[column] = name;
        }
        return names;
    }
}
