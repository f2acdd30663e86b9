using PortraitDb.DataGen;
using PortraitDb.Storage;

namespace PortraitDb.Tests.DataGen;

/// <summary>Marginals, NULL rates, invariants and correlations of a 100k-row sample, within loose tolerances.</summary>
public sealed class ProfileDistributionTests
{
    private static readonly ProfileTestData.Row[] Rows = ProfileTestData.Sample;

    private static double Share<T>(IEnumerable<T> rows, Func<T, bool> predicate)
    {
        var list = rows as IReadOnlyCollection<T> ?? rows.ToArray();
        return list.Count(predicate) / (double)list.Count;
    }

    [Fact]
    public void Schema_lists_the_columns_in_order_with_their_types()
    {
        Assert.Equal(22, ProfileSchema.Columns.Count);
        Assert.Equal("customer_id", ProfileSchema.Columns[0].Name);
        Assert.True(ProfileSchema.Columns[0].IsKey);
        Assert.Single(ProfileSchema.Columns, c => c.IsKey);
        Assert.Equal(ColumnType.Decimal(12, 2), ProfileSchema.Columns[ProfileSchema.IndexOf("total_spend")].Type);
        Assert.Equal(ColumnType.Tags, ProfileSchema.Columns[ProfileSchema.IndexOf("interests")].Type);
        Assert.Equal(-1, ProfileSchema.IndexOf("nope"));
        Assert.InRange(ProfileSchema.Columns[ProfileSchema.IndexOf("city")].Values!.Count, 290, 320);
        Assert.InRange(ProfileSchema.InterestTags.Count, 45, 64);
    }

    [Fact]
    public void Gender_is_about_even()
    {
        Assert.InRange(Share(Rows, r => r.Gender == "female"), 0.48, 0.54);
        Assert.All(Rows, r => Assert.Contains(r.Gender, new[] { "male", "female" }));
    }

    [Fact]
    public void Ages_are_adult_and_peak_around_thirty()
    {
        Assert.All(Rows, r => Assert.InRange(r.Age, 18, 80));
        var mode = Rows.GroupBy(r => r.Age).MaxBy(g => g.Count())!.Key;
        Assert.InRange(mode, 27, 36);
        Assert.InRange(Share(Rows, r => r.Age >= 60), 0.02, 0.12);
    }

    [Fact]
    public void Cities_follow_a_zipf_like_popularity_with_the_big_cities_on_top()
    {
        var byCity = Rows.GroupBy(r => r.City).OrderByDescending(g => g.Count()).ToArray();
        Assert.InRange(byCity.Length, 290, 320);
        var top5 = byCity.Take(5).Select(g => g.Key).ToArray();
        Assert.Contains("北京", top5);
        Assert.Contains("上海", top5);
        // Zipf: the head dwarfs the tail.
        Assert.True(byCity[0].Count() > 50 * byCity[^1].Count());
    }

    [Fact]
    public void Every_city_lies_in_its_own_province()
    {
        var provinceOf = Rows.GroupBy(r => r.City).ToDictionary(g => g.Key, g => g.Select(r => r.Province).Distinct().Single());
        Assert.Equal("北京", provinceOf["北京"]);
        Assert.Equal("广东", provinceOf["深圳"]);
        Assert.Equal("广东", provinceOf["广州"]);
        Assert.Equal("浙江", provinceOf["杭州"]);
        Assert.Equal("江苏", provinceOf["苏州"]);
        Assert.Equal("四川", provinceOf["成都"]);
    }

    [Fact]
    public void IPhone_share_rises_with_income()
    {
        var low = Share(Rows.Where(r => r.IncomeBand == "<5k"), r => r.PhoneBrand == "iPhone");
        var high = Share(Rows.Where(r => r.IncomeBand == "50k+"), r => r.PhoneBrand == "iPhone");
        Assert.True(high > low + 0.25, $"iPhone share <5k {low:P1}, 50k+ {high:P1}");
    }

    [Fact]
    public void Married_share_rises_with_age()
    {
        var young = Share(Rows.Where(r => r.Age <= 25), r => r.MaritalStatus == "married");
        var thirties = Share(Rows.Where(r => r.Age is >= 30 and <= 39), r => r.MaritalStatus == "married");
        var fifties = Share(Rows.Where(r => r.Age is >= 45 and <= 60), r => r.MaritalStatus == "married");
        Assert.True(young < thirties && thirties < fifties, $"{young:P1} {thirties:P1} {fifties:P1}");
    }

    [Fact]
    public void Single_means_not_married()
    {
        Assert.All(Rows, r => Assert.Equal(r.MaritalStatus != "married", r.Single));
    }

