using System.Globalization;
using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary>
/// A value supplied at execution: <c>$name</c> (<see cref="Name"/>, bound by name, case-insensitive) or <c>?</c>
/// (<see cref="Position"/>: the n-th <c>?</c> of its statement, counting from 1 in text order).
/// </summary>
internal sealed class ParameterSyntax : ExpressionSyntax
{
    /// <summary>A named parameter.</summary>
    public ParameterSyntax(string name, TextSpan span)
        : base(span)
    {
        Name = name;
    }

    /// <summary>A positional parameter.</summary>
    public ParameterSyntax(int position, TextSpan span)
        : base(span)
    {
        Position = position;
    }

    /// <summary>The name without '$', or null for <c>?</c>.</summary>
    public string? Name { get; }

    /// <summary>The 1-based position of a <c>?</c>, or 0 for a named parameter.</summary>
    public int Position { get; }

    /// <inheritdoc/>
    public override int Depth => 1;

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) =>
        other is ParameterSyntax parameter && parameter.Position == Position && SyntaxEquality.SameName(parameter.Name, Name);

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder)
    {
        if (Name is null)
            builder.Append('?');
        else
            builder.Append('$').Append(Name);
    }

    /// <summary>How a message names the parameter: <c>$city</c> or <c>? #2</c>.</summary>
    public string Describe() => Name is null ? "? #" + Position.ToString(CultureInfo.InvariantCulture) : "$" + Name;
}
