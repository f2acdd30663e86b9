using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace PortraitDb.Tests.Query.Differential;

/// <summary>
/// Differential test of the query engine: random tables (with deletes, upserts, updates and rolled-back writes)
/// and random queries, answered by the engine and by a naive row-by-row evaluator; the answers must agree. Many
/// small tables run as FsCheck properties; a few tables across segment boundaries are built once each.
/// </summary>
[Properties(Arbitrary = [typeof(DifferentialArbitraries)], MaxTest = 120)]
public sealed class DifferentialTests
{
    private const int SegmentRows = 65_536;
    private const int QueriesPerLargeTable = 30;

    [Property]
    public void Engine_answers_like_the_naive_evaluator(DifferentialCase item) => DifferentialRunner.Check(item);

    [Property(MaxTest = 60)]
    public void True_false_and_unknown_rows_partition_the_live_rows(PartitionCase item) => DifferentialRunner.CheckPartition(item);

    public static TheoryData<int, bool> LargeTables() => new()
    {
        { SegmentRows, false },
        { SegmentRows + 1, false },
        { (2 * SegmentRows) + 3_000, true },
    };

    /// <summary>
    /// One table of <paramref name="rows"/> rows (a full segment, one row past it, or three segments with the middle
    /// one emptied by deletes), then random queries against it, shrunk on failure.
    /// </summary>
    [Theory]
    [MemberData(nameof(LargeTables))]
    public void Engine_answers_like_the_naive_evaluator_across_segment_boundaries(int rows, bool emptyMiddleSegment)
    {
        ulong seed = (ulong)Random.Shared.NextInt64();
        var table = DifferentialGenerators.Table(Gen.Constant(rows)).Sample(1, new Rnd(seed), 1)[0];
        if (emptyMiddleSegment)
        {
            var middle = table.Rows.Skip(SegmentRows).Take(SegmentRows).Select(row => (string)row[table.Schema.Key.Ordinal]!).ToList();
            table = table with { Mutations = [.. table.Mutations, new DeleteKeys(middle)] };
        }
        using var database = PortraitDatabase.CreateInMemory();
        var live = table.Build(database);
        string context = string.Create(CultureInfo.InvariantCulture,
            $"large table: seed {seed}, {rows} rows, {live.Count} live, schema {table.Schema}, load {table.Load} every {table.CommitEvery}\nmutations:\n{string.Join("\n", table.Mutations.Select(mutation => mutation.ToString()![..Math.Min(300, mutation.ToString()!.Length)]))}");
        var pools = LiteralPools.From(table.Schema, table.Rows);
        var queries = Arb.From(DifferentialGenerators.Query(table.Schema, pools), query => query.Shrinks());
        var property = Prop.ForAll(queries, query => DifferentialRunner.CheckQuery(database, live, query, context));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(QueriesPerLargeTable), property);
    }
}
