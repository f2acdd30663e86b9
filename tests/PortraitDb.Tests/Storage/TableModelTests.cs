using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PortraitDb.Bitmaps;
using PortraitDb.Storage;
using PortraitDb.Storage.Columns;

namespace PortraitDb.Tests.Storage;

/// <summary>
/// Random sequences of inserts, upserts, updates and deletes applied to a table and to a plain model; after
/// every step the table's values, key index, null bitmaps, value indexes and zone maps must match the model,
/// and a snapshot taken before the step must still show the state before it.
/// </summary>
public sealed class TableModelTests
{
    internal static readonly TableSchema Schema = new(
        new ColumnDefinition("id", ColumnType.Text, IsKey: true),
        new ColumnDefinition("gender", ColumnType.Category),
        new ColumnDefinition("age", ColumnType.Int32),
        new ColumnDefinition("spend", ColumnType.Decimal(10, 2)),
        new ColumnDefinition("vip", ColumnType.Bool),
        new ColumnDefinition("interests", ColumnType.Tags),
        new ColumnDefinition("note", ColumnType.Text),
        new ColumnDefinition("score", ColumnType.Double),
        new ColumnDefinition("since", ColumnType.Date),
        new ColumnDefinition("seen", ColumnType.Timestamp),
        new ColumnDefinition("visits", ColumnType.Int64));

    private static readonly string[] Genders = ["female", "male", "其他"];
    private static readonly string[] Interests = ["sports", "travel", "美食", "music", "pets"];

    internal sealed class Model
    {
        public readonly Dictionary<string, object?[]> Rows = new(StringComparer.Ordinal);
        public readonly Dictionary<string, uint> RowIds = new(StringComparer.Ordinal);

        public Model Clone()
        {
            var copy = new Model();
            foreach (var (key, values) in Rows)
                copy.Rows[key] = (object?[])values.Clone();
            foreach (var (key, row) in RowIds)
                copy.RowIds[key] = row;
            return copy;
        }
    }

    private static object? RandomValue(Random random, int column)
    {
        if (column > 0 && random.Next(8) == 0)
            return null;
        return column switch
        {
            1 => Genders[random.Next(Genders.Length)],
            2 => random.Next(-5, 120),
            3 => Math.Round((decimal)random.Next(-100_000, 10_000_000) / 100, 2),
            4 => random.Next(2) == 0,
            5 => Interests.Where(_ => random.Next(3) == 0).ToArray(),
            6 => random.Next(4) == 0 ? "" : $"note {random.Next(1000)} 备注",
            7 => random.NextDouble() * 1000 - 100,
            8 => new DateOnly(2015, 1, 1).AddDays(random.Next(4000)),
            9 => new DateTime(2020, 1, 1).AddSeconds(random.Next(100_000_000)).AddTicks(random.Next(10) * 10),
            10 => random.NextInt64(-1_000_000_000_000, 1_000_000_000_000),
            _ => throw new ArgumentOutOfRangeException(nameof(column)),
        };
    }

    internal static object?[] RandomRow(Random random, string key)
    {
        var values = new object?[Schema.Columns.Count];
        values[0] = key;
        for (int column = 1; column < values.Length; column++)
            values[column] = RandomValue(random, column);
        return values;
    }

    internal static void ApplyRandomStep(Random random, Table table, Model model, int keySpace)
    {
        string key = $"C{random.Next(keySpace):D6}";
        switch (random.Next(5))
        {
            case 0:
                {
                    var values = RandomRow(random, key);
                    if (model.Rows.ContainsKey(key))
                    {
                        var error = Assert.ThrowsAny<PortraitDbException>(() => table.Insert(values));
                        Assert.Equal(PortraitDbErrorKind.Constraint, error.Kind);
                        return;
                    }
                    model.RowIds[key] = table.Insert(values);
                    model.Rows[key] = values;
                    return;
                }
            case 1:
                {
                    var values = RandomRow(random, key);
                    uint row = table.Upsert(values);
                    if (model.RowIds.TryGetValue(key, out uint existing))
                        Assert.Equal(existing, row);
                    model.RowIds[key] = row;
                    model.Rows[key] = values;
                    return;
                }
            case 2:
                {
                    int column = 1 + random.Next(Schema.Columns.Count - 1);
                    object? value = RandomValue(random, column);
                    bool updated = table.Update(key, Schema.Columns[column].Name, value);
                    Assert.Equal(model.Rows.ContainsKey(key), updated);
                    if (updated)
                        model.Rows[key][column] = value;
                    return;
                }
            case 3:
                {
                    bool deleted = table.Delete(key);
                    Assert.Equal(model.Rows.Remove(key), deleted);
                    model.RowIds.Remove(key);
                    return;
                }
            default:
                {
                    // A multi-row transaction that is rolled back leaves nothing behind.
                    using var transaction = table.BeginTransaction();
                    transaction.Upsert(RandomRow(random, key));
                    transaction.Delete($"C{random.Next(keySpace):D6}");
                    return;
                }
        }
    }

