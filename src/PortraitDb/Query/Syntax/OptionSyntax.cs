using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary>
/// One option of a <c>WITH (name = value, ...)</c> clause (IMPORT today; EXPORT and others later). The name is kept
/// as written, any word (even a reserved one such as <c>null</c>); the statement's binder says which names it takes.
/// The <c>=</c> is optional.
/// </summary>
internal sealed class OptionSyntax(IdentifierSyntax name, OptionValueSyntax value, TextSpan span) : SyntaxNode(span)
{
    /// <summary>The option's name.</summary>
    public IdentifierSyntax Name { get; } = name;

    /// <summary>The option's value.</summary>
    public OptionValueSyntax Value { get; } = value;

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) =>
        other is OptionSyntax option && Name.IsEquivalentTo(option.Name) && Value.IsEquivalentTo(option.Value);

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder)
    {
        // Any word is an option name, so reserved words need no quotes here.
        string name = Name.Name;
        builder.Append(SyntaxFacts.IsPlainWord(name) ? name : SyntaxFacts.QuoteIdentifier(name, always: true)).Append(" = ").AppendNode(Value);
    }
}
