using FsCheck;
using FsCheck.Xunit;
using PortraitDb.Query;

namespace PortraitDb.Tests.Portrait;

/// <summary>
/// PROFILE, COMPARE, OVERLAP and SAMPLE on random tables (NULLs, NaN, deleted rows, values outside an INT's range)
/// against counts taken row by row: every count, share and TGI, every value shown and none missing, the natural order,
/// the privacy guard's suppression; Venn regions and Jaccard indexes; samples that are subsets of the right size,
/// the same for the same seed.
/// </summary>
public sealed class PortraitPropertyTests
{
    private static readonly string[] Dimensions =
    [
        "g", "b", "tags", "txt", "n", "m", "d", "r", "day", "ts",
        "BUCKET(d, 0, 100.5, 2500)", "BUCKET(r, -100, 0.25)", "BUCKET(day, DATE '2018-01-01', DATE '2021-06-01')",
        "BUCKET(n, -1000000000000, 0, 1000000000000)", "BUCKET(m, 10, 20, 30)",
    ];

    [Property(MaxTest = 40)]
    public void Profile_counts_shares_and_tgi_match_a_row_by_row_model(PositiveInt seed)
    {
        var random = new Random(seed.Get);
        using var database = PortraitDatabase.CreateInMemory();
        var model = new PortraitModel(database, random, random.Next(0, 400), random.Next(0, 20));
        var audience = PortraitModel.RandomCondition(random);
        var versus = random.Next(3) == 0 ? PortraitModel.RandomCondition(random) : null;
        int guard = random.Next(3) == 0 ? random.Next(2, 6) : 0;
        database.MinGroupSize = guard;
        var dimensions = Dimensions.Where(_ => random.Next(3) == 0).DefaultIfEmpty("g").ToList();
        string sql = $"PROFILE {audience.Sql}{(versus is null ? "" : $" VS {versus.Sql}")} ON t BY {string.Join(", ", dimensions)}";
        var result = database.Execute(sql);

        var members = model.Rows.Where(audience.Holds).ToList();
        var baseRows = versus is null ? model.Rows : [.. model.Rows.Where(versus.Holds)];
        Assert.Equal(guard > 0 ? 8 : 7, result.Columns.Count);
        foreach (string dimension in dimensions)
        {
            var rows = Enumerable.Range(0, result.RowCount).Where(row => (string)result[row, 0]! == dimension).ToList();
            var labels = rows.Select(row => (string?)result[row, 1]).ToList();
            Assert.Equal(labels.Count, labels.Distinct().Count());
            var shown = new List<(string? Label, long Audience, long Base)>();
            foreach (int row in rows)
            {
                string? label = (string?)result[row, 1];
                long inAudience = PortraitModel.Count(members, dimension, label);
                long inBase = PortraitModel.Count(baseRows, dimension, label);
                shown.Add((label, inAudience, inBase));
                bool hideAudience = guard > 0 && inAudience > 0 && inAudience < guard;
                bool hideBase = guard > 0 && inBase > 0 && inBase < guard;
                string where = $"{sql}: {dimension} = {label ?? "NULL"}";
                Assert.True(inAudience > 0 || inBase > 0, $"{where} is shown but no row of either set has it");
                Assert.Equal(hideAudience ? null : inAudience, result[row, 2]);
                Assert.Equal(hideBase ? null : inBase, result[row, 4]);
                AssertClose(hideAudience || members.Count == 0 ? null : (double)inAudience / members.Count, result[row, 3], where);
                AssertClose(hideBase || baseRows.Count == 0 ? null : (double)inBase / baseRows.Count, result[row, 5], where);
                double? tgi = hideAudience || hideBase || inBase == 0 || members.Count == 0 ? null : 100.0 * inAudience / members.Count / ((double)inBase / baseRows.Count);
                AssertClose(tgi, result[row, 6], where);
                if (guard > 0)
                    Assert.Equal(hideAudience || hideBase ? $"<{guard}" : null, result[row, 7]);
            }
            bool bucketed = dimension.StartsWith("BUCKET(", StringComparison.Ordinal) || dimension is "n" or "m" or "d" or "r" or "day" or "ts";
            if (bucketed)
            {
                // Every row falls in exactly one shown bucket or is NULL.
                Assert.Equal(members.Count, shown.Sum(cell => cell.Audience));
                Assert.Equal(baseRows.Count, shown.Sum(cell => cell.Base));
                Assert.True(labels.TakeWhile(label => label is not null).Count() >= labels.Count - 1, "NULL comes last");
            }
            else
            {
                var expected = PortraitModel.Labels(members.Concat(baseRows), dimension).ToHashSet();
                Assert.True(expected.SetEquals(labels), $"{sql}: {dimension} shows [{string.Join(", ", labels)}], the rows hold [{string.Join(", ", expected)}]");
                var natural = shown.OrderBy(cell => cell.Label is null).ThenByDescending(cell => cell.Audience).ThenByDescending(cell => cell.Base)
                    .ThenBy(cell => cell.Label, StringComparer.Ordinal).Select(cell => cell.Label);
                Assert.Equal(natural, labels);
            }
        }
    }

