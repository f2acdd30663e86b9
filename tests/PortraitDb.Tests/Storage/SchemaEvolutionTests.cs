using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PortraitDb.Bitmaps;
using PortraitDb.Storage;

namespace PortraitDb.Tests.Storage;

/// <summary>
/// Columns added, filled from value bitmaps and dropped inside transactions, against a model of every version: a
/// snapshot taken before any step keeps its schema and every value, the committed version holds the model's values
/// (read cell by cell and through the value indexes and null bitmaps), and a dropped transaction leaves no trace.
/// </summary>
public sealed class SchemaEvolutionTests
{
    private static readonly ColumnType[] AddedTypes =
        [ColumnType.Category, ColumnType.Bool, ColumnType.Int32, ColumnType.Int64, ColumnType.Double, ColumnType.Decimal(12, 2), ColumnType.Date, ColumnType.Text];

    /// <summary>One step: add a column and fill some rows; refill some rows of a column; drop a column; commit or roll back.</summary>
    public sealed record Step(int Kind, int Column, int TypeIndex, int Seed, bool Commit);

    public sealed record Case(int Rows, int Deleted, IReadOnlyList<Step> Steps)
    {
        public override string ToString() => $"{Rows} rows ({Deleted} deleted): {string.Join("; ", Steps)}";
    }

    private static Arbitrary<Case> Cases() => Arb.From(
        from rows in Gen.Frequency((1, Gen.Constant(0)), (4, Gen.Choose(1, 200)), (2, Gen.Choose(201, 5_000)), (1, Gen.Choose(65_000, 70_000)))
        from deleted in Gen.Choose(0, Math.Max(0, rows / 3))
        from count in Gen.Choose(1, 8)
        from steps in Gen.ArrayOf(
            from kind in Gen.Choose(0, 2)
            from column in Gen.Choose(0, 10)
            from type in Gen.Choose(0, AddedTypes.Length - 1)
            from seed in Gen.Choose(0, int.MaxValue)
            from commit in Gen.Frequency((4, Gen.Constant(true)), (1, Gen.Constant(false)))
            select new Step(kind, column, type, seed, commit), count)
        select new Case(rows, deleted, steps));

    [Property(MaxTest = 60)]
    public Property Old_snapshots_keep_their_columns_and_the_new_version_matches_the_model() => Prop.ForAll(Cases(), Check);

    private static void Check(Case item)
    {
        using var database = PortraitDatabase.CreateInMemory();
        var table = database.CreateTable("t", new TableSchema(new ColumnDefinition("id", ColumnType.Int64, IsKey: true), new ColumnDefinition("city", ColumnType.Category)));
        var model = new List<(ColumnDefinition Column, Dictionary<uint, object?> Values)>
        {
            (table.Schema.Columns[0], []),
            (table.Schema.Columns[1], []),
        };
        using (var appender = table.CreateAppender())
        {
            for (int row = 0; row < item.Rows; row++)
            {
                string? city = row % 7 == 0 ? null : $"city{row % 5}";
                appender.Append(row).Append(city).EndRow();
                model[0].Values[(uint)row] = (long)row;
                model[1].Values[(uint)row] = city;
            }
            appender.Commit();
        }
        using (var transaction = table.BeginTransaction())
        {
            for (int row = 0; row < item.Deleted; row++)
                transaction.Delete((long)(row * 3 % Math.Max(1, item.Rows)));
            transaction.Commit();
        }
        var live = table.GetSnapshot().GetLiveRows();
        var versions = new List<(TableSnapshot Snapshot, List<(ColumnDefinition Column, Dictionary<uint, object?> Values)> Model)> { (table.GetSnapshot(), Copy(model)) };
        int added = 0;
        foreach (var step in item.Steps)
        {
            var random = new Random(step.Seed);
            var working = Copy(model);
            using (var transaction = table.BeginTransaction())
            {
                var data = transaction.Snapshot.Data;
                switch (step.Kind)
                {
                    case 0:
                        {
                            var column = new ColumnDefinition($"c{added++}", AddedTypes[step.TypeIndex]);
                            transaction.AddColumn(column);
                            working.Add((column, live.ToDictionary(row => row, _ => (object?)null)));
                            Fill(data, working, working.Count - 1, live, random);
                            break;
                        }
                    case 1 when working.Count > 2:
                        Fill(data, working, 2 + (step.Column % (working.Count - 2)), live, random);
                        break;
                    case 2 when working.Count > 1:
                        {
                            int ordinal = 1 + (step.Column % (working.Count - 1));
                            transaction.DropColumn(working[ordinal].Column.Name);
                            working.RemoveAt(ordinal);
                            break;
                        }
                }
                AssertMatches(transaction.Snapshot, working, live, "inside the transaction");
                if (step.Commit)
                {
                    transaction.Commit();
                    model = working;
                }
            }
            versions.Add((table.GetSnapshot(), Copy(model)));
            foreach (var (snapshot, expected) in versions)
                AssertMatches(snapshot, expected, live, $"after {step}");
        }
    }

