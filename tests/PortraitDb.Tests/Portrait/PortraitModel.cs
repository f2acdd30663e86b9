using System.Globalization;
using PortraitDb.Storage;

namespace PortraitDb.Tests.Portrait;

/// <summary>
/// A table of random profiles kept twice: in a PortraitDb table and as plain rows, with conditions written both as
/// SQL and as a predicate on a row, so PROFILE, COMPARE, OVERLAP and SAMPLE can be checked against counts taken
/// row by row.
/// </summary>
internal sealed class PortraitModel
{
    public sealed record Row(long Id, string? G, bool? B, int? N, int M, decimal? D, double? R, DateOnly? Day, DateTime? Ts, string[]? Tags, string? Txt);

    /// <summary>A condition as SQL and as the rows where it is TRUE.</summary>
    public sealed record Condition(string Sql, Func<Row, bool> Holds);

    public static readonly TableSchema Schema = new(
        new ColumnDefinition("id", ColumnType.Int64, IsKey: true),
        new ColumnDefinition("g", ColumnType.Category),
        new ColumnDefinition("b", ColumnType.Bool),
        new ColumnDefinition("n", ColumnType.Int32),
        new ColumnDefinition("m", ColumnType.Int32),
        new ColumnDefinition("d", ColumnType.Decimal(8, 2)),
        new ColumnDefinition("r", ColumnType.Double),
        new ColumnDefinition("day", ColumnType.Date),
        new ColumnDefinition("ts", ColumnType.Timestamp),
        new ColumnDefinition("tags", ColumnType.Tags),
        new ColumnDefinition("txt", ColumnType.Text));

    private static readonly string[] Categories = ["a", "b", "c", "北京", "d e"];
    private static readonly string[] TagValues = ["x", "y", "z", "w"];
    private static readonly string[] Texts = ["p", "q", ""];

    public PortraitModel(PortraitDatabase database, Random random, int rowCount, int deletes)
    {
        var table = database.CreateTable("t", Schema);
        using (var transaction = table.BeginTransaction())
        {
            for (long id = 1; id <= rowCount; id++)
            {
                var row = RandomRow(random, id);
                transaction.Insert(row.Id, row.G, row.B, row.N, row.M, row.D, row.R, row.Day, row.Ts, row.Tags, row.Txt);
                Rows.Add(row);
            }
            transaction.Commit();
        }
        for (int index = 0; index < deletes && Rows.Count > 0; index++)
        {
            var victim = Rows[random.Next(Rows.Count)];
            table.Delete(victim.Id);
            Rows.Remove(victim);
        }
    }

    /// <summary>The live rows, in row (id) order.</summary>
    public List<Row> Rows { get; } = [];

    private static Row RandomRow(Random random, long id)
    {
        bool Null() => random.Next(8) == 0;
        int? n = Null() ? null : random.Next(10) == 0 ? (random.Next(2) == 0 ? int.MinValue : int.MaxValue) : random.Next(-50, 150);
        double? r = Null() ? null : random.Next(15) == 0 ? double.NaN : Math.Round((random.NextDouble() * 2000) - 500, random.Next(4));
        string[]? tags = Null() ? null : [.. TagValues.Where(_ => random.Next(3) == 0)];
        return new Row(
            id,
            Null() ? null : Categories[random.Next(Categories.Length)],
            Null() ? null : random.Next(2) == 0,
            n,
            random.Next(0, 100),
            Null() ? null : random.Next(-100_000, 1_000_000) / 100m,
            r,
            Null() ? null : new DateOnly(2015, 1, 1).AddDays(random.Next(4000)),
            Null() ? null : new DateTime(2020, 1, 1).AddSeconds(random.Next(200_000_000)),
            tags,
            Null() ? null : Texts[random.Next(Texts.Length)]);
    }

    /// <summary>A random condition: one test or an AND / OR of two.</summary>
    public static Condition RandomCondition(Random random)
    {
        Condition Atom()
        {
            switch (random.Next(7))
            {
                case 0:
                    {
                        string value = Categories[random.Next(Categories.Length)];
                        return new($"g = '{value}'", row => row.G == value);
                    }
                case 1:
                    return new("b", row => row.B == true);
                case 2:
                    {
                        int bound = random.Next(-60, 160);
                        return new($"n >= {bound}", row => row.N >= bound);
                    }
                case 3:
                    {
                        string tag = TagValues[random.Next(TagValues.Length)];
                        return new($"tags HAS '{tag}'", row => row.Tags?.Contains(tag) == true);
                    }
                case 4:
                    {
                        decimal bound = random.Next(-1000, 10_000);
                        return new($"d < {bound.ToString(CultureInfo.InvariantCulture)}", row => row.D < bound);
                    }
                case 5:
                    {
                        int modulus = random.Next(2, 5);
                        return new($"m % {modulus} = 0", row => row.M % modulus == 0);
                    }
                default:
                    return new("txt IS NULL", row => row.Txt is null);
            }
        }

        var first = Atom();
        return random.Next(3) switch
        {
            0 => first,
            1 => And(first, Atom()),
            _ => Or(first, Atom()),
        };
    }

