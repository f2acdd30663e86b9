using System.Text;
using PortraitDb.Storage;

namespace PortraitDb.Query.Syntax;

/// <summary><c>DATE '2026-01-31'</c> or <c>TIMESTAMP '2026-01-31 10:00:00'</c>: a type name and the text of the value (the binder parses it).</summary>
internal sealed class TypedLiteralSyntax(ColumnType type, string value, TextSpan valueSpan, TextSpan span) : ExpressionSyntax(span)
{
    /// <summary><see cref="ColumnType.Date"/> or <see cref="ColumnType.Timestamp"/>.</summary>
    public ColumnType Type { get; } = type;

    /// <summary>The value as written between the quotes.</summary>
    public string Value { get; } = value;

    /// <summary>The span of the quoted value (for errors about its format).</summary>
    public TextSpan ValueSpan { get; } = valueSpan;

    /// <inheritdoc/>
    public override int Depth => 1;

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) =>
        other is TypedLiteralSyntax literal && literal.Type == Type && string.Equals(literal.Value, Value, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder) => builder.Append(Type.ToString()).Append(' ').Append(SyntaxFacts.QuoteString(Value));
}
