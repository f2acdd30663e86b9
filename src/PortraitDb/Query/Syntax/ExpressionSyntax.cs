namespace PortraitDb.Query.Syntax;

/// <summary>An expression: a value, a name, an operator applied to operands, a call, a predicate.</summary>
internal abstract class ExpressionSyntax(TextSpan span) : SyntaxNode(span)
{
    /// <summary>How tightly the printed form binds (the printer adds parentheses around looser operands).</summary>
    public virtual Precedence Precedence => Precedence.Primary;

    /// <summary>Levels of nesting below and including this node (a leaf is 1); the parser refuses trees deeper than <see cref="Parser.MaxTreeDepth"/>.</summary>
    public abstract int Depth { get; }

    /// <summary>1 + the deepest of <paramref name="children"/> (nulls ignored).</summary>
    protected static int DepthOf(params ReadOnlySpan<ExpressionSyntax?> children)
    {
        int depth = 0;
        foreach (var child in children)
        {
            if (child is not null && child.Depth > depth)
                depth = child.Depth;
        }
        return depth + 1;
    }

    /// <summary>1 + the deepest of <paramref name="children"/> and <paramref name="others"/>.</summary>
    protected static int DepthOf(IReadOnlyList<ExpressionSyntax> children, params ReadOnlySpan<ExpressionSyntax?> others)
    {
        int depth = DepthOf(others);
        foreach (var child in children)
            depth = Math.Max(depth, child.Depth + 1);
        return depth;
    }
}
