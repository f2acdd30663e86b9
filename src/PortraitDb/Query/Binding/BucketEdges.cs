using PortraitDb.Storage;

namespace PortraitDb.Query.Binding;

/// <summary>What BUCKET edges mean in storage: labels, and an edge in a column's storage units.</summary>
internal static class BucketEdges
{
    /// <summary>A BUCKET of <paramref name="operand"/> at ascending <paramref name="edges"/>, with its half-open range labels.</summary>
    public static BoundBucket Create(BoundExpression operand, Value[] edges)
    {
        var labels = new string[edges.Length + 1];
        if (edges.Length == 0)
        {
            labels[0] = "[-inf,+inf)";
            return new BoundBucket(operand, edges, labels);
        }
        labels[0] = $"[-inf,{edges[0]})";
        for (int index = 1; index < edges.Length; index++)
            labels[index] = $"[{edges[index - 1]},{edges[index]})";
        labels[^1] = $"[{edges[^1]},+inf)";
        return new BoundBucket(operand, edges, labels);
    }

    /// <summary>An edge in the storage units of a column of <paramref name="type"/> (scaled decimal, days, microseconds), exactly.</summary>
    public static decimal StorageUnits(Value edge, ColumnType type) => type.Kind switch
    {
        ColumnKind.Decimal => edge.AsDecimal * ValueConversion.PowerOfTen(type.Scale),
        ColumnKind.Timestamp when edge.Kind == ValueKind.Date => (decimal)edge.Integer * Value.MicrosecondsPerDay,
        ColumnKind.Date or ColumnKind.Timestamp => edge.Integer,
        _ => edge.Kind == ValueKind.Real ? (decimal)edge.Real : edge.AsDecimal,
    };
}
