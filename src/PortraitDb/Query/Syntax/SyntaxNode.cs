using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary>
/// A node of the syntax tree. Every node knows the span of text it was parsed from, prints itself as canonical SQL
/// that parses back to an equivalent tree (<see cref="ToString"/>), and compares structurally with
/// <see cref="IsEquivalentTo"/>, which ignores spans, the case of names and keywords, and redundant parentheses.
/// </summary>
internal abstract class SyntaxNode(TextSpan span)
{
    /// <summary>The text this node was parsed from, in the whole script; for a node built by code, whatever it was given.</summary>
    public TextSpan Span { get; } = span;

    /// <summary>True when <paramref name="other"/> has the same structure and values, spans aside; names compare case-insensitively.</summary>
    public abstract bool IsEquivalentTo(SyntaxNode? other);

    /// <summary>Appends the node's canonical SQL.</summary>
    public abstract void WriteTo(StringBuilder builder);

    /// <summary>The node as canonical SQL: keywords upper case, names quoted where needed, parentheses where needed.</summary>
    public sealed override string ToString()
    {
        var builder = new StringBuilder();
        WriteTo(builder);
        return builder.ToString();
    }
}
