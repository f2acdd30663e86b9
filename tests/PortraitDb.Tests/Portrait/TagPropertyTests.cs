using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PortraitDb.Tests.Query.Differential;

namespace PortraitDb.Tests.Portrait;

/// <summary>
/// A tag of the property test: a condition (a BOOL tag), a CASE of conditions with labels (a CATEGORY tag), or a
/// condition over earlier BOOL tags; it renders its definition as SQL and evaluates itself on a model row.
/// </summary>
public sealed record TagDefinition(string Name, IReadOnlyList<Predicate> Whens, IReadOnlyList<string>? Labels, string? Else, IReadOnlyList<TagDefinition>? Reads, bool Disjunction)
{
    /// <summary>The labels a tag over a CASE tag tests for.</summary>
    public static readonly string[] Wanted = ["gold", "其他"];

    public string Sql
    {
        get
        {
            if (Reads is [{ Labels: not null } labelled])
                return $"{labelled.Name} IN ({string.Join(", ", Wanted.Select(label => $"'{label}'"))})";
            if (Reads is not null)
                return string.Join(Disjunction ? " OR " : " AND NOT ", Reads.Select(read => read.Name));
            if (Labels is null)
                return Whens[0].Sql;
            var text = new StringBuilder("CASE");
            for (int index = 0; index < Whens.Count; index++)
                text.Append($" WHEN {Whens[index].Sql} THEN '{Labels[index]}'");
            if (Else is not null)
                text.Append($" ELSE '{Else}'");
            return text.Append(" END").ToString();
        }
    }

    /// <summary>The tag's value on a row: true, false or null for a BOOL tag; a label or null for a CASE.</summary>
    public object? Evaluate(object?[] row)
    {
        if (Reads is [{ Labels: not null } labelled])
            return labelled.Evaluate(row) is string label ? Wanted.Contains(label) : null;
        if (Reads is not null)
        {
            var first = (bool?)Reads[0].Evaluate(row);
            var second = (bool?)Reads[1].Evaluate(row);
            return Disjunction ? SqlSemantics.Or(first, second) : SqlSemantics.And(first, SqlSemantics.Not(second));
        }
        if (Labels is null)
            return Whens[0].Evaluate(row);
        for (int index = 0; index < Whens.Count; index++)
        {
            if (Whens[index].Evaluate(row) == true)
                return Labels[index];
        }
        return Else;
    }

    public override string ToString() => $"CREATE TAG {Name} ON {DifferentialQuery.Table} AS {Sql}";
}

/// <summary>A table, the tags defined on it while empty (kept exact by every write), and those defined after the writes.</summary>
public sealed record TagCase(TableCase Table, IReadOnlyList<TagDefinition> Early, IReadOnlyList<TagDefinition> Late)
{
    public override string ToString() =>
        $"{string.Join(";\n", Early)};\n-- then:\n{Table.Script()}{string.Join(";\n", Late)};";
}

public static class TagArbitraries
{
    private static readonly string[] Labels = ["gold", "silver", "bronze", "其他"];

    public static Arbitrary<TagCase> TagCase() => Arb.From(
        from table in DifferentialGenerators.Table(DifferentialGenerators.SmallRowCounts)
        let pools = LiteralPools.From(table.Schema, table.Rows)
        from early in Tags(table.Schema, pools, "early")
        from late in Tags(table.Schema, pools, "late")
        select new TagCase(table, early, late),
        Shrink);

    public static Gen<TagDefinition[]> Tags(ModelSchema schema, LiteralPools pools, string prefix)
    {
        var condition = Gen.Choose(0, 2).SelectMany(depth => DifferentialGenerators.Condition(schema, pools, depth));
        var boolTag = condition.Select(when => new TagDefinition("", [when], null, null, null, false));
        var caseTag =
            from count in Gen.Choose(1, 3)
            from whens in Gen.ArrayOf(condition, count)
            from labels in Gen.ArrayOf(Gen.Elements(Labels), count)
            from otherwise in Gen.Frequency((1, Gen.Constant<string?>(null)), (2, Gen.Elements(Labels).Select(label => (string?)label)))
            select new TagDefinition("", whens, labels, otherwise, null, false);
        return from first in boolTag
               from second in Gen.Frequency((1, boolTag), (1, caseTag))
               from third in caseTag
               from disjunction in Gen.Elements(true, false)
               select Name(prefix, [first, second, third], disjunction);
    }

    private static TagDefinition[] Name(string prefix, TagDefinition[] tags, bool disjunction)
    {
        var named = tags.Select((tag, index) => tag with { Name = $"{prefix}_{index}" }).ToList();
        // A tag over two BOOL tags: it must be computed after them on every write.
        var bools = named.Where(tag => tag.Labels is null && tag.Reads is null).ToList();
        if (bools.Count >= 2)
            named.Add(new TagDefinition($"{prefix}_{named.Count}", [], null, null, [bools[0], bools[1]], disjunction));
        // A tag over a CASE tag: its category codes must be visible to the same write.
        if (named.FirstOrDefault(tag => tag.Labels is not null) is { } labelled)
            named.Add(new TagDefinition($"{prefix}_{named.Count}", [], null, null, [labelled], false));
        return [.. named];
    }

