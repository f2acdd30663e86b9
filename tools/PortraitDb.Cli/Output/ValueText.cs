using System.Globalization;
using PortraitDb.Query;
using PortraitDb.Storage;

namespace PortraitDb.Cli.Output;

/// <summary>Values as text: for people (thousands separators) and for tools (invariant, round-trippable).</summary>
internal static class ValueText
{
    private const double LargestPlainDouble = 1e15;
    private const double SmallestPlainDouble = 1e-4;

    /// <summary>True for the kinds printed right-aligned (numbers; dates read fine either way and stay left).</summary>
    public static bool IsNumber(ColumnType type) => type.Kind is ColumnKind.Int32 or ColumnKind.Int64 or ColumnKind.Double or ColumnKind.Decimal;

    /// <summary>A value for a person: <c>1,234,567</c>, <c>3,141.50</c> (a decimal shows its column's scale), <c>0.123457</c>.</summary>
    public static string ForDisplay(object? value, ColumnType type) => value switch
    {
        long integer => integer.ToString("N0", CultureInfo.InvariantCulture),
        int integer => integer.ToString("N0", CultureInfo.InvariantCulture),
        decimal number => number.ToString("N" + Scale(number, type).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
        double real when !double.IsFinite(real) => QueryResult.FormatValue(real),
        double real when real != 0 && (Math.Abs(real) >= LargestPlainDouble || Math.Abs(real) < SmallestPlainDouble) => real.ToString("G6", CultureInfo.InvariantCulture),
        double real => real.ToString("#,##0.######", CultureInfo.InvariantCulture),
        _ => QueryResult.FormatValue(value),
    };

    /// <summary>A value for a tool: invariant culture, no separators, full precision (as <see cref="QueryResult.FormatValue"/>; a decimal with its column's scale).</summary>
    public static string ForData(object? value, ColumnType type) => value is decimal number
        ? number.ToString("F" + Scale(number, type).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)
        : QueryResult.FormatValue(value);

    /// <summary>Digits after the point: the column's scale for a DECIMAL column, else the value's own.</summary>
    private static int Scale(decimal number, ColumnType type) => type.Kind == ColumnKind.Decimal ? type.Scale : number.Scale;
}
