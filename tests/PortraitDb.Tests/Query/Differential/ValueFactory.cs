using System.Globalization;

namespace PortraitDb.Tests.Query.Differential;

/// <summary>
/// Row values for generated columns, drawn from a seeded <see cref="Random"/> (FsCheck draws the seeds, so a case
/// replays exactly; tables of 100,000+ rows stay cheap to generate). Doubles have at most 15 significant digits.
/// </summary>
internal static class ValueFactory
{
    private static readonly DateOnly RecentStart = new(2020, 1, 1);

    private static readonly object[] IntEdges = [int.MinValue, int.MaxValue, 0, -1];
    private static readonly object[] BigIntEdges = [long.MaxValue, long.MinValue, 9_007_199_254_740_993L, -9_007_199_254_740_993L, 9_007_199_254_740_992L];
    private static readonly object[] DoubleSpecials = [0.1, -0.3, 1e-7, 123456.789, -0.0, 1e15, -1e15, 0.2];
    private static readonly object[] DecimalEdges = [99_999_999.99m, -99_999_999.99m, 0.01m, -0.01m, 0m];
    private static readonly object[] DateEdges = [DateOnly.MinValue, DateOnly.MaxValue, new DateOnly(1970, 1, 1), new DateOnly(1969, 12, 31)];

    /// <summary>The key of initial row <paramref name="index"/>: distinct for every index, not in row order.</summary>
    public static string InitialKey(int index, int offset) => $"c{((index * 7_919L) + offset) % 1_000_003:D7}";

    public static object?[] Row(ModelSchema schema, string key, Random random)
    {
        var row = new object?[schema.Columns.Count];
        foreach (var column in schema.Columns)
            row[column.Ordinal] = column.Kind == ModelKind.Key ? key : Next(column, random);
        return row;
    }

    public static object? Next(ModelColumn column, Random random)
    {
        if (column.Kind != ModelKind.Key && random.NextDouble() < column.NullRate)
            return null;
        bool wide = column.Domain == 1;
        bool edge = wide && random.Next(10) == 0;
        return column.Kind switch
        {
            ModelKind.Key => $"c{random.Next(1_000_003):D7}",
            ModelKind.Category => Skewed(column.Values, random),
            ModelKind.Bool => random.Next(2) == 0,
            ModelKind.Int => edge ? Pick(IntEdges, random) : wide ? random.Next(int.MinValue, int.MaxValue) : random.Next(-5, 121),
            ModelKind.BigInt => edge ? Pick(BigIntEdges, random) : wide ? random.NextInt64(-1_000_000_000_000, 1_000_000_000_001) : random.NextInt64(-1_000, 1_001),
            ModelKind.Double => edge ? Pick(DoubleSpecials, random) : wide ? random.Next(-400_000, 400_001) / 100.0 : random.Next(-4_000, 4_001) / 4.0,
            ModelKind.Decimal => edge ? Pick(DecimalEdges, random) : wide ? random.NextInt64(-9_999_999_999, 10_000_000_000) / 100m : random.Next(-10_000, 1_000_001) / 100m,
            ModelKind.Date => edge ? Pick(DateEdges, random) : wide ? DateOnly.FromDayNumber(random.Next(DateOnly.MaxValue.DayNumber + 1)) : RecentStart.AddDays(random.Next(1_500)),
            _ => Tags(column.Values, random),
        };
    }

    private static object Pick(object[] values, Random random) => values[random.Next(values.Length)];

    // A few values are common and the rest rare, as in real dictionaries.
    private static string Skewed(IReadOnlyList<string> values, Random random)
    {
        double draw = random.NextDouble();
        return values[Math.Min(values.Count - 1, (int)(values.Count * draw * draw))];
    }

    // 0 to 4 tags; now and then a tag twice (the engine keeps a set).
    private static string[] Tags(IReadOnlyList<string> values, Random random)
    {
        var tags = new string[random.Next(5)];
        for (int index = 0; index < tags.Length; index++)
            tags[index] = values[random.Next(values.Count)];
        return tags;
    }

    public static string Describe(object? value) => value switch
    {
        null => "NULL",
        string[] tags => $"[{string.Join(", ", tags)}]",
        double real => real.ToString("R", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
