using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace PortraitDb.Tests.Query.DuckDb;

/// <summary>
/// Compares two results row by row, in order: the same number of rows and columns; integers exactly; a real (or an
/// integer against a real) to a relative 1e-9, or equal once both are rounded to 6 decimals; dates and timestamps as
/// instants (a DATE equals the TIMESTAMP at its midnight); text and booleans exactly; tags and lists joined by '|';
/// NULL only equal to NULL. Column names and exact types are not compared: the engines name and type results
/// differently (COUNT(*) is <c>count_star()</c> in DuckDB, SUM of an INTEGER is a HUGEINT).
/// </summary>
internal static class ResultComparison
{
    private const double RelativeTolerance = 1e-9;
    private const int RoundingDigits = 6;
    private const int RowsShown = 25;

    /// <summary>Null when the results agree, else where they first differ.</summary>
    public static string? Difference(IReadOnlyList<object?[]> portrait, IReadOnlyList<object?[]> duck)
    {
        if (portrait.Count != duck.Count)
            return $"PortraitDb gives {portrait.Count} rows, DuckDB {duck.Count}";
        for (int row = 0; row < portrait.Count; row++)
        {
            if (portrait[row].Length != duck[row].Length)
                return $"PortraitDb gives {portrait[row].Length} columns, DuckDB {duck[row].Length}";
            for (int column = 0; column < portrait[row].Length; column++)
            {
                object? mine = Normalise(portrait[row][column]);
                object? theirs = Normalise(duck[row][column]);
                if (!Same(mine, theirs))
                    return $"row {row + 1}, column {column + 1}: PortraitDb {Describe(mine)}, DuckDB {Describe(theirs)}";
            }
        }
        return null;
    }

    /// <summary>The first rows of a result, one per line, values separated by " | ".</summary>
    public static string Format(IReadOnlyList<object?[]> rows)
    {
        var text = new StringBuilder();
        foreach (var row in rows.Take(RowsShown))
            text.Append("    ").AppendJoin(" | ", row.Select(value => Describe(Normalise(value)))).AppendLine();
        if (rows.Count > RowsShown)
            text.Append(CultureInfo.InvariantCulture, $"    ... {rows.Count - RowsShown} more rows").AppendLine();
        if (rows.Count == 0)
            text.AppendLine("    (no rows)");
        return text.ToString();
    }

    /// <summary>
    /// A value in one of a few comparable forms: null, <see cref="BigInteger"/> for every integer type,
    /// <see cref="double"/> or <see cref="decimal"/> for reals, <see cref="DateTime"/> for dates and timestamps,
    /// <see cref="string"/> (tags and lists joined by '|'), or <see cref="bool"/>.
    /// </summary>
    private static object? Normalise(object? value) => value switch
    {
        null or DBNull => null,
        sbyte or byte or short or ushort or int or uint or long => new BigInteger(Convert.ToInt64(value, CultureInfo.InvariantCulture)),
        ulong unsigned => new BigInteger(unsigned),
        BigInteger integer => integer,
        float single => (double)single,
        double or decimal => value,
        DateOnly date => date.ToDateTime(TimeOnly.MinValue),
        DateTime timestamp => timestamp,
        string text => text,
        bool flag => flag,
        string[] tags => string.Join('|', tags),
        IEnumerable list => string.Join('|', list.Cast<object?>().Select(item => Normalise(item) is string text ? text : Describe(Normalise(item)))),
        _ => value,
    };

    private static bool Same(object? mine, object? theirs)
    {
        if (mine is null || theirs is null)
            return mine is null && theirs is null;
        if (mine is BigInteger left && theirs is BigInteger right)
            return left == right;
        if (IsNumber(mine) && IsNumber(theirs))
        {
            if (mine is decimal exactLeft && theirs is decimal exactRight && exactLeft == exactRight)
                return true;
            double a = ToDouble(mine);
            double b = ToDouble(theirs);
            if (a == b)
                return true;
            if (Math.Abs(a - b) <= RelativeTolerance * Math.Max(Math.Abs(a), Math.Abs(b)))
                return true;
            return Math.Round(a, RoundingDigits, MidpointRounding.AwayFromZero) == Math.Round(b, RoundingDigits, MidpointRounding.AwayFromZero);
        }
        return mine.GetType() == theirs.GetType() && mine.Equals(theirs);
    }

    private static bool IsNumber(object value) => value is BigInteger or double or decimal;

    private static double ToDouble(object value) => value switch
    {
        BigInteger integer => (double)integer,
        decimal exact => (double)exact,
        _ => (double)value,
    };

    private static string Describe(object? value) => value switch
    {
        null => "NULL",
        string text => $"'{text}'",
        double real => real.ToString("R", CultureInfo.InvariantCulture),
        DateTime timestamp => timestamp.ToString(timestamp.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => $"{value} ({value.GetType().Name})",
    };
}
