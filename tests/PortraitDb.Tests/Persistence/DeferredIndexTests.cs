using System.Globalization;
using PortraitDb.Storage;

namespace PortraitDb.Tests.Persistence;

/// <summary>
/// A table opened from disk reads its value bitmaps on demand: a query reads only the values it names, the bitmaps
/// it reads are the ones a whole-column read later shares, and concurrent readers of one column agree.
/// </summary>
public sealed class DeferredIndexTests : IDisposable
{
    private static readonly string[] Cities = ["北京", "上海", "广州", "深圳", "杭州", "成都"];
    private const int Rows = 150_000;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "portraitdb-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }

    private static string CityOf(int row) => Cities[(row * 7 + (row / 1000)) % Cities.Length];

    private static bool SingleOf(int row) => row % 3 == 0;

    private PortraitDatabase OpenSaved()
    {
        using (var database = PortraitDatabase.Open(_directory))
        {
            var table = database.CreateTable("people", new TableSchema([
                new ColumnDefinition("id", ColumnType.Int64, IsKey: true),
                new ColumnDefinition("city", ColumnType.Category),
                new ColumnDefinition("single", ColumnType.Bool),
            ]));
            using var appender = table.CreateAppender();
            for (int row = 0; row < Rows; row++)
            {
                // Every 97th city is NULL, so NULL rows are in play for negations.
                appender.Append((long)row).Append(row % 97 == 0 ? null : CityOf(row)).Append(SingleOf(row)).EndRow();
            }
            appender.Commit();
        }
        return PortraitDatabase.Open(_directory);
    }

    private static long Count(PortraitDatabase database, string where) =>
        Convert.ToInt64(database.Execute($"SELECT COUNT(*) FROM people WHERE {where}").Rows[0][0], CultureInfo.InvariantCulture);

    [Fact]
    public void A_query_reads_only_the_values_it_names()
    {
        using var database = OpenSaved();
        var data = database.GetTable("people").GetSnapshot().Data;
        int city = data.Schema.IndexOf("city");
        long sizeBefore = data.SizeInBytes;

        long expected = Enumerable.Range(0, Rows).Count(row => row % 97 != 0 && CityOf(row) == "上海" && SingleOf(row));
        Assert.Equal(expected, Count(database, "city = '上海' AND single"));
        Assert.Null(data.ValueIndexes[city]);
        // What was read counts in the table's size: the bitmaps and the index blocks kept to read further values.
        Assert.True(data.SizeInBytes > sizeBefore + 150_000, $"{data.SizeInBytes} after, {sizeBefore} before");
        Assert.Null(data.ValueIndexes[data.Schema.IndexOf("single")]);
        Assert.True(data.Dictionaries[city]!.TryGetCode("上海", out int shanghai));
        var read = data.ValueBitmap(city, shanghai);

        // A negation reads the other values; NULL rows match neither side.
        long notShanghai = Enumerable.Range(0, Rows).Count(row => row % 97 != 0 && CityOf(row) != "上海");
        Assert.Equal(notShanghai, Count(database, "city <> '上海'"));
        Assert.Equal(notShanghai, Count(database, "NOT (city = '上海')"));
        Assert.Equal(Enumerable.Range(0, Rows).Count(row => !SingleOf(row)), Count(database, "NOT single"));

        // A whole-column read (GROUP BY) keeps the bitmap read before and agrees with the rows.
        var groups = database.Execute("SELECT city, COUNT(*) FROM people GROUP BY city").Rows
            .ToDictionary(row => row[0] as string ?? "(null)", row => Convert.ToInt64(row[1], CultureInfo.InvariantCulture));
        foreach (string name in Cities)
            Assert.Equal(Enumerable.Range(0, Rows).Count(row => row % 97 != 0 && CityOf(row) == name), groups[name]);
        Assert.Equal((Rows + 96) / 97, groups["(null)"]);
        Assert.Same(read, data.ValueIndex(city)![shanghai]);
        Assert.Equal([.. Enumerable.Range(0, Rows).Where(row => row % 97 != 0 && CityOf(row) == "上海").Select(row => (uint)row)], read.ToArray());
    }

    [Fact]
    public void Concurrent_readers_of_one_column_agree()
    {
        using var database = OpenSaved();
        var data = database.GetTable("people").GetSnapshot().Data;
        int city = data.Schema.IndexOf("city");
        var expected = Cities.Select(name => (long)Enumerable.Range(0, Rows).Count(row => row % 97 != 0 && CityOf(row) == name)).ToArray();
        var answers = new long[8][];
        Parallel.For(0, answers.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, reader =>
        {
            answers[reader] = new long[Cities.Length];
            for (int step = 0; step < Cities.Length; step++)
            {
                int index = (step + reader) % Cities.Length;
                answers[reader][index] = reader % 3 == 0
                    ? data.ValueIndex(city)![Code(data, city, Cities[index])].Cardinality
                    : data.ValueBitmap(city, Code(data, city, Cities[index])).Cardinality;
            }
        });
        foreach (var answer in answers)
            Assert.Equal(expected, answer);
        var whole = data.ValueIndex(city)!;
        foreach (string name in Cities)
            Assert.Same(whole[Code(data, city, name)], data.ValueBitmap(city, Code(data, city, name)));
    }

    private static int Code(TableData data, int column, string value) =>
        data.Dictionaries[column]!.TryGetCode(value, out int code) ? code : throw new InvalidOperationException(value);
}
