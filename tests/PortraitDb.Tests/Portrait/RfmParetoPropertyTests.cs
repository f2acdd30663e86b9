using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PortraitDb.Query;

namespace PortraitDb.Tests.Portrait;

/// <summary>
/// RFM and PARETO against naive computations on the same rows: scores from a full sort and the QUANTILE_CONT formula
/// (position q·(n−1), linear interpolation, in exact fractions), score = 1 + the number of cut points a
/// value beats (a more recent date beats, fewer days since the last order beat), segments from scores against their
/// means; the Pareto curve from a descending sort and cumulative sums.
/// </summary>
public sealed class RfmParetoPropertyTests
{
    /// <summary>A customer: id, last order (days after 2025-01-01, or null), orders (or null), spend in cents (or null).</summary>
    public sealed record Customer(int Id, int? LastOrder, int? Orders, long? SpendCents);

    public sealed record RfmCase(IReadOnlyList<Customer> Customers, int Scores, bool DaysSince, IReadOnlyList<Customer> Later)
    {
        public override string ToString() =>
            $"SCORES {Scores}{(DaysSince ? ", recency as days since" : "")}: {string.Join(", ", Customers)}; later {string.Join(", ", Later)}";
    }

    private static readonly DateOnly Origin = new(2025, 1, 1);

    private static Gen<Customer> CustomerGen(int id, int spread) =>
        from last in Gen.Frequency((8, Gen.Choose(0, spread).Select(day => (int?)day)), (1, Gen.Constant<int?>(null)))
        from orders in Gen.Frequency((5, Gen.Constant<int?>(1)), (4, Gen.Choose(1, spread / 4 + 2).Select(count => (int?)count)), (1, Gen.Constant<int?>(null)))
        from spend in Gen.Frequency((8, Gen.Choose(0, spread * 1000).Select(cents => (long?)cents)), (1, Gen.Constant<long?>(1234)), (1, Gen.Constant<long?>(null)))
        select new Customer(id, last, orders, spend);

    private static Arbitrary<RfmCase> RfmCases() => Arb.From(
        from count in Gen.Frequency((1, Gen.Choose(1, 5)), (4, Gen.Choose(6, 200)), (1, Gen.Choose(201, 6_000)))
        from spread in Gen.Elements(3, 30, 400)
        from customers in Gen.ArrayOf(CustomerGen(0, spread), count)
        from later in Gen.ArrayOf(CustomerGen(0, spread), 6)
        from scores in Gen.Choose(2, 10)
        from daysSince in Gen.Elements(false, true)
        select new RfmCase(
            [.. customers.Select((customer, id) => customer with { Id = id })],
            scores,
            daysSince,
            // Half replace existing customers, half are new.
            [.. later.Select((customer, index) => customer with { Id = index % 2 == 0 ? index % count : count + index })]));

    [Property(MaxTest = 80)]
    public Property Rfm_scores_and_segments_match_a_naive_quantile_computation() => Prop.ForAll(RfmCases(), CheckRfm);