    [Property(MaxTest = 30)]
    public void Compare_is_a_profile_per_audience_side_by_side(PositiveInt seed)
    {
        var random = new Random(seed.Get);
        using var database = PortraitDatabase.CreateInMemory();
        var model = new PortraitModel(database, random, random.Next(1, 300), random.Next(0, 10));
        var conditions = Enumerable.Range(0, random.Next(2, 4)).Select(_ => PortraitModel.RandomCondition(random)).ToList();
        string dimension = Dimensions[random.Next(Dimensions.Length)];
        string sql = $"COMPARE {string.Join(", ", conditions.Select((condition, index) => $"{condition.Sql} AS a{index}"))} ON t BY {dimension}";
        var result = database.Execute(sql);
        Assert.Equal(2 + (3 * conditions.Count) + 2, result.Columns.Count);
        for (int row = 0; row < result.RowCount; row++)
        {
            string? label = (string?)result[row, 1];
            long inBase = PortraitModel.Count(model.Rows, dimension, label);
            for (int index = 0; index < conditions.Count; index++)
            {
                var members = model.Rows.Where(conditions[index].Holds).ToList();
                long count = PortraitModel.Count(members, dimension, label);
                Assert.Equal($"a{index}_count", result.Columns[2 + (3 * index)].Name);
                Assert.Equal(count, result[row, 2 + (3 * index)]);
                double? share = members.Count == 0 ? null : (double)count / members.Count;
                AssertClose(share, result[row, 3 + (3 * index)], sql);
                AssertClose(inBase == 0 || share is null ? null : 100 * share / ((double)inBase / model.Rows.Count), result[row, 4 + (3 * index)], sql);
            }
            Assert.Equal(inBase, result[row, result.Columns.Count - 2]);
        }
    }

    [Property(MaxTest = 40)]
    public void Overlap_regions_and_jaccard_match_memberships(PositiveInt seed)
    {
        var random = new Random(seed.Get);
        using var database = PortraitDatabase.CreateInMemory();
        var model = new PortraitModel(database, random, random.Next(0, 300), random.Next(0, 10));
        var conditions = Enumerable.Range(0, random.Next(2, 5)).Select(_ => PortraitModel.RandomCondition(random)).ToList();
        int n = conditions.Count;
        string sql = $"OVERLAP {string.Join(", ", conditions.Select((condition, index) => $"{condition.Sql} AS a{index}"))} ON t";
        var result = database.Execute(sql);

        var membership = model.Rows.Select(row => Enumerable.Range(0, n).Aggregate(0, (mask, index) => mask | (conditions[index].Holds(row) ? 1 << index : 0))).ToList();
        long union = membership.Count(mask => mask != 0);
        long Size(int index) => membership.Count(mask => (mask & (1 << index)) != 0);
        Assert.Equal(n + (1 << n) - 1 + 1, result.RowCount);
        for (int first = 0; first < n; first++)
        {
            Assert.Equal("audience", result[first, 0]);
            Assert.Equal($"a{first}", result[first, 1]);
            Assert.Equal(Size(first), result[first, 2]);
            for (int second = 0; second < n; second++)
            {
                long both = membership.Count(mask => (mask & (1 << first)) != 0 && (mask & (1 << second)) != 0);
                long either = membership.Count(mask => (mask & ((1 << first) | (1 << second))) != 0);
                AssertClose(either == 0 ? null : (double)both / either, result[first, 4 + second], sql);
            }
        }
        var regions = Enumerable.Range(n, (1 << n) - 1).ToList();
        Assert.All(regions, row => Assert.Equal("region", result[row, 0]));
        foreach (int row in regions)
        {
            int mask = ((string)result[row, 1]!).Split(" & ").Aggregate(0, (bits, name) => bits | (1 << int.Parse(name[1..], System.Globalization.CultureInfo.InvariantCulture)));
            long exactly = membership.Count(member => member == mask);
            Assert.Equal(exactly, result[row, 2]);
            AssertClose(union == 0 ? null : (double)exactly / union, result[row, 3], sql);
        }
        Assert.Equal(union, result[result.RowCount - 1, 2]);
        Assert.Equal(union, regions.Sum(row => (long)result[row, 2]!));
    }

