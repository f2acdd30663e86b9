using System.Globalization;
using System.Text.RegularExpressions;

namespace PortraitDb.Tests.Query.Differential;

/// <summary>Comparison operators of the generated predicates (column on the left).</summary>
public enum CompareOp
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

/// <summary>
/// SQL semantics on plain .NET values, written for the naive evaluator: three-valued logic with null for
/// UNKNOWN, numbers compared exactly (as decimals) unless a DOUBLE is involved (then as doubles, as DuckDB casts),
/// strings by code unit, and the text of literals.
/// </summary>
internal static class SqlSemantics
{
    public static bool? And(bool? left, bool? right) =>
        left == false || right == false ? false : left is null || right is null ? null : true;

    public static bool? Or(bool? left, bool? right) =>
        left == true || right == true ? true : left is null || right is null ? null : false;

    public static bool? Not(bool? value) => value is null ? null : !value.Value;

    /// <summary><paramref name="left"/> <paramref name="op"/> <paramref name="right"/>; UNKNOWN when either is NULL.</summary>
    public static bool? Compare(object? left, CompareOp op, object? right)
    {
        if (left is null || right is null)
            return null;
        int comparison = Compare(left, right);
        return op switch
        {
            CompareOp.Equal => comparison == 0,
            CompareOp.NotEqual => comparison != 0,
            CompareOp.Less => comparison < 0,
            CompareOp.LessOrEqual => comparison <= 0,
            CompareOp.Greater => comparison > 0,
            _ => comparison >= 0,
        };
    }

    /// <summary>The order of two non-null values of comparable types.</summary>
    public static int Compare(object left, object right) => (left, right) switch
    {
        (string a, string b) => Math.Sign(string.CompareOrdinal(a, b)),
        (bool a, bool b) => a.CompareTo(b),
        (DateOnly a, DateOnly b) => a.CompareTo(b),
        _ when left is double || right is double => ToDouble(left).CompareTo(ToDouble(right)),
        _ => ToDecimal(left).CompareTo(ToDecimal(right)),
    };

    public static double ToDouble(object value) => value switch
    {
        double real => real,
        decimal exact => (double)exact,
        int integer => integer,
        long integer => integer,
        _ => throw new ArgumentException($"not a number: {value}", nameof(value)),
    };

    public static decimal ToDecimal(object value) => value switch
    {
        decimal exact => exact,
        int integer => integer,
        long integer => integer,
        _ => throw new ArgumentException($"not an exact number: {value}", nameof(value)),
    };

    /// <summary>A TAGS value as a set: distinct, in ordinal order.</summary>
    public static string[] TagSet(object value) => [.. ((string[])value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>SQL LIKE: <c>%</c> any run, <c>_</c> one character, everything else literal and case-sensitive.</summary>
    public static bool Like(string text, string pattern)
    {
        string expression = "^" + string.Concat(pattern.Select(character => character switch
        {
            '%' => ".*",
            '_' => ".",
            _ => Regex.Escape(character.ToString()),
        })) + "$";
        return Regex.IsMatch(text, expression, RegexOptions.Singleline | RegexOptions.CultureInvariant);
    }

    /// <summary>The value as a host object the engine hands back: integers widen to long, tags become a set.</summary>
    public static object? Normalize(object? value) => value switch
    {
        int integer => (long)integer,
        string[] tags => TagSet(tags),
        _ => value,
    };

    /// <summary>A text that two values share exactly when SQL calls them equal (for DISTINCT and GROUP BY).</summary>
    public static string Canonical(object? value) => value switch
    {
        null => "NULL",
        string text => "s:" + text,
        bool flag => flag ? "b:1" : "b:0",
        int or long or decimal => "n:" + ToDecimal(value).ToString("0.############################", CultureInfo.InvariantCulture),
        double real => "d:" + (real == 0 ? "0" : real.ToString("R", CultureInfo.InvariantCulture)),
        DateOnly date => "t:" + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        string[] tags => "g:" + string.Join('\u0001', TagSet(tags)),
        _ => throw new ArgumentException($"unexpected value {value}", nameof(value)),
    };

    /// <summary>A literal's SQL text; a date is written <c>DATE '...'</c>, or as a plain string when <paramref name="plainDate"/>.</summary>
    public static string Literal(object? value, bool plainDate = false) => value switch
    {
        null => "NULL",
        string text => $"'{text.Replace("'", "''", StringComparison.Ordinal)}'",
        bool flag => flag ? "TRUE" : "FALSE",
        int integer => integer.ToString(CultureInfo.InvariantCulture),
        long integer => integer.ToString(CultureInfo.InvariantCulture),
        decimal exact => exact.ToString(CultureInfo.InvariantCulture),
        // Generated doubles have at most 15 significant digits, so this text reads back as the same double.
        double real => real.ToString("0.###############", CultureInfo.InvariantCulture),
        DateOnly date => (plainDate ? "'" : "DATE '") + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "'",
        string[] tags => Literal(string.Join('|', tags)),
        _ => throw new ArgumentException($"unexpected literal {value}", nameof(value)),
    };

    /// <summary>A row's values as SQL literals, comma-separated.</summary>
    public static string Literals(IEnumerable<object?> values) => string.Join(", ", values.Select(value => Literal(value)));

    public static string Symbol(CompareOp op) => op switch
    {
        CompareOp.Equal => "=",
        CompareOp.NotEqual => "<>",
        CompareOp.Less => "<",
        CompareOp.LessOrEqual => "<=",
        CompareOp.Greater => ">",
        _ => ">=",
    };

    /// <summary>The operator that keeps the meaning when the operands swap sides.</summary>
    public static CompareOp Mirror(CompareOp op) => op switch
    {
        CompareOp.Less => CompareOp.Greater,
        CompareOp.LessOrEqual => CompareOp.GreaterOrEqual,
        CompareOp.Greater => CompareOp.Less,
        CompareOp.GreaterOrEqual => CompareOp.LessOrEqual,
        _ => op,
    };
}
