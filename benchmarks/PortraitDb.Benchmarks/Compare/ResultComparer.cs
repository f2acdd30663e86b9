using System.Globalization;
using PortraitDb.Query;

namespace PortraitDb.Benchmarks.Compare;

/// <summary>
/// Compares two normalised answers row by row: integers, strings, booleans, dates and NULLs exactly; a
/// <see cref="double"/> against any number to a relative 1e-9 (or equal after rounding to 6 decimals); two
/// <see cref="decimal"/>s, or a decimal and an integer, exactly. Column names are not compared (engines name
/// unaliased expressions differently).
/// </summary>
internal static class ResultComparer
{
    private const double RelativeTolerance = 1e-9;
    private const int RoundedDecimals = 6;

    /// <summary>Null when <paramref name="left"/> and <paramref name="right"/> hold the same answer; otherwise the first difference, in words.</summary>
    public static string? Difference(ResultRows left, ResultRows right)
    {
        if (left.ColumnCount != right.ColumnCount)
            return $"{left.ColumnCount} vs {right.ColumnCount} columns";
        int rows = Math.Min(left.Rows.Count, right.Rows.Count);
        for (int row = 0; row < rows; row++)
        {
            for (int column = 0; column < left.ColumnCount; column++)
            {
                object? a = left.Rows[row][column];
                object? b = right.Rows[row][column];
                if (!Same(a, b))
                    return $"row {row + 1}, column {column + 1}: {Show(a)} vs {Show(b)}";
            }
        }
        return left.Rows.Count != right.Rows.Count ? $"{left.Rows.Count:N0} vs {right.Rows.Count:N0} rows (the first {rows:N0} agree)" : null;
    }

    /// <summary>True when two normalised values are the same answer.</summary>
    public static bool Same(object? a, object? b)
    {
        if (a is null || b is null)
            return a is null && b is null;
        if (IsNumber(a) && IsNumber(b))
            return SameNumber(a, b);
        if (a is string[] left && b is string[] right)
            return left.AsSpan().SequenceEqual(right);
        return a.Equals(b);
    }

    private static bool IsNumber(object value) => value is long or double or decimal;

    private static bool SameNumber(object a, object b)
    {
        if (a is double || b is double)
        {
            double x = Convert.ToDouble(a, CultureInfo.InvariantCulture);
            double y = Convert.ToDouble(b, CultureInfo.InvariantCulture);
            if (x == y || (double.IsNaN(x) && double.IsNaN(y)))
                return true;
            double scale = Math.Max(Math.Abs(x), Math.Abs(y));
            return Math.Abs(x - y) <= RelativeTolerance * scale || Math.Round(x, RoundedDecimals) == Math.Round(y, RoundedDecimals);
        }
        return Convert.ToDecimal(a, CultureInfo.InvariantCulture) == Convert.ToDecimal(b, CultureInfo.InvariantCulture);
    }

    private static string Show(object? value) => value switch
    {
        null => "NULL",
        string text => "'" + text + "'",
        _ => $"{QueryResult.FormatValue(value)} ({value.GetType().Name})",
    };
}
