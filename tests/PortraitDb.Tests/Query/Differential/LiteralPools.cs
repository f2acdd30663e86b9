namespace PortraitDb.Tests.Query.Differential;

/// <summary>Values that rows of each column hold, sampled across the table, for literals (the generators add edges and values no row holds).</summary>
public sealed class LiteralPools
{
    private const int SamplesPerColumn = 16;
    private const int RowsToSample = 2_000;

    private readonly object[][] _samples;

    private LiteralPools(object[][] samples) => _samples = samples;

    public static LiteralPools From(ModelSchema schema, IReadOnlyList<object?[]> rows)
    {
        var samples = new object[schema.Columns.Count][];
        int stride = Math.Max(1, rows.Count / RowsToSample);
        foreach (var column in schema.Columns)
        {
            var seen = new Dictionary<string, object>(StringComparer.Ordinal);
            for (int index = 0; index < rows.Count && seen.Count < SamplesPerColumn; index += stride)
            {
                if (rows[index][column.Ordinal] is { } value && value is not string[])
                    seen.TryAdd(SqlSemantics.Canonical(value), value);
            }
            samples[column.Ordinal] = [.. seen.Values];
        }
        return new LiteralPools(samples);
    }

    public IReadOnlyList<object> Samples(ModelColumn column) => _samples[column.Ordinal];
}
