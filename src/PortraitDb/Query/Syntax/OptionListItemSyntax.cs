using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary>One item of an option list: a name with an optional type (<c>age INT</c>), or a literal (<c>'NA'</c>).</summary>
internal sealed class OptionListItemSyntax : SyntaxNode
{
    /// <summary>A name item, with an optional type.</summary>
    public OptionListItemSyntax(IdentifierSyntax name, TypeNameSyntax? type, TextSpan span)
        : base(span)
    {
        Name = name;
        Type = type;
    }

    /// <summary>A literal item.</summary>
    public OptionListItemSyntax(LiteralSyntax literal)
        : base(literal.Span)
    {
        Literal = literal;
    }

    /// <summary>The name, or null for a literal item.</summary>
    public IdentifierSyntax? Name { get; }

    /// <summary>The type after the name, or null.</summary>
    public TypeNameSyntax? Type { get; }

    /// <summary>The literal, or null for a name item.</summary>
    public LiteralSyntax? Literal { get; }

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) =>
        other is OptionListItemSyntax item && SyntaxEquality.Equivalent(Name, item.Name)
        && SyntaxEquality.Equivalent(Type, item.Type) && SyntaxEquality.Equivalent(Literal, item.Literal);

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder)
    {
        if (Literal is not null)
        {
            builder.AppendNode(Literal);
            return;
        }
        builder.AppendNode(Name!);
        if (Type is not null)
            builder.Append(' ').AppendNode(Type);
    }
}
