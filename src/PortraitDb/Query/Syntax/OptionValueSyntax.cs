using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary>The value of an <see cref="OptionSyntax"/>: a literal, a name, or a list (see <see cref="Kind"/>).</summary>
internal sealed class OptionValueSyntax : SyntaxNode
{
    private OptionValueSyntax(OptionValueKind kind, LiteralSyntax? literal, IdentifierSyntax? name, IReadOnlyList<OptionListItemSyntax> items, TextSpan span)
        : base(span)
    {
        Kind = kind;
        Literal = literal;
        Name = name;
        Items = items;
    }

    /// <summary>Which of <see cref="Literal"/>, <see cref="Name"/>, <see cref="Items"/> is set.</summary>
    public OptionValueKind Kind { get; }

    /// <summary>The literal, for <see cref="OptionValueKind.Literal"/>.</summary>
    public LiteralSyntax? Literal { get; }

    /// <summary>The name, for <see cref="OptionValueKind.Name"/>.</summary>
    public IdentifierSyntax? Name { get; }

    /// <summary>The items, for <see cref="OptionValueKind.List"/> (empty otherwise; a list may be empty).</summary>
    public IReadOnlyList<OptionListItemSyntax> Items { get; }

    /// <summary>A literal value.</summary>
    public static OptionValueSyntax FromLiteral(LiteralSyntax literal) => new(OptionValueKind.Literal, literal, null, [], literal.Span);

    /// <summary>A name value.</summary>
    public static OptionValueSyntax FromName(IdentifierSyntax name) => new(OptionValueKind.Name, null, name, [], name.Span);

    /// <summary>A list value.</summary>
    public static OptionValueSyntax FromList(IReadOnlyList<OptionListItemSyntax> items, TextSpan span) => new(OptionValueKind.List, null, null, items, span);

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) =>
        other is OptionValueSyntax value && value.Kind == Kind && SyntaxEquality.Equivalent(Literal, value.Literal)
        && SyntaxEquality.Equivalent(Name, value.Name) && SyntaxEquality.Equivalent(Items, value.Items);

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder)
    {
        switch (Kind)
        {
            case OptionValueKind.Literal:
                builder.AppendNode(Literal!);
                break;
            case OptionValueKind.Name:
                builder.AppendNode(Name!);
                break;
            default:
                builder.Append('(').AppendList(Items).Append(')');
                break;
        }
    }
}