    private static IEnumerable<TagCase> Shrink(TagCase item)
    {
        foreach (var table in DifferentialArbitraries.ShrinkTable(item.Table))
            yield return item with { Table = table };
        if (item.Late.Count > 0)
            yield return item with { Late = [] };
        if (item.Early.Count > 0)
            yield return item with { Early = [] };
    }
}

/// <summary>
/// Tags against a row-by-row model: whatever the writes (appender batches, transactions, SQL INSERT, upserts, updates
/// of any column or the key, deletes, rolled-back writes), a tag created on the empty table and one created afterwards
/// equal their definition evaluated on every live row, read both from the column (a listing) and from its bitmaps
/// (a count per value).
/// </summary>
[Properties(Arbitrary = [typeof(TagArbitraries)], MaxTest = 120)]
public sealed class TagPropertyTests
{
    [Property]
    public void Tags_equal_their_definition_on_every_live_row_after_any_writes(TagCase item) => Check(item);

    /// <summary>
    /// Three segments and more than the row-by-row limit in every write batch: whole-column fills run per segment in
    /// parallel, and the appender's commits recompute thousands of rows through the bitmap path.
    /// </summary>
    [Fact]
    public void Tags_stay_exact_across_segments_and_large_batches()
    {
        int rows = (2 * 65_536) + 1_000;
        var generator =
            from table in DifferentialGenerators.Table(Gen.Constant(rows))
            let pools = LiteralPools.From(table.Schema, table.Rows)
            from early in TagArbitraries.Tags(table.Schema, pools, "early")
            from late in TagArbitraries.Tags(table.Schema, pools, "late")
            select new TagCase(table with { Load = LoadMode.Appender, CommitEvery = 20_000 }, early, late);
        ulong seed = (ulong)Random.Shared.NextInt64();
        var item = generator.Sample(1, new Rnd(seed), 1)[0];
        try
        {
            Check(item);
        }
        catch (Xunit.Sdk.XunitException error)
        {
            throw new Xunit.Sdk.XunitException($"seed {seed} (generator.Sample(1, new Rnd(seed), 1) rebuilds the case):\n{item}\n{error.Message}");
        }
    }

    private static void Check(TagCase item)
    {
        using var database = PortraitDatabase.CreateInMemory();
        var live = item.Table.Build(database, _ =>
        {
            foreach (var tag in item.Early)
                database.Execute(tag.ToString());
        });
        foreach (var tag in item.Late)
            database.Execute(tag.ToString());
        var tags = item.Early.Concat(item.Late).ToList();
        if (tags.Count == 0)
            return;
        var key = item.Table.Schema.Key;
        var result = database.Execute($"SELECT {key.Name}, {string.Join(", ", tags.Select(tag => tag.Name))} FROM {DifferentialQuery.Table}");
        Assert.Equal(live.Count, result.RowCount);
        var byKey = live.ToDictionary(row => (string)row[key.Ordinal]!, StringComparer.Ordinal);
        foreach (var row in result.Rows)
        {
            var model = byKey[(string)row[0]!];
            for (int index = 0; index < tags.Count; index++)
            {
                object? expected = tags[index].Evaluate(model);
                Assert.True(Equals(expected, row[index + 1]), $"tag {tags[index].Name} = {tags[index].Sql} on row {SqlSemantics.Literals(model)}: engine {row[index + 1] ?? "NULL"}, model {expected ?? "NULL"}");
            }
        }
        foreach (var tag in tags)
        {
            var counts = database.Execute($"SELECT {tag.Name}, COUNT(*) FROM {DifferentialQuery.Table} GROUP BY 1");
            var expected = live.GroupBy(row => tag.Evaluate(row) ?? "NULL").ToDictionary(group => group.Key.ToString()!, group => (long)group.Count());
            var actual = counts.Rows.ToDictionary(row => row[0]?.ToString() ?? "NULL", row => (long)row[1]!);
            Assert.True(expected.Count == actual.Count && expected.All(entry => actual.GetValueOrDefault(entry.Key) == entry.Value),
                $"counts of {tag.Name}: engine {string.Join(", ", actual)}; model {string.Join(", ", expected)}");
            if (tag.Labels is null)
            {
                long trueRows = (long)database.Execute($"SELECT COUNT(*) FROM {DifferentialQuery.Table} WHERE {tag.Name}").Scalar()!;
                Assert.Equal(expected.GetValueOrDefault("True"), trueRows);
            }
        }
    }
}