    private static void CheckRfm(RfmCase item)
    {
        using var database = PortraitDatabase.CreateInMemory();
        string recencyType = item.DaysSince ? "INT" : "DATE";
        database.Execute($"CREATE TABLE customers (id BIGINT KEY, last_order {recencyType}, orders INT, spend DECIMAL(12,2))");
        foreach (var chunk in item.Customers.Chunk(500))
            database.Execute($"INSERT INTO customers VALUES {string.Join(", ", chunk.Select(customer => Row(customer, item.DaysSince)))}");
        if (item.Customers.All(customer => customer.LastOrder is null) || item.Customers.All(customer => customer.Orders is null) || item.Customers.All(customer => customer.SpendCents is null))
        {
            var error = Assert.ThrowsAny<PortraitDbException>(() => database.Execute($"RFM customers (recency = last_order, frequency = orders, monetary = spend) SCORES {item.Scores}"));
            Assert.Contains("no values to score", error.Message, StringComparison.Ordinal);
            return;
        }
        var summary = database.Execute($"RFM customers (recency = last_order, frequency = orders, monetary = spend) SCORES {item.Scores}");

        // The model: recency higher-is-better as a date, lower-is-better as days since (a date in days since 1970-01-01,
        // money in cents).
        long dateOffset = item.DaysSince ? 0 : Origin.DayNumber - new DateOnly(1970, 1, 1).DayNumber;
        long? Recency(Customer customer) => customer.LastOrder + dateOffset;
        var recencyCuts = Cuts(item.Customers.Select(Recency), item.Scores);
        var frequencyCuts = Cuts(item.Customers.Select(customer => (long?)customer.Orders), item.Scores);
        var monetaryCuts = Cuts(item.Customers.Select(customer => customer.SpendCents), item.Scores);
        int? R(Customer customer) => Score(Recency(customer), recencyCuts, lowerIsBetter: item.DaysSince);
        int? F(Customer customer) => Score(customer.Orders, frequencyCuts, lowerIsBetter: false);
        int? M(Customer customer) => Score(customer.SpendCents, monetaryCuts, lowerIsBetter: false);
        double Mean(Func<Customer, int?> score) => item.Customers.Select(score).Where(value => value is not null).Average(value => (double)value!.Value);
        double meanR = Mean(R), meanF = Mean(F), meanM = Mean(M);
        string? Segment(Customer customer)
        {
            if (R(customer) is not { } r || F(customer) is not { } f || M(customer) is not { } m)
                return null;
            string value = m > meanM ? "important" : "general";
            string kind = (r > meanR, f > meanF) switch
            {
                (true, true) => "value",
                (true, false) => "development",
                (false, true) => "retention",
                _ => "recovery",
            };
            return $"{value} {kind}";
        }

        void Compare(IEnumerable<Customer> customers, string when)
        {
            foreach (var customer in customers)
            {
                var row = database.Execute($"SELECT r_score, f_score, m_score, rfm_segment FROM customers WHERE id = {customer.Id}").Rows[0];
                object?[] expected = [(long?)R(customer), (long?)F(customer), (long?)M(customer), Segment(customer)];
                for (int index = 0; index < expected.Length; index++)
                {
                    object? actual = row[index] is int narrow ? (long)narrow : row[index];
                    Assert.True(Equals(expected[index], actual), $"{when}: customer {customer}: column {index} expected {expected[index] ?? "NULL"}, got {actual ?? "NULL"}");
                }
            }
        }
        Compare(item.Customers, "after RFM");
        var counts = item.Customers.GroupBy(Segment).Where(group => group.Key is not null).ToDictionary(group => group.Key!, group => (long)group.Count());
        foreach (var row in summary.Rows)
            Assert.Equal(counts.GetValueOrDefault((string)row[0]!), (long)row[2]!);

        // Later writes score new and changed customers against the cut points and means RFM fixed.
        foreach (var customer in item.Later)
            database.Execute($"INSERT OR REPLACE INTO customers VALUES {Row(customer, item.DaysSince)}");
        Compare(item.Later.GroupBy(customer => customer.Id).Select(group => group.Last()), "after upserts");
    }

    private static string Row(Customer customer, bool daysSince)
    {
        string recency = customer.LastOrder is not { } day ? "NULL" : daysSince ? day.ToString(CultureInfo.InvariantCulture) : $"DATE '{Origin.AddDays(day):yyyy-MM-dd}'";
        string orders = customer.Orders?.ToString(CultureInfo.InvariantCulture) ?? "NULL";
        string spend = customer.SpendCents is { } cents ? (cents / 100m).ToString("0.00", CultureInfo.InvariantCulture) : "NULL";
        return $"({customer.Id}, {recency}, {orders}, {spend})";
    }

    /// <summary>
    /// QUANTILE_CONT at k/n for k = 1..n−1 of the non-null values (in storage units), exactly: position k·(count−1)/n
    /// as a fraction, the cut point low + (high − low)·remainder/n.
    /// </summary>
    private static (long Low, long High, long Remainder, long Denominator)[] Cuts(IEnumerable<long?> values, int scores)
    {
        var sorted = values.Where(value => value is not null).Select(value => value!.Value).Order().ToArray();
        if (sorted.Length == 0)
            return [];
        var cuts = new (long, long, long, long)[scores - 1];
        for (int step = 1; step < scores; step++)
        {
            long scaled = (long)step * (sorted.Length - 1);
            long below = scaled / scores;
            long remainder = scaled % scores;
            cuts[step - 1] = (sorted[below], sorted[remainder == 0 ? below : below + 1], remainder, scores);
        }
        return cuts;
    }

