using PortraitDb.Bitmaps;
using PortraitDb.Query.Binding;

namespace PortraitDb.Query.Planning;

/// <summary>
/// A WHERE condition planned for execution: NOT pushed down to the leaves (three-valued logic kept exact), each
/// leaf answered by bitmap algebra, a vectorised column scan, or the row interpreter. Every node yields the set of
/// live rows for which the condition is TRUE.
/// </summary>
internal abstract class FilterNode
{
    /// <summary>Estimated fraction of live rows that pass, for ordering AND children.</summary>
    public double Selectivity { get; set; } = 0.5;

    /// <summary>Relative cost per candidate row: bitmaps are nearly free, scans cheap, rows dear.</summary>
    public abstract int CostRank { get; }

    public abstract void Describe(List<string> lines, int depth);

    protected static string Indent(int depth) => new(' ', depth * 2);

    protected string Estimate => $"est. {Selectivity:P1}";
}

internal sealed class AndFilter(IReadOnlyList<FilterNode> children) : FilterNode
{
    public IReadOnlyList<FilterNode> Children { get; } = children;

    public override int CostRank => Children.Max(child => child.CostRank);

    public override void Describe(List<string> lines, int depth)
    {
        lines.Add($"{Indent(depth)}AND ({Estimate})");
        foreach (var child in Children)
            child.Describe(lines, depth + 1);
    }
}

internal sealed class OrFilter(IReadOnlyList<FilterNode> children) : FilterNode
{
    public IReadOnlyList<FilterNode> Children { get; } = children;

    public override int CostRank => Children.Max(child => child.CostRank);

    public override void Describe(List<string> lines, int depth)
    {
        lines.Add($"{Indent(depth)}OR ({Estimate})");
        foreach (var child in Children)
            child.Describe(lines, depth + 1);
    }
}

/// <summary>A leaf answered from bitmap indexes: the union (or, for HAS ALL, the intersection) of value bitmaps.</summary>
internal sealed class BitmapFilter(string description, IReadOnlyList<RoaringBitmap> bitmaps, bool intersect) : FilterNode
{
    public string Description { get; } = description;

    public IReadOnlyList<RoaringBitmap> Bitmaps { get; } = bitmaps;

    public bool Intersect { get; } = intersect;

    public override int CostRank => 0;

    private RoaringBitmap? _set;

    /// <summary>The rows that pass; never modify it (it may be an index bitmap itself).</summary>
    public RoaringBitmap Set => _set ??= Bitmaps.Count switch
    {
        0 => Intersect ? throw new InvalidOperationException("HAS ALL needs at least one tag.") : new RoaringBitmap(),
        1 => Bitmaps[0],
        _ => Intersect ? RoaringBitmap.AndMany([.. Bitmaps]) : RoaringBitmap.OrMany([.. Bitmaps]),
    };

    public override void Describe(List<string> lines, int depth)
    {
        string source = Bitmaps.Count == 0
            ? "no row can match: the value never occurs"
            : Bitmaps.Count == 1 ? "1 bitmap" : $"{(Intersect ? "AND" : "OR")} of {Bitmaps.Count} bitmaps";
        lines.Add($"{Indent(depth)}BITMAP {Description} [{source}] ({Estimate})");
    }
}

/// <summary>A numeric leaf answered by a vectorised scan: <c>Low &lt;= x &lt;= High</c>, or <c>x &lt;&gt; Low</c> when <see cref="NotEqual"/>.</summary>
internal sealed class ScanFilter(string description, int column, long low, long high, double realLow, double realHigh, bool notEqual) : FilterNode
{
    public string Description { get; } = description;

    public int Column { get; } = column;

    /// <summary>Inclusive bounds in the column's storage encoding (integers, scaled decimals, days, microseconds).</summary>
    public long Low { get; } = low;

    public long High { get; } = high;

    /// <summary>Inclusive bounds for DOUBLE columns.</summary>
    public double RealLow { get; } = realLow;

    public double RealHigh { get; } = realHigh;

    public bool NotEqual { get; } = notEqual;

    public override int CostRank => 1;

    public override void Describe(List<string> lines, int depth) =>
        lines.Add($"{Indent(depth)}SCAN {Description} [SIMD compare, zone maps skip segments] ({Estimate})");
}

/// <summary>A leaf the row interpreter answers; keeps rows where the predicate is TRUE, or FALSE when <see cref="Negated"/>.</summary>
internal sealed class RowFilter(BoundExpression predicate, bool negated) : FilterNode
{
    public BoundExpression Predicate { get; } = predicate;

    public bool Negated { get; } = negated;

    public override int CostRank => 2;

    public override void Describe(List<string> lines, int depth) =>
        lines.Add($"{Indent(depth)}ROWS {(Negated ? "NOT " : "")}{Predicate} [row by row] ({Estimate})");
}

/// <summary>A condition that is the same for every row: TRUE keeps every live row, FALSE or NULL none.</summary>
internal sealed class ConstantFilter(bool passes) : FilterNode
{
    public bool Passes { get; } = passes;

    public override int CostRank => 0;

    public override void Describe(List<string> lines, int depth) =>
        lines.Add($"{Indent(depth)}{(Passes ? "ALL LIVE ROWS" : "NO ROWS (the condition is never true)")}");
}
