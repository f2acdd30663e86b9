using PortraitDb.Bitmaps;

namespace PortraitDb.Query.Binding;

/// <summary>
/// <c>IN AUDIENCE name</c> resolved against the table version a statement reads: the audience's members as a bitmap of
/// live row ids. Never NULL, so NOT of it is exact; the planner makes it a bitmap leaf.
/// </summary>
internal sealed class BoundInAudience(string name, RoaringBitmap rows, string description) : BoundExpression(ValueKind.Bool)
{
    /// <summary>The audience's name.</summary>
    public string Name { get; } = name;

    /// <summary>The members at the version being read; shared, never modify it.</summary>
    public RoaringBitmap Rows { get; } = rows;

    /// <summary>What EXPLAIN says about where the members came from.</summary>
    public string Description { get; } = description;

    public override string ToString() => $"IN AUDIENCE {Syntax.SyntaxFacts.QuoteIdentifier(Name)}";
}
