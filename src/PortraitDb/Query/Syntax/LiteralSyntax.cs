using System.Globalization;
using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary>What a <see cref="LiteralSyntax"/> holds.</summary>
internal enum LiteralKind
{
    /// <summary><c>NULL</c>.</summary>
    Null,

    /// <summary><c>TRUE</c> or <c>FALSE</c>.</summary>
    Boolean,

    /// <summary>An integer that fits 64 bits (<see cref="LiteralSyntax.IntegerValue"/>).</summary>
    Integer,

    /// <summary>Any other number: a fraction, an exponent, or an integer beyond 64 bits (<see cref="LiteralSyntax.NumberText"/>).</summary>
    Number,

    /// <summary>A string (<see cref="LiteralSyntax.StringValue"/>).</summary>
    String,
}

/// <summary>
/// A constant: NULL, TRUE/FALSE, an integer, another number, or a string. A minus sign directly before a number is
/// folded into it (<c>-5</c> is the literal -5, so <c>-9223372036854775808</c> is an <see cref="LiteralKind.Integer"/>).
/// Numbers keep their text so the binder can choose DECIMAL or DOUBLE; both values are given where representable.
/// </summary>
internal sealed class LiteralSyntax : ExpressionSyntax
{
    private LiteralSyntax(LiteralKind kind, TextSpan span, bool booleanValue = false, long integerValue = 0, string? text = null, double doubleValue = 0, decimal? decimalValue = null)
        : base(span)
    {
        Kind = kind;
        BooleanValue = booleanValue;
        IntegerValue = integerValue;
        Text = text;
        DoubleValue = doubleValue;
        DecimalValue = decimalValue;
    }

    /// <summary>What the literal holds.</summary>
    public LiteralKind Kind { get; }

    /// <summary>The value of a <see cref="LiteralKind.Boolean"/>.</summary>
    public bool BooleanValue { get; }

    /// <summary>The value of an <see cref="LiteralKind.Integer"/>.</summary>
    public long IntegerValue { get; }

    /// <summary>The value of a <see cref="LiteralKind.String"/> (quotes removed, '' made one quote); null otherwise.</summary>
    public string? StringValue => Kind == LiteralKind.String ? Text : null;

    /// <summary>A number as written (with the folded '-'), e.g. <c>0.9</c>, <c>1e3</c>, <c>-2.50</c>; integers print their value.</summary>
    public string NumberText => Kind switch
    {
        LiteralKind.Integer => SyntaxFacts.FormatInteger(IntegerValue),
        LiteralKind.Number => Text!,
        _ => "",
    };

    /// <summary>A number's value as a double (integers too).</summary>
    public double DoubleValue { get; }

    /// <summary>A number's exact value as a decimal, or null when it does not fit one (integers too).</summary>
    public decimal? DecimalValue { get; }

    /// <summary>True for a number written without a fraction or exponent, including one too large for 64 bits.</summary>
    public bool IsInteger => Kind == LiteralKind.Integer
        || (Kind == LiteralKind.Number && !Text!.AsSpan().TrimStart('-').ContainsAnyExcept("0123456789"));

    /// <summary>True for a number (integer or not).</summary>
    public bool IsNumber => Kind is LiteralKind.Integer or LiteralKind.Number;

    /// <summary>The value as an object: null, bool, long, decimal (or double when it does not fit a decimal), string.</summary>
    public object? Value => Kind switch
    {
        LiteralKind.Boolean => BooleanValue,
        LiteralKind.Integer => IntegerValue,
        LiteralKind.Number => DecimalValue is { } exact ? exact : DoubleValue,
        LiteralKind.String => Text,
        _ => null,
    };

    private string? Text { get; }

    /// <inheritdoc/>
    public override Precedence Precedence => IsNumber && NumberText.StartsWith('-') ? Precedence.Unary : Precedence.Primary;

    /// <inheritdoc/>
    public override int Depth => 1;

    /// <summary>NULL.</summary>
    public static LiteralSyntax Null(TextSpan span) => new(LiteralKind.Null, span);

    /// <summary>TRUE or FALSE.</summary>
    public static LiteralSyntax Boolean(bool value, TextSpan span) => new(LiteralKind.Boolean, span, booleanValue: value);

    /// <summary>An integer.</summary>
    public static LiteralSyntax Integer(long value, TextSpan span) => new(LiteralKind.Integer, span, integerValue: value, doubleValue: value, decimalValue: value);

    /// <summary>A string.</summary>
    public static LiteralSyntax String(string value, TextSpan span) => new(LiteralKind.String, span, text: value);

    /// <summary>
    /// A number from its text (digits, optional '-', '.', exponent): an <see cref="LiteralKind.Integer"/> when it is
    /// one that fits 64 bits, otherwise a <see cref="LiteralKind.Number"/>.
    /// </summary>
    /// <exception cref="FormatException">The text is not a finite number.</exception>
    public static LiteralSyntax Number(string text, TextSpan span)
    {
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long integer))
            return Integer(integer, span);
        double value = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (!double.IsFinite(value))
            throw new FormatException($"The number {text} is out of range.");
        decimal? exact = decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal parsed) ? parsed : null;
        return new LiteralSyntax(LiteralKind.Number, span, text: text, doubleValue: value, decimalValue: exact);
    }

    /// <summary>The number with its sign flipped, spanning <paramref name="span"/>.</summary>
    public LiteralSyntax Negate(TextSpan span)
    {
        string text = NumberText;
        return Number(text.StartsWith('-') ? text[1..] : "-" + text, span);
    }

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) => other is LiteralSyntax literal && literal.Kind == Kind && Kind switch
    {
        LiteralKind.Boolean => BooleanValue == literal.BooleanValue,
        LiteralKind.Integer => IntegerValue == literal.IntegerValue,
        LiteralKind.Number => string.Equals(Text, literal.Text, StringComparison.OrdinalIgnoreCase),
        LiteralKind.String => string.Equals(Text, literal.Text, StringComparison.Ordinal),
        _ => true,
    };

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder) => builder.Append(Kind switch
    {
        LiteralKind.Null => "NULL",
        LiteralKind.Boolean => BooleanValue ? "TRUE" : "FALSE",
        LiteralKind.String => SyntaxFacts.QuoteString(Text!),
        _ => NumberText,
    });
}
