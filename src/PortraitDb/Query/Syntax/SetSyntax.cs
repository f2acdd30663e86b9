using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary><c>SET name = value</c> (or <c>SET name TO value</c>): changes a database setting.</summary>
internal sealed class SetSyntax(IdentifierSyntax name, OptionValueSyntax value, TextSpan span) : StatementSyntax(span)
{
    /// <summary>The setting's name, as written.</summary>
    public IdentifierSyntax Name { get; } = name;

    /// <summary>The new value: a literal or a name.</summary>
    public OptionValueSyntax Value { get; } = value;

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) => other is SetSyntax set && Name.IsEquivalentTo(set.Name) && Value.IsEquivalentTo(set.Value);

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder) => builder.Append("SET ").AppendNode(Name).Append(" = ").AppendNode(Value);
}
