using System.Globalization;
using System.Text;
using PortraitDb.Storage;

namespace PortraitDb.Query.Syntax;

/// <summary>
/// A type as written in CREATE TABLE, CAST, <c>::</c> and import options: <c>INT</c>, <c>DECIMAL(12, 2)</c>,
/// <c>VARCHAR(20)</c>. The parser resolves it when it reads it (<see cref="Type"/>), so an unknown name is a syntax
/// error with a suggestion.
/// </summary>
internal sealed class TypeNameSyntax : SyntaxNode
{
    /// <summary>The default DECIMAL precision and scale when none is given (as in DuckDB).</summary>
    public const int DefaultDecimalPrecision = 18;

    /// <summary>The default DECIMAL scale when none is given.</summary>
    public const int DefaultDecimalScale = 3;

    private static readonly Dictionary<string, ColumnKind> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["INT"] = ColumnKind.Int32,
        ["INTEGER"] = ColumnKind.Int32,
        ["INT4"] = ColumnKind.Int32,
        ["INT32"] = ColumnKind.Int32,
        ["SMALLINT"] = ColumnKind.Int32,
        ["TINYINT"] = ColumnKind.Int32,
        ["BIGINT"] = ColumnKind.Int64,
        ["INT8"] = ColumnKind.Int64,
        ["INT64"] = ColumnKind.Int64,
        ["LONG"] = ColumnKind.Int64,
        ["DOUBLE"] = ColumnKind.Double,
        ["FLOAT"] = ColumnKind.Double,
        ["FLOAT8"] = ColumnKind.Double,
        ["REAL"] = ColumnKind.Double,
        ["DECIMAL"] = ColumnKind.Decimal,
        ["NUMERIC"] = ColumnKind.Decimal,
        ["DATE"] = ColumnKind.Date,
        ["TIMESTAMP"] = ColumnKind.Timestamp,
        ["DATETIME"] = ColumnKind.Timestamp,
        ["TEXT"] = ColumnKind.Text,
        ["VARCHAR"] = ColumnKind.Text,
        ["STRING"] = ColumnKind.Text,
        ["CATEGORY"] = ColumnKind.Category,
        ["BOOL"] = ColumnKind.Bool,
        ["BOOLEAN"] = ColumnKind.Bool,
        ["TAGS"] = ColumnKind.Tags,
    };

    /// <summary>Creates a type name; <paramref name="type"/> is what it resolved to (see <see cref="Resolve"/>).</summary>
    public TypeNameSyntax(string name, int? precision, int? scale, ColumnType type, TextSpan span)
        : base(span)
    {
        Name = name;
        Precision = precision;
        Scale = scale;
        Type = type;
    }

    /// <summary>Every type name the language knows, upper case.</summary>
    public static IReadOnlyCollection<string> KnownNames => Kinds.Keys;

    /// <summary>The name as written (DOUBLE PRECISION is kept as DOUBLE).</summary>
    public string Name { get; }

    /// <summary>The first number in parentheses, if any (DECIMAL precision, VARCHAR length).</summary>
    public int? Precision { get; }

    /// <summary>The second number in parentheses, if any (DECIMAL scale).</summary>
    public int? Scale { get; }

    /// <summary>The storage type.</summary>
    public ColumnType Type { get; }

    /// <summary>
    /// The column type <paramref name="name"/>(<paramref name="precision"/>, <paramref name="scale"/>) names, or an
    /// error message (with a suggestion for a misspelt name) in <paramref name="error"/>.
    /// </summary>
    public static bool TryResolve(string name, int? precision, int? scale, out ColumnType type, out string? error)
    {
        type = default;
        if (!Kinds.TryGetValue(name, out var kind))
        {
            string? suggestion = Suggestions.Closest(name, Kinds.Keys);
            error = $"unknown type '{name}'" + (suggestion is null ? $"; the types are {TypeList}" : $"; did you mean '{suggestion}'?");
            return false;
        }
        string upper = name.ToUpperInvariant();
        if (kind == ColumnKind.Decimal)
        {
            int p = precision ?? DefaultDecimalPrecision;
            int s = scale ?? (precision is null ? DefaultDecimalScale : 0);
            if (p is < 1 or > ColumnType.MaxDecimalPrecision)
            {
                error = $"{upper} precision must be between 1 and {ColumnType.MaxDecimalPrecision}, not {p.ToString(CultureInfo.InvariantCulture)}";
                return false;
            }
            if (s < 0 || s > p)
            {
                error = $"{upper} scale must be between 0 and the precision ({p.ToString(CultureInfo.InvariantCulture)}), not {s.ToString(CultureInfo.InvariantCulture)}";
                return false;
            }
            type = ColumnType.Decimal(p, s);
            error = null;
            return true;
        }
        if (upper == "VARCHAR" ? scale is not null : precision is not null)
        {
            error = upper == "VARCHAR" ? "VARCHAR takes at most one number, its length (which is not enforced)" : $"{upper} takes no parameters";
            return false;
        }
        type = kind switch
        {
            ColumnKind.Int32 => ColumnType.Int32,
            ColumnKind.Int64 => ColumnType.Int64,
            ColumnKind.Double => ColumnType.Double,
            ColumnKind.Date => ColumnType.Date,
            ColumnKind.Timestamp => ColumnType.Timestamp,
            ColumnKind.Text => ColumnType.Text,
            ColumnKind.Category => ColumnType.Category,
            ColumnKind.Bool => ColumnType.Bool,
            _ => ColumnType.Tags,
        };
        error = null;
        return true;
    }

    /// <summary>
    /// The column type a name denotes; for an unknown name or bad parameters, a <see cref="QueryException"/> of kind
    /// Syntax pointing at <paramref name="span"/> of <paramref name="statementText"/>, with a suggestion.
    /// </summary>
    public static ColumnType Resolve(string name, int? precision, int? scale, string? statementText, TextSpan span) =>
        TryResolve(name, precision, scale, out var type, out string? error)
            ? type
            : throw new QueryException(PortraitDbErrorKind.Syntax, error!, statementText, span.Start, span.Length);

    private static string TypeList => "INT, BIGINT, DOUBLE, DECIMAL(p,s), DATE, TIMESTAMP, TEXT, CATEGORY, BOOL and TAGS";

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) =>
        other is TypeNameSyntax typeName && SyntaxEquality.SameName(typeName.Name, Name) && typeName.Precision == Precision && typeName.Scale == Scale;

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder)
    {
        builder.Append(Name.ToUpperInvariant());
        if (Precision is { } precision)
        {
            builder.Append('(').Append(precision.ToString(CultureInfo.InvariantCulture));
            if (Scale is { } scale)
                builder.Append(", ").Append(scale.ToString(CultureInfo.InvariantCulture));
            builder.Append(')');
        }
    }
}