    internal static void AssertMatches(TableSnapshot snapshot, Model model, Func<string, bool>? checkValuesOf = null)
    {
        Assert.Equal(model.Rows.Count, snapshot.RowCount);
        var live = snapshot.GetLiveRows();
        Assert.Equal(model.RowIds.Values.Order(), live.ToArray());
        foreach (var (key, values) in model.Rows)
        {
            if (checkValuesOf is not null && !checkValuesOf(key))
                continue;
            Assert.True(snapshot.TryFindRow(key, out uint row), $"key {key} not found");
            Assert.Equal(model.RowIds[key], row);
            var actual = snapshot.GetRow(row);
            for (int column = 0; column < values.Length; column++)
            {
                if (values[column] is string[] tags)
                    Assert.Equal(tags.Distinct().Order(), ((string[])actual[column]!).Order());
                else
                    Assert.Equal(values[column], actual[column]);
            }
        }
        for (int column = 0; column < Schema.Columns.Count; column++)
        {
            var name = Schema.Columns[column].Name;
            var expectedNulls = model.Rows.Where(entry => entry.Value[column] is null).Select(entry => model.RowIds[entry.Key]).Order();
            Assert.Equal(expectedNulls, snapshot.GetNullRows(name).ToArray());
        }
        foreach (string gender in Genders)
            Assert.Equal(RowsWhere(model, 1, value => (string?)value == gender), snapshot.GetRowsWithValue("gender", gender).ToArray());
        foreach (bool flag in new[] { false, true })
            Assert.Equal(RowsWhere(model, 4, value => value is bool actual && actual == flag), snapshot.GetRowsWithValue("vip", flag).ToArray());
        foreach (string interest in Interests)
            Assert.Equal(RowsWhere(model, 5, value => value is string[] tags && tags.Contains(interest)), snapshot.GetRowsWithValue("interests", interest).ToArray());
        Assert.True(snapshot.GetRowsWithValue("gender", "never-seen").IsEmpty);
        AssertZoneMaps(snapshot, model);
    }

    private static uint[] RowsWhere(Model model, int column, Func<object?, bool> predicate) =>
        [.. model.Rows.Where(entry => predicate(entry.Value[column])).Select(entry => model.RowIds[entry.Key]).Order()];

    private static void AssertZoneMaps(TableSnapshot snapshot, Model model)
    {
        foreach (var (key, values) in model.Rows)
        {
            uint row = model.RowIds[key];
            if (values[2] is int age)
            {
                var chunk = (NumericChunk<int>)snapshot.Data.ChunkAt(row, 2);
                Assert.InRange(age, chunk.Min, chunk.Max);
            }
            if (values[10] is long visits)
            {
                var chunk = (NumericChunk<long>)snapshot.Data.ChunkAt(row, 10);
                Assert.InRange(visits, chunk.Min, chunk.Max);
            }
        }
    }

    /// <summary>Runs random steps; row values are checked for the keys steps touch (all keys start with C), bitmaps in full.</summary>
    private static void RunSequence(int seed, int steps, int keySpace, Table table, Model model)
    {
        var random = new Random(seed);
        static bool Touched(string key) => key.StartsWith('C');
        for (int step = 0; step < steps; step++)
        {
            var before = table.GetSnapshot();
            var beforeModel = model.Clone();
            ApplyRandomStep(random, table, model, keySpace);
            AssertMatches(table.GetSnapshot(), model, Touched);
            AssertMatches(before, beforeModel, Touched);
        }
    }

    [Property(MaxTest = 40)]
    public void Indexes_stay_exact_under_random_changes(PositiveInt seed)
    {
        using var database = PortraitDatabase.CreateInMemory();
        var table = database.CreateTable("profiles", Schema);
        RunSequence(seed.Get, steps: 60, keySpace: 25, table, new Model());
    }

    [Fact]
    public void Indexes_stay_exact_across_a_segment_boundary()
    {
        using var database = PortraitDatabase.CreateInMemory();
        var table = database.CreateTable("profiles", Schema);
        var model = new Model();
        var random = new Random(42);
        using (var appender = table.CreateAppender())
        {
            for (int index = 0; index < 65_530; index++)
            {
                string key = $"P{index:D6}";
                var values = RandomRow(random, key);
                AppendRow(appender, values);
                model.Rows[key] = values;
                model.RowIds[key] = (uint)index;
            }
            appender.Commit();
        }
        AssertMatches(table.GetSnapshot(), model);
        // New keys land past row 65,535, in the second segment; updates and deletes hit both.
        RunSequence(7, steps: 40, keySpace: 30, table, model);
        AssertMatches(table.GetSnapshot(), model);
        for (int index = 0; index < 40; index++)
        {
            string key = $"P{65_500 + (index % 30):D6}";
            table.Delete(key);
            model.Rows.Remove(key);
            model.RowIds.Remove(key);
        }
        AssertMatches(table.GetSnapshot(), model);
    }

    internal static void AppendRow(TableAppender appender, object?[] values)
    {
        foreach (object? value in values)
        {
            switch (value)
            {
                case null: appender.AppendNull(); break;
                case string text: appender.Append(text); break;
                case int integer: appender.Append(integer); break;
                case long integer: appender.Append(integer); break;
                case decimal exact: appender.Append(exact); break;
                case double real: appender.Append(real); break;
                case bool flag: appender.Append(flag); break;
                case DateOnly date: appender.Append(date); break;
                case DateTime timestamp: appender.Append(timestamp); break;
                case string[] tags: appender.Append(tags); break;
                default: throw new ArgumentException($"unexpected {value.GetType()}");
            }
        }
        appender.EndRow();
    }
}