    [Property(MaxTest = 40)]
    public void Samples_are_subsets_of_the_right_size_and_repeat_for_a_seed(PositiveInt seed)
    {
        var random = new Random(seed.Get);
        using var database = PortraitDatabase.CreateInMemory();
        var model = new PortraitModel(database, random, random.Next(0, 300), 0);
        var condition = PortraitModel.RandomCondition(random);
        database.Execute($"CREATE AUDIENCE s ON t AS {(random.Next(2) == 0 ? "SNAPSHOT " : "")}{condition.Sql}");
        var members = model.Rows.Where(condition.Holds).Select(row => row.Id).ToList();
        int wanted = random.Next(0, members.Count + 5);
        long draw = random.NextInt64(long.MinValue, long.MaxValue);
        var first = Ids(database.Execute($"SAMPLE {wanted} FROM AUDIENCE s SEED {draw}"));
        var again = Ids(database.Execute($"SAMPLE ? FROM AUDIENCE s SEED ?", new QueryParameters().Add(wanted).Add(draw)));
        Assert.Equal(Math.Min(wanted, members.Count), first.Count);
        Assert.Equal(first.Count, first.Distinct().Count());
        Assert.Subset(members.ToHashSet(), first.ToHashSet());
        Assert.Equal(first.Order(), first);
        Assert.Equal(first, again);
    }

    [Fact]
    public void Samples_are_uniform_over_seeds()
    {
        using var database = PortraitDatabase.CreateInMemory();
        database.Execute("CREATE TABLE u (id BIGINT KEY, keep BOOL)");
        database.Execute($"INSERT INTO u VALUES {string.Join(", ", Enumerable.Range(1, 40).Select(id => $"({id}, {(id % 2 == 0 ? "true" : "false")})"))}");
        database.Execute("CREATE AUDIENCE evens ON u AS keep");
        const int Draws = 4000;
        var hits = new Dictionary<long, int>();
        for (int seed = 0; seed < Draws; seed++)
        {
            foreach (long id in Ids(database.Execute($"SAMPLE 5 FROM AUDIENCE evens SEED {seed}")))
                hits[id] = hits.GetValueOrDefault(id) + 1;
        }
        // 20 members, 5 drawn each time: 1,000 draws each expected, standard deviation about 27.
        Assert.Equal(20, hits.Count);
        Assert.All(hits, pair => Assert.True(pair.Key % 2 == 0 && pair.Value is > 850 and < 1150, $"member {pair.Key} drawn {pair.Value} times"));
        var unseeded = Enumerable.Range(0, 20).Select(_ => string.Join(",", Ids(database.Execute("SAMPLE 5 FROM AUDIENCE evens")))).Distinct().Count();
        Assert.True(unseeded > 1, "without SEED every draw was the same");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(500)]
    public void Profiles_over_several_segments_agree_with_the_model(int deletes)
    {
        // 140,000 rows: three segments, parallel passes, dense and sparse sets; without deletes the whole chunks of
        // the first two segments are counted by edge, with them through masks.
        var random = new Random(20_260_630 + deletes);
        using var database = PortraitDatabase.CreateInMemory();
        var model = new PortraitModel(database, random, 140_000, deletes);
        foreach (string condition in new[] { "m < 50", "m = 7", "b", "tags HAS 'x' AND n >= 0" })
        {
            var holds = condition switch
            {
                "m < 50" => (Func<PortraitModel.Row, bool>)(row => row.M < 50),
                "m = 7" => row => row.M == 7,
                "b" => row => row.B == true,
                _ => row => row.Tags?.Contains("x") == true && row.N >= 0,
            };
            var members = model.Rows.Where(holds).ToList();
            var result = database.Execute($"PROFILE {condition} ON t BY g, tags, m, BUCKET(m, 5, 50), BUCKET(d, 0, 5000), r, day, BUCKET(n, -1000000000000, 0)");
            for (int row = 0; row < result.RowCount; row++)
            {
                string dimension = (string)result[row, 0]!;
                string? label = (string?)result[row, 1];
                Assert.Equal(PortraitModel.Count(members, dimension, label), result[row, 2]);
                Assert.Equal(PortraitModel.Count(model.Rows, dimension, label), result[row, 4]);
            }
        }
    }

    private static List<long> Ids(QueryResult result) => [.. result.Rows.Select(row => (long)row[0]!)];

    private static void AssertClose(double? expected, object? actual, string where)
    {
        if (expected is null)
        {
            Assert.True(actual is null, $"{where}: expected NULL, got {actual}");
            return;
        }
        Assert.True(actual is double, $"{where}: expected {expected}, got {actual ?? "NULL"}");
        double value = (double)actual!;
        Assert.True(Math.Abs(value - expected.Value) <= 1e-9 * Math.Max(1, Math.Abs(expected.Value)), $"{where}: expected {expected}, got {value}");
    }
}
