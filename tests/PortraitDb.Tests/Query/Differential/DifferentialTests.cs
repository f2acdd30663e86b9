using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit.Abstractions;

namespace PortraitDb.Tests.Query.Differential;

/// <summary>
/// Differential test of the query engine: random tables (with deletes, upserts, updates and rolled-back writes)
/// and random queries, answered by the engine and by a naive row-by-row evaluator; the answers must agree. Many
/// small tables run as FsCheck properties; a few tables across segment boundaries are built once each.
/// </summary>
[Properties(Arbitrary = [typeof(DifferentialArbitraries)], MaxTest = 300)]
public sealed class DifferentialTests(ITestOutputHelper output)
{
    private const int SegmentRows = 65_536;

    /// <summary>Set to the seed a failure printed to rebuild the same large table.</summary>
    private const string SeedVariable = "PORTRAITDB_DIFFERENTIAL_SEED";

    [Property]
    public void Engine_answers_like_the_naive_evaluator(DifferentialCase item) => DifferentialRunner.Check(item);

    [Property(MaxTest = 100)]
    public void True_false_and_unknown_rows_partition_the_live_rows(PartitionCase item) => DifferentialRunner.CheckPartition(item);

    /// <summary>Rows, the segment whose rows are all deleted (or -1), and how many queries to ask.</summary>
    public static TheoryData<int, int, int> LargeTables() => new()
    {
        // One full segment and nothing after it.
        { SegmentRows, -1, 15 },
        // One row past a segment: the second segment holds a single row.
        { SegmentRows + 1, -1, 15 },
        // Two full segments and part of a third: 2^17 candidate rows or more run the per-segment filters in parallel.
        { (2 * SegmentRows) + 1_000, -1, 15 },
        // Four segments, the second emptied by deletes: an empty segment between full ones, still 2^17 live rows.
        { (3 * SegmentRows) + 3_000, 1, 15 },
    };

    /// <summary>
    /// One table of <paramref name="rows"/> rows (segment <paramref name="emptySegment"/> emptied by deletes), built
    /// once, then <paramref name="queries"/> random queries against it, shrunk on failure. A failure prints the
    /// table's seed; <c>PORTRAITDB_DIFFERENTIAL_SEED</c> rebuilds that table.
    /// </summary>
    [Theory]
    [MemberData(nameof(LargeTables))]
    public void Engine_answers_like_the_naive_evaluator_across_segment_boundaries(int rows, int emptySegment, int queries)
    {
        ulong seed = Environment.GetEnvironmentVariable(SeedVariable) is { Length: > 0 } replay
            ? ulong.Parse(replay, CultureInfo.InvariantCulture)
            : (ulong)Random.Shared.NextInt64();
        var table = DifferentialGenerators.Table(Gen.Constant(rows)).Sample(1, new Rnd(seed), 1)[0];
        if (emptySegment >= 0)
        {
            var doomed = table.Rows.Skip(emptySegment * SegmentRows).Take(SegmentRows).Select(row => (string)row[table.Schema.Key.Ordinal]!).ToList();
            table = table with { Mutations = [.. table.Mutations, new DeleteKeys(doomed)] };
        }
        using var database = PortraitDatabase.CreateInMemory();
        var live = table.Build(database);
        string mutations = string.Join("\n", table.Mutations.Select(mutation => mutation.ToString()!).Select(text => text[..Math.Min(300, text.Length)]));
        string context = string.Create(CultureInfo.InvariantCulture,
            $"large table: seed {seed} (set {SeedVariable} to rebuild it), {rows} rows, {live.Count} live, schema {table.Schema}, " +
            $"load {table.Load} every {table.CommitEvery}\nmutations:\n{mutations}");
        output.WriteLine(context);
        var pools = LiteralPools.From(table.Schema, table.Rows);
        var arbitrary = Arb.From(DifferentialGenerators.Query(table.Schema, pools, listWeight: 1), query => query.Shrinks());
        var property = Prop.ForAll(arbitrary, query => DifferentialRunner.CheckQuery(database, live, query, context));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(queries), property);
    }
}
