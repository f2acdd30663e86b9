using PortraitDb.Storage;

namespace PortraitDb.Query.Binding;

/// <summary>An output column of a SELECT: the expression (over groups and aggregates when aggregating) and its name.</summary>
internal sealed record BoundOutput(BoundExpression Expression, string Name);

/// <summary>An ORDER BY item.</summary>
internal sealed record BoundOrder(BoundExpression Expression, bool Descending, bool NullsFirst);

/// <summary>
/// A bound SELECT over one table version (or over no table). When <see cref="IsAggregate"/> is set, outputs, HAVING and
/// ORDER BY read <see cref="BoundGroupReference"/>s and <see cref="BoundAggregateReference"/>s, never columns.
/// </summary>
internal sealed class BoundSelect
{
    public required TableData? Data { get; init; }

    public required string? TableName { get; init; }

    public BoundExpression? Where { get; init; }

    public required IReadOnlyList<BoundExpression> GroupKeys { get; init; }

    public required IReadOnlyList<BoundAggregate> Aggregates { get; init; }

    public required bool IsAggregate { get; init; }

    public required IReadOnlyList<BoundOutput> Outputs { get; init; }

    public BoundExpression? Having { get; init; }

    public required IReadOnlyList<BoundOrder> OrderBy { get; init; }

    public required bool Distinct { get; init; }

    public long? Limit { get; init; }

    public long Offset { get; init; }
}
