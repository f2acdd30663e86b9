namespace PortraitDb.Query.Syntax;

/// <summary>Structural equality of syntax trees, ignoring spans (see <see cref="SyntaxNode.IsEquivalentTo"/>).</summary>
internal sealed class SyntaxEquality : IEqualityComparer<SyntaxNode>
{
    /// <summary>The comparer.</summary>
    public static SyntaxEquality Instance { get; } = new();

    /// <summary>True when both are null or both are equivalent.</summary>
    public static bool Equivalent(SyntaxNode? left, SyntaxNode? right) =>
        left is null ? right is null : left.IsEquivalentTo(right);

    /// <summary>True when both lists have the same length and equivalent items in order.</summary>
    public static bool Equivalent<T>(IReadOnlyList<T> left, IReadOnlyList<T> right)
        where T : SyntaxNode
    {
        if (left.Count != right.Count)
            return false;
        for (int index = 0; index < left.Count; index++)
        {
            if (!left[index].IsEquivalentTo(right[index]))
                return false;
        }
        return true;
    }

    /// <summary>True when two names are the same, ignoring case (names are case-insensitive, quoted or not).</summary>
    public static bool SameName(string? left, string? right) => string.Equals(left, right, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public bool Equals(SyntaxNode? x, SyntaxNode? y) => Equivalent(x, y);

    /// <inheritdoc/>
    public int GetHashCode(SyntaxNode obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        // Equivalent trees print the same canonical text but for the case of names.
        return StringComparer.OrdinalIgnoreCase.GetHashCode(obj.ToString());
    }
}