    /// <summary>1 + the number of cut points the value beats: v &gt; cut (or v &lt; cut when lower is better), compared exactly.</summary>
    private static int? Score(long? value, (long Low, long High, long Remainder, long Denominator)[] cuts, bool lowerIsBetter) => value is not { } known
        ? null
        : 1 + cuts.Count(cut =>
        {
            Int128 left = (Int128)(known - cut.Low) * cut.Denominator;
            Int128 right = (Int128)(cut.High - cut.Low) * cut.Remainder;
            return lowerIsBetter ? left < right : left > right;
        });

    // ---- PARETO ----

    public sealed record ParetoCase(IReadOnlyList<(long? Cents, bool Vip)> Customers)
    {
        public override string ToString() => string.Join(", ", Customers.Select(customer => $"{customer.Cents?.ToString(CultureInfo.InvariantCulture) ?? "NULL"}{(customer.Vip ? "*" : "")}"));
    }

    private static Arbitrary<ParetoCase> ParetoCases() => Arb.From(
        from count in Gen.Frequency((1, Gen.Choose(0, 3)), (4, Gen.Choose(4, 300)), (1, Gen.Choose(301, 5_000)))
        from customers in Gen.ArrayOf(
            from cents in Gen.Frequency((6, Gen.Choose(0, 100_000).Select(value => (long?)value)), (2, Gen.Elements<long?>(0, 500, 999_999_999)), (1, Gen.Constant<long?>(null)))
            from vip in Gen.Elements(true, false)
            select (cents, vip), count)
        select new ParetoCase(customers));

    [Property(MaxTest = 80)]
    public Property Pareto_matches_a_sorted_cumulative_sum() => Prop.ForAll(ParetoCases(), item =>
    {
        using var database = PortraitDatabase.CreateInMemory();
        database.Execute("CREATE TABLE customers (id BIGINT KEY, spend DECIMAL(12,2), vip BOOL)");
        for (int start = 0; start < item.Customers.Count; start += 500)
        {
            var rows = item.Customers.Skip(start).Take(500).Select((customer, index) =>
                $"({start + index}, {(customer.Cents is { } cents ? (cents / 100m).ToString("0.00", CultureInfo.InvariantCulture) : "NULL")}, {(customer.Vip ? "TRUE" : "FALSE")})");
            database.Execute($"INSERT INTO customers VALUES {string.Join(", ", rows)}");
        }
        CheckPareto(database.Execute("PARETO customers BY spend"), item.Customers.Select(customer => customer.Cents));
        CheckPareto(database.Execute("PARETO customers BY spend WHERE vip"), item.Customers.Where(customer => customer.Vip).Select(customer => customer.Cents));
    });

    private static void CheckPareto(QueryResult result, IEnumerable<long?> values)
    {
        var sorted = values.Where(value => value is not null).Select(value => value!.Value).OrderDescending().ToArray();
        var sums = new decimal[sorted.Length + 1];
        for (int index = 0; index < sorted.Length; index++)
            sums[index + 1] = sums[index] + (sorted[index] / 100m);
        decimal total = sums[^1];
        int reached = sorted.Length;
        for (int top = 0; top <= sorted.Length; top++)
        {
            if (total > 0 && sums[top] >= 0.8m * total)
            {
                reached = top;
                break;
            }
        }
        Assert.Equal(11, result.RowCount);
        Assert.Equal("80% of spend", result[0, "point"]);
        Assert.Equal((long)reached, result[0, "customers"]);
        Assert.Equal(sums[reached], result[0, "spend"]);
        for (int tenth = 1; tenth <= 10; tenth++)
        {
            long customers = (long)Math.Ceiling(sorted.Length * tenth / 10m);
            Assert.Equal($"top {tenth * 10}%", result[tenth, "point"]);
            Assert.Equal(customers, result[tenth, "customers"]);
            Assert.Equal(sums[customers], result[tenth, "spend"]);
            if (total > 0)
                Assert.Equal((double)(sums[customers] / total), (double)result[tenth, "spend_share"]!, 9);
            else
                Assert.Null(result[tenth, "spend_share"]);
        }
    }
}