    /// <summary>Writes random values (or NULL) to a random part of the live rows, through the whole-column write.</summary>
    private static void Fill(TableData data, List<(ColumnDefinition Column, Dictionary<uint, object?> Values)> model, int ordinal, RoaringBitmap live, Random random)
    {
        var column = model[ordinal].Column;
        var chosen = live.Where(_ => random.Next(3) > 0).ToArray();
        var rows = RoaringBitmap.FromSorted(chosen);
        var byValue = new Dictionary<object, List<uint>>();
        foreach (uint row in chosen)
        {
            object? value = RandomValue(column.Type, random);
            model[ordinal].Values[row] = value;
            if (value is null)
                continue;
            if (!byValue.TryGetValue(value, out var list))
                byValue[value] = list = [];
            list.Add(row);
        }
        var values = byValue.Select(entry => new ColumnValues(ValueConversion.ToCell(entry.Key, column), RoaringBitmap.FromSorted(entry.Value.ToArray()))).ToList();
        data.SetValues(data.Schema.IndexOf(column.Name), rows, values);
    }

    private static object? RandomValue(ColumnType type, Random random)
    {
        if (random.Next(5) == 0)
            return null;
        return type.Kind switch
        {
            ColumnKind.Category => $"v{random.Next(300)}",
            ColumnKind.Bool => random.Next(2) == 0,
            ColumnKind.Int32 => random.Next(-3, 4),
            ColumnKind.Int64 => (long)random.Next(-100, 100) * 1_000_000_007L,
            ColumnKind.Double => random.Next(-8, 8) / 4.0,
            ColumnKind.Decimal => random.Next(-10_000, 10_000) / 100m,
            ColumnKind.Date => new DateOnly(2020, 1, 1).AddDays(random.Next(1_000)),
            _ => $"text {random.Next(10)}",
        };
    }

    private static void AssertMatches(TableSnapshot snapshot, List<(ColumnDefinition Column, Dictionary<uint, object?> Values)> model, RoaringBitmap live, string when)
    {
        Assert.Equal(model.Select(entry => entry.Column), snapshot.Schema.Columns);
        Assert.Equal(live.Cardinality, snapshot.RowCount);
        for (int ordinal = 0; ordinal < model.Count; ordinal++)
        {
            var (column, values) = model[ordinal];
            var nulls = new List<uint>();
            var byValue = new Dictionary<object, List<uint>>();
            foreach (uint row in live)
            {
                object? expected = values.GetValueOrDefault(row);
                object? actual = snapshot.GetValue(row, ordinal);
                Assert.True(Equals(Normalize(expected), Normalize(actual)), $"{when}: row {row}, column {column.Name}: expected {expected ?? "NULL"}, got {actual ?? "NULL"}");
                if (expected is null)
                    nulls.Add(row);
                else if (column.Type.IsIndexed)
                    (byValue.TryGetValue(expected, out var list) ? list : byValue[expected] = []).Add(row);
            }
            Assert.True(RoaringBitmap.FromSorted(nulls.ToArray()).Equals(snapshot.GetNullRows(column.Name)), $"{when}: the null bitmap of {column.Name}");
            foreach (var (value, rows) in byValue)
                Assert.True(RoaringBitmap.FromSorted(rows.ToArray()).Equals(snapshot.GetRowsWithValue(column.Name, value)), $"{when}: the bitmap of {column.Name} = {value}");
        }
    }

    private static object? Normalize(object? value) => value switch
    {
        int integer => (long)integer,
        _ => value,
    };

    private static List<(ColumnDefinition Column, Dictionary<uint, object?> Values)> Copy(List<(ColumnDefinition Column, Dictionary<uint, object?> Values)> model) =>
        [.. model.Select(entry => (entry.Column, new Dictionary<uint, object?>(entry.Values)))];
}