    [Fact]
    public void Order_figures_are_consistent()
    {
        foreach (var r in Rows)
        {
            if (r.OrderCount == 0)
            {
                Assert.Null(r.AvgOrderValue);
                Assert.Null(r.LastOrderDate);
                Assert.Equal(0m, r.TotalSpend);
                continue;
            }

            // The average is rounded to cents, so the product is off by at most half a cent per order.
            Assert.InRange(Math.Abs((r.AvgOrderValue!.Value * r.OrderCount) - r.TotalSpend), 0m, r.OrderCount * 0.005m);
            Assert.True(r.LastOrderDate >= r.RegistrationDate);
            Assert.True(r.LastOrderDate <= new DateOnly(2026, 6, 30));
            Assert.True(r.TotalSpend < 10_000_000_000m);
            Assert.True(r.AvgOrderValue < 100_000_000m);
        }

        Assert.InRange(Share(Rows, r => r.OrderCount == 0), 0.06, 0.10);
        Assert.All(Rows, r => Assert.InRange(r.RegistrationDate, new DateOnly(2015, 1, 1), new DateOnly(2026, 6, 30)));
    }

    [Fact]
    public void Spend_and_orders_rise_with_member_level()
    {
        var levels = new[] { "bronze", "silver", "gold", "platinum", "diamond" };
        var medianOrders = levels.Select(l => Median(Rows.Where(r => r.MemberLevel == l && r.OrderCount > 0).Select(r => (double)r.OrderCount))).ToArray();
        var meanSpend = levels.Select(l => Rows.Where(r => r.MemberLevel == l && r.OrderCount > 0).Average(r => (double)r.TotalSpend)).ToArray();
        for (var i = 1; i < levels.Length; i++)
        {
            Assert.True(medianOrders[i] > medianOrders[i - 1], string.Join(", ", medianOrders));
            Assert.True(meanSpend[i] > meanSpend[i - 1], string.Join(", ", meanSpend));
        }

        // Long tail: the mean is well above the median.
        var spend = Rows.Where(r => r.OrderCount > 0).Select(r => (double)r.TotalSpend).ToArray();
        Assert.True(spend.Average() > 1.3 * Median(spend));
    }

    [Fact]
    public void App_customers_have_more_sessions_than_offline_ones()
    {
        var app = Rows.Where(r => r.Channel == "app").Average(r => r.AppSessions30d);
        var offline = Rows.Where(r => r.Channel == "offline").Average(r => r.AppSessions30d);
        Assert.True(app > 3 * offline, $"app {app:F1}, offline {offline:F1}");
    }

    [Fact]
    public void Some_columns_have_a_few_nulls()
    {
        Assert.InRange(Share(Rows, r => r.Education is null), 0.02, 0.04);
        Assert.InRange(Share(Rows, r => r.Occupation is null), 0.012, 0.028);
        Assert.InRange(Share(Rows, r => r.IncomeBand is null), 0.008, 0.022);
        Assert.All(Rows, r => Assert.NotNull(r.City));
    }

    [Fact]
    public void Interests_number_one_to_eight_and_follow_gender_and_age()
    {
        Assert.All(Rows, r => Assert.InRange(r.Interests.Split('|').Length, 1, 8));
        Assert.All(Rows, r => Assert.Equal(r.Interests.Split('|').Length, r.Interests.Split('|').Distinct().Count()));
        var distinct = Rows.SelectMany(r => r.Interests.Split('|')).Distinct().Count();
        Assert.InRange(distinct, 45, 64);

        bool Has(ProfileTestData.Row r, string tag) => r.Interests.Split('|').Contains(tag);
        var beautyWomen = Share(Rows.Where(r => r.Gender == "female"), r => Has(r, "beauty"));
        var beautyMen = Share(Rows.Where(r => r.Gender == "male"), r => Has(r, "beauty"));
        Assert.True(beautyWomen > 3 * beautyMen, $"{beautyWomen:P1} vs {beautyMen:P1}");
        var gamingYoung = Share(Rows.Where(r => r.Age <= 25), r => Has(r, "gaming"));
        var gamingOld = Share(Rows.Where(r => r.Age >= 50), r => Has(r, "gaming"));
        Assert.True(gamingYoung > 3 * gamingOld, $"{gamingYoung:P1} vs {gamingOld:P1}");
    }

    [Fact]
    public void Record_exposes_interests_as_a_mask_matching_the_tags()
    {
        var record = new ProfileRecord();
        new ProfileGenerator(ProfileTestData.Seed).Generate(42, record);
        var fromMask = ProfileSchema.InterestTags.Where((_, i) => (record.InterestMask >> i & 1) != 0).ToArray();
        Assert.Equal(fromMask, record.Interests.ToArray());
        Assert.Equal(record.TotalSpendCents, (long)(record.TotalSpend * 100));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