    private static Condition And(Condition left, Condition right) => new($"({left.Sql}) AND ({right.Sql})", row => left.Holds(row) && right.Holds(row));

    private static Condition Or(Condition left, Condition right) => new($"({left.Sql}) OR ({right.Sql})", row => left.Holds(row) || right.Holds(row));

    /// <summary>
    /// How many of <paramref name="rows"/> a PROFILE row stands for: the rows whose value of the dimension is the label
    /// (a tag they have; a bucket <c>[lo,hi)</c> holding the value, NaN in the last bucket; NULL for a NULL label).
    /// </summary>
    public static long Count(IEnumerable<Row> rows, string dimension, string? label)
    {
        var matches = Matcher(dimension, label);
        return rows.LongCount(matches);
    }

    /// <summary>Whether a row's value of the dimension is <paramref name="label"/>, with the label read once.</summary>
    public static Func<Row, bool> Matcher(string dimension, string? label)
    {
        if (label is null)
            return row => Value(row, dimension) is null;
        if (dimension == "tags")
            return row => Value(row, dimension) is string[] tags && tags.Contains(label);
        if (!label.StartsWith("[-inf,", StringComparison.Ordinal) && !(label.StartsWith('[') && label.EndsWith(')') && label.Contains(',', StringComparison.Ordinal)))
            return row => Value(row, dimension) is { } value && QueryText(value) == label;
        var bounds = label[1..^1].Split(',');
        Assert.Equal(2, bounds.Length);
        return row => Value(row, dimension) is { } value && InBucket(value, bounds);
    }

    /// <summary>The dimension's column (BUCKET(x, ...) reads x).</summary>
    public static object? Value(Row row, string dimension)
    {
        string column = dimension.StartsWith("BUCKET(", StringComparison.Ordinal) ? dimension[7..dimension.IndexOf(',', StringComparison.Ordinal)] : dimension;
        return column switch
        {
            "g" => row.G,
            "b" => row.B,
            "n" => row.N,
            "m" => row.M,
            "d" => row.D,
            "r" => row.R,
            "day" => row.Day,
            "ts" => row.Ts,
            "tags" => row.Tags,
            "txt" => row.Txt,
            _ => throw new ArgumentException($"Unknown dimension {dimension}."),
        };
    }

    /// <summary>The distinct labels of the rows' values for a dimension that is not bucketed (tags one by one).</summary>
    public static IEnumerable<string?> Labels(IEnumerable<Row> rows, string dimension) =>
        rows.SelectMany(row => Value(row, dimension) switch
        {
            null => new string?[] { null },
            string[] tags => tags,
            var value => [QueryText(value)],
        }).Distinct();

    private static string QueryText(object value) => value is bool flag ? (flag ? "true" : "false") : (string)value;

    private static bool InBucket(object value, string[] bounds)
    {
        if (value is double real && double.IsNaN(real))
            return bounds[1] == "+inf";
        return (bounds[0] == "-inf" || Compare(value, bounds[0]) >= 0) && (bounds[1] == "+inf" || Compare(value, bounds[1]) < 0);
    }

    private static int Compare(object value, string bound) => value switch
    {
        int integer => ((decimal)integer).CompareTo(decimal.Parse(bound, NumberStyles.Float, CultureInfo.InvariantCulture)),
        decimal number => number.CompareTo(decimal.Parse(bound, NumberStyles.Float, CultureInfo.InvariantCulture)),
        double real => real.CompareTo(double.Parse(bound, NumberStyles.Float, CultureInfo.InvariantCulture)),
        DateOnly date => date.CompareTo(DateOnly.ParseExact(bound, "yyyy-MM-dd", CultureInfo.InvariantCulture)),
        DateTime timestamp => timestamp.CompareTo(DateTime.Parse(bound, CultureInfo.InvariantCulture)),
        _ => throw new ArgumentException($"Cannot bucket {value}."),
    };
}
