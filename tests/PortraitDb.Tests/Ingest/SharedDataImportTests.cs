using System.IO.Compression;
using System.Text;
using PortraitDb.DataGen;
using PortraitDb.Ingest;
using PortraitDb.Storage;

namespace PortraitDb.Tests.Ingest;

/// <summary>
/// <see cref="CsvImporter"/> end to end: every real file in ../shared/data imported into a table and checked through
/// the table's snapshot (counts from each file's README or computed from the file), then the import's behaviour on
/// small files written here: all or nothing, skip mode, keys, TAGS, Chinese text, progress and cancellation.
/// </summary>
public sealed class SharedDataImportTests
{
    /// <summary>The Adult columns as its README lists them, with '-' written '_' so they are plain identifiers.</summary>
    private static readonly string[] AdultColumns =
    [
        "age", "workclass", "fnlwgt", "education", "education_num", "marital_status", "occupation", "relationship",
        "race", "sex", "capital_gain", "capital_loss", "hours_per_week", "native_country", "income",
    ];

    private static readonly CsvOptions AdultCsv = new() { HasHeader = false, Delimiter = ", ", NullToken = "?" };

    private static ImportReport Import(PortraitDatabase database, string path, string table, ImportOptions options) =>
        CsvImporter.Import(database, path, table, options);

    [SkippableFact]
    public void Adult_data_imports_with_nulls_and_categories()
    {
        string path = SharedData.RequireData("adult/adult.data");
        using var database = PortraitDatabase.CreateInMemory();
        var report = Import(database, path, "adult", new ImportOptions { Csv = AdultCsv, ColumnNames = AdultColumns });

        Assert.Equal(32_561, report.RowsImported);
        Assert.Equal(0, report.RowsSkipped);
        var snapshot = database.GetTable("adult").GetSnapshot();
        Assert.Equal(32_561, snapshot.RowCount);
        Assert.Equal(ColumnType.Int32, snapshot.Schema.Columns[0].Type);
        Assert.Equal(ColumnType.Category, snapshot.Schema.Columns[9].Type);
        Assert.Equal(39, snapshot.GetValue(0, "age"));
        Assert.Equal("State-gov", snapshot.GetValue(0, "workclass"));
        Assert.Equal(77_516, snapshot.GetValue(0, "fnlwgt"));
        Assert.Equal("<=50K", snapshot.GetValue(0, "income"));
        Assert.Equal(10_771, snapshot.GetRowsWithValue("sex", "Female").Cardinality);
        Assert.Equal(1_836, snapshot.GetNullRows("workclass").Cardinality);
        Assert.Equal(1_843, snapshot.GetNullRows("occupation").Cardinality);
        Assert.Equal(583, snapshot.GetNullRows("native_country").Cardinality);
        Assert.Equal(0, snapshot.GetNullRows("age").Cardinality);
        Assert.Equal(["<=50K", ">50K"], snapshot.GetDistinctValues("income").Order(StringComparer.Ordinal));
        Assert.DoesNotContain("?", snapshot.GetDistinctValues("workclass"));
    }

    [SkippableFact]
    public void Adult_test_skips_its_banner_line()
    {
        string path = SharedData.RequireData("adult/adult.test");
        using var database = PortraitDatabase.CreateInMemory();

        // Without skipping, the one-field banner disagrees with the 15-field records that follow.
        var error = Assert.Throws<ImportException>(() =>
            Import(database, path, "adult_test", new ImportOptions { Csv = AdultCsv, ColumnNames = AdultColumns }));
        Assert.Equal(2, error.Line);
        Assert.False(database.TryGetTable("adult_test", out _));

        var report = Import(database, path, "adult_test", new ImportOptions { Csv = AdultCsv with { SkipLines = 1 }, ColumnNames = AdultColumns });
        Assert.Equal(16_281, report.RowsImported);
        var snapshot = database.GetTable("adult_test").GetSnapshot();
        Assert.Equal(16_281, snapshot.RowCount);
        Assert.Equal(25, snapshot.GetValue(0, "age"));
        Assert.Equal("Private", snapshot.GetValue(0, "workclass"));
        Assert.Equal(5_421, snapshot.GetRowsWithValue("sex", "Female").Cardinality);
        Assert.Equal(963, snapshot.GetNullRows("workclass").Cardinality);
        // The test file's labels carry a trailing dot.
        Assert.Equal(3_846, snapshot.GetRowsWithValue("income", ">50K.").Cardinality);
        Assert.Equal(0, snapshot.GetRowsWithValue("income", ">50K").Cardinality);
    }

    [SkippableFact]
    public void Bank_marketing_reads_quoted_header_and_yes_no_as_bool()
    {
        string path = SharedData.RequireData("bank-marketing/bank-full.csv");
        using var database = PortraitDatabase.CreateInMemory();
        var report = Import(database, path, "bank", new ImportOptions { Csv = new CsvOptions { Delimiter = ";" } });

        Assert.Equal(45_211, report.RowsImported);
        var snapshot = database.GetTable("bank").GetSnapshot();
        Assert.Equal(45_211, snapshot.RowCount);
        Assert.Equal("age", snapshot.Schema.Columns[0].Name);
        Assert.Equal("y", snapshot.Schema.Columns[16].Name);
        Assert.Equal(ColumnType.Bool, snapshot.Schema.Columns[16].Type);
        Assert.Equal(58, snapshot.GetValue(0, "age"));
        Assert.Equal("management", snapshot.GetValue(0, "job"));
        Assert.Equal(2_143, snapshot.GetValue(0, "balance"));
        Assert.Equal(false, snapshot.GetValue(0, "y"));
        Assert.Equal(5_289, snapshot.GetRowsWithValue("y", true).Cardinality);
        Assert.Equal(9_458, snapshot.GetRowsWithValue("job", "management").Cardinality);
        Assert.Equal(12, snapshot.GetDistinctValues("month").Count);
    }

    [SkippableFact]
    public void Movielens_users_with_key_and_ratings()
    {
        string users = SharedData.RequireData("movielens-100k/u.user");
        string ratings = SharedData.RequireData("movielens-100k/u.data");
        using var database = PortraitDatabase.CreateInMemory();

        var pipe = new CsvOptions { HasHeader = false, Delimiter = "|" };
        var report = Import(database, users, "users", new ImportOptions
        {
            Csv = pipe,
            ColumnNames = ["user_id", "age", "gender", "occupation", "zip_code"],
            Key = "user_id",
        });
        Assert.Equal(943, report.RowsImported);
        var snapshot = database.GetTable("users").GetSnapshot();
        Assert.True(snapshot.Schema.Columns[0].IsKey);
        Assert.True(snapshot.TryFindRow(943, out uint last));
        Assert.Equal(22, snapshot.GetValue(last, "age"));
        Assert.Equal("student", snapshot.GetValue(last, "occupation"));
        Assert.False(snapshot.TryFindRow(944, out _));
        Assert.Equal(273, snapshot.GetRowsWithValue("gender", "F").Cardinality);
        Assert.Equal(21, snapshot.GetDistinctValues("occupation").Count);

        report = Import(database, ratings, "ratings", new ImportOptions
        {
            Csv = pipe with { Delimiter = "\t" },
            ColumnNames = ["user_id", "item_id", "rating", "timestamp"],
            ColumnTypes = new Dictionary<string, ColumnType> { ["rating"] = ColumnType.Category },
        });
        Assert.Equal(100_000, report.RowsImported);
        var rated = database.GetTable("ratings").GetSnapshot();
        Assert.Equal(100_000, rated.RowCount);
        Assert.Equal(196, rated.GetValue(0, "user_id"));
        Assert.Equal(242, rated.GetValue(0, "item_id"));
        Assert.Equal("3", rated.GetValue(0, "rating"));
        Assert.Equal(881_250_949, rated.GetValue(0, "timestamp"));
        Assert.Equal(21_201, rated.GetRowsWithValue("rating", "5").Cardinality);
        Assert.Equal(["1", "2", "3", "4", "5"], rated.GetDistinctValues("rating").Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public void Movielens_items_are_latin1_and_fail_with_a_clear_error()
    {
        // The importer reads UTF-8 only; u.item is Latin-1 ('Mis\xe9rables' on line 543). Rather than store
        // replacement characters, the import stops at the first such byte and says why.
        string path = SharedData.RequireData("movielens-100k/u.item");
        using var database = PortraitDatabase.CreateInMemory();
        var error = Assert.Throws<ImportException>(() => Import(database, path, "items", new ImportOptions
        {
            Csv = new CsvOptions { HasHeader = false, Delimiter = "|" },
            ColumnTypes = new Dictionary<string, ColumnType> { ["column2"] = ColumnType.Text },
        }));
        Assert.Equal(543, error.Line);
        Assert.Equal(5, error.Column);
        Assert.Equal("column2", error.ColumnName);
        Assert.Contains("UTF-8", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("u.item:543:5:", error.Message, StringComparison.Ordinal);
        Assert.False(database.TryGetTable("items", out _));
    }

    [SkippableFact]
    public void Movielens_derived_likes_are_tags()
    {
        string path = SharedData.RequireData("movielens-100k/derived/user_likes.csv");
        using var database = PortraitDatabase.CreateInMemory();
        var report = Import(database, path, "likes", new ImportOptions
        {
            Key = "user_id",
            ColumnTypes = new Dictionary<string, ColumnType> { ["likes"] = ColumnType.Tags, ["zip"] = ColumnType.Text },
        });
        Assert.Equal(943, report.RowsImported);
        var snapshot = database.GetTable("likes").GetSnapshot();
        Assert.Equal(ColumnType.Tags, snapshot.Schema.Columns[5].Type);
        Assert.Equal(859, snapshot.GetRowsWithValue("likes", "Drama").Cardinality);
        Assert.Equal(65, snapshot.GetRowsWithValue("likes", "Film-Noir").Cardinality);
        Assert.Equal(12, snapshot.GetRowsWithValue("likes", "Documentary").Cardinality);
        Assert.Equal(18, snapshot.GetDistinctValues("likes").Count);
        Assert.True(snapshot.TryFindRow(3, out uint third));
        Assert.Equal(new[] { "Drama", "Thriller" }, snapshot.GetValue(third, "likes"));
        // Written as "": no genre qualifies, an empty set rather than NULL.
        Assert.True(snapshot.TryFindRow(61, out uint none));
        Assert.Equal(Array.Empty<string>(), snapshot.GetValue(none, "likes"));
        Assert.Equal(0, snapshot.GetNullRows("likes").Cardinality);
        Assert.True(snapshot.TryFindRow(129, out uint zip));
        Assert.Equal("07039", snapshot.GetValue(zip, "zip"));
    }

    [SkippableFact]
    public void Cdnow_whitespace_file_with_compact_dates()
    {
        string path = SharedData.RequireData("cdnow/CDNOW_master.txt");
        using var database = PortraitDatabase.CreateInMemory();
        var report = Import(database, path, "cdnow", new ImportOptions
        {
            Csv = new CsvOptions { WhitespaceDelimited = true },
            ColumnTypes = new Dictionary<string, ColumnType> { ["dollar_value"] = ColumnType.Decimal(10, 2) },
        });
        Assert.Equal(69_659, report.RowsImported);
        var snapshot = database.GetTable("cdnow").GetSnapshot();
        Assert.Equal(69_659, snapshot.RowCount);
        Assert.Equal(ColumnType.Date, snapshot.Schema.Columns[1].Type);
        Assert.Equal(1, snapshot.GetValue(0, "customer_id"));
        Assert.Equal(new DateOnly(1997, 1, 1), snapshot.GetValue(0, "date"));
        Assert.Equal(1, snapshot.GetValue(0, "number_of_cds"));
        Assert.Equal(11.77m, snapshot.GetValue(0, "dollar_value"));
        uint lastRow = snapshot.RowIdLimit - 1;
        Assert.Equal(23_570, snapshot.GetValue(lastRow, "customer_id"));
        var dates = Enumerable.Range(0, (int)snapshot.RowIdLimit).Select(row => (DateOnly)snapshot.GetValue((uint)row, "date")!).ToList();
        Assert.Equal(new DateOnly(1997, 1, 1), dates.Min());
        Assert.Equal(new DateOnly(1998, 6, 30), dates.Max());
        Assert.Equal(12_757, dates.Count(date => date.Year == 1998));
    }

    [SkippableFact]
    public void Online_retail_gzip_decompressed_to_a_temporary_file()
    {
        string gzip = SharedData.RequireData("online-retail/online-retail.csv.gz");
        string path = Path.Combine(Path.GetTempPath(), $"online-retail-{Guid.NewGuid():N}.csv");
        try
        {
            using (var source = new GZipStream(File.OpenRead(gzip), CompressionMode.Decompress))
            using (var target = File.Create(path))
                source.CopyTo(target);
            using var database = PortraitDatabase.CreateInMemory();
            var report = Import(database, path, "retail", new ImportOptions
            {
                // Invoice numbers of cancellations start with 'C'; customer ids are written as floats.
                ColumnTypes = new Dictionary<string, ColumnType> { ["InvoiceNo"] = ColumnType.Text, ["StockCode"] = ColumnType.Text },
            });
            Assert.Equal(541_909, report.RowsImported);
            var snapshot = database.GetTable("retail").GetSnapshot();
            Assert.Equal(541_909, snapshot.RowCount);
            Assert.Equal(ColumnType.Timestamp, snapshot.Schema.Columns[4].Type);
            Assert.Equal("536365", snapshot.GetValue(0, "InvoiceNo"));
            Assert.Equal("WHITE HANGING HEART T-LIGHT HOLDER", snapshot.GetValue(0, "Description"));
            Assert.Equal(new DateTime(2010, 12, 1, 8, 26, 0), snapshot.GetValue(0, "InvoiceDate"));
            Assert.Equal(2.55, snapshot.GetValue(0, "UnitPrice"));
            Assert.Equal(17_850.0, snapshot.GetValue(0, "CustomerID"));
            Assert.Equal(135_080, snapshot.GetNullRows("CustomerID").Cardinality);
            Assert.Equal(495_478, snapshot.GetRowsWithValue("Country", "United Kingdom").Cardinality);
            Assert.Equal(38, snapshot.GetDistinctValues("Country").Count);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Synthetic_profiles_import_like_the_appender_loads_them()
    {
        const int Rows = 5_000;
        using var file = new TempFile();
        ProfileCsvWriter.Write(file.Path, Rows, seed: 7);
        using var database = PortraitDatabase.CreateInMemory();
        var report = Import(database, file.Path, "imported", ProfileImportOptions());
        Assert.Equal(Rows, report.RowsImported);
        var loaded = ProfileTableLoader.CreateAndFill(database, "loaded", Rows, seed: 7).GetSnapshot();
        var imported = database.GetTable("imported").GetSnapshot();
        Assert.Equal(loaded.Schema.ToString(), imported.Schema.ToString());
        for (uint row = 0; row < Rows; row += 97)
            Assert.Equal(loaded.GetRow(row), imported.GetRow(row));
        Assert.Equal(loaded.GetRowsWithValue("interests", ProfileSchema.InterestTags[0]).Cardinality, imported.GetRowsWithValue("interests", ProfileSchema.InterestTags[0]).Cardinality);
    }

    /// <summary>Import options that give a synthetic profile CSV exactly the types of <see cref="ProfileTableLoader.TableSchema"/>.</summary>
    internal static ImportOptions ProfileImportOptions() => new()
    {
        Key = "customer_id",
        ColumnTypes = ProfileTableLoader.TableSchema.Columns.ToDictionary(column => column.Name, column => column.Type),
    };

    // ---------------- Behaviour on small files ----------------

    [Fact]
    public void Bad_value_aborts_names_the_place_and_drops_the_new_table()
    {
        using var file = new TempFile("people.csv", "id,age,city\n1,20,a\n2,21,b\n3,abc,c\n4,22,d\n");
        using var database = PortraitDatabase.CreateInMemory();
        var error = Assert.Throws<ImportException>(() =>
            CsvImporter.Import(database, file.Path, "people", new ImportOptions { ColumnTypes = new Dictionary<string, ColumnType> { ["age"] = ColumnType.Int32 } }));
        Assert.Equal(4, error.Line);
        Assert.Equal(3, error.Column);
        Assert.Equal("age", error.ColumnName);
        Assert.Equal("abc", error.Value);
        Assert.Equal(PortraitDbErrorKind.Type, error.Kind);
        Assert.StartsWith("people.csv:4:3: column 'age': 'abc'", error.Message, StringComparison.Ordinal);
        Assert.False(database.TryGetTable("people", out _));
    }

    [Fact]
    public void Bad_value_leaves_an_existing_table_exactly_as_it_was()
    {
        using var file = new TempFile("more.csv", "id,age\n10,30\n11,31\n12,x\n");
        using var database = PortraitDatabase.CreateInMemory();
        var table = database.CreateTable("people", new TableSchema(
            new ColumnDefinition("id", ColumnType.Int64, IsKey: true), new ColumnDefinition("age", ColumnType.Int32, IsKey: false)));
        table.Insert(1L, 40);
        table.Insert(2L, 41);

        var error = Assert.Throws<ImportException>(() => CsvImporter.Import(database, file.Path, "people"));
        Assert.Equal((4L, 4), (error.Line, error.Column));
        Assert.Same(table, database.GetTable("people"));
        var snapshot = table.GetSnapshot();
        Assert.Equal(2, table.RowCount);
        Assert.Equal(2u, snapshot.RowIdLimit);
        Assert.Equal([1L, 40], snapshot.GetRow(0));
        Assert.False(snapshot.TryFindRow(10L, out _));

        // The table is free for the next writer, and a good import then appends.
        File.WriteAllText(file.Path, "id,age\n10,30\n11,31\n");
        Assert.Equal(2, CsvImporter.Import(database, file.Path, "people").RowsImported);
        Assert.Equal(4, table.RowCount);
    }

    [Fact]
    public void Skip_mode_imports_the_good_rows_and_reports_the_first_errors()
    {
        using var file = new TempFile("mixed.csv", "id,age\n1,20\n2,x\n3,22\n4,y\n5\n6,25\n7,z\n");
        using var database = PortraitDatabase.CreateInMemory();
        var report = CsvImporter.Import(database, file.Path, "mixed", new ImportOptions
        {
            OnError = ImportErrorMode.Skip,
            MaxReportedErrors = 3,
            ColumnTypes = new Dictionary<string, ColumnType> { ["age"] = ColumnType.Int32 },
        });
        Assert.Equal(3, report.RowsImported);
        Assert.Equal(4, report.RowsSkipped);
        Assert.Equal([3L, 5L, 6L], report.Errors.Select(error => error.Line));
        Assert.Equal("x", report.Errors[0].Value);
        Assert.Contains("expected 2 fields, found 1", report.Errors[2].Message, StringComparison.Ordinal);
        var snapshot = database.GetTable("mixed").GetSnapshot();
        Assert.Equal(3, snapshot.RowCount);
        Assert.Equal([1, 3, 6], Enumerable.Range(0, 3).Select(row => snapshot.GetValue((uint)row, "id")));
    }

    [Fact]
    public void Duplicate_key_is_an_error_at_the_key_column()
    {
        using var file = new TempFile("keys.csv", "name,id\nann,a1\nbob,b2\ncid,a1\n");
        using var database = PortraitDatabase.CreateInMemory();
        var error = Assert.Throws<ImportException>(() => CsvImporter.Import(database, file.Path, "keys", new ImportOptions { Key = "id" }));
        Assert.Equal((4L, 5), (error.Line, error.Column));
        Assert.Equal("a1", error.Value);
        Assert.Equal("id", error.ColumnName);
        Assert.Equal(PortraitDbErrorKind.Constraint, error.Kind);
        Assert.Contains("Duplicate key 'a1'", error.Message, StringComparison.Ordinal);
        Assert.False(database.TryGetTable("keys", out _));

        var report = CsvImporter.Import(database, file.Path, "keys", new ImportOptions { Key = "id", OnError = ImportErrorMode.Skip });
        Assert.Equal((2L, 1L), (report.RowsImported, report.RowsSkipped));
        Assert.True(database.GetTable("keys").GetSnapshot().TryFindRow("a1", out uint row));
        Assert.Equal("ann", database.GetTable("keys").GetSnapshot().GetValue(row, "name"));
    }

    [Fact]
    public void Tags_cells_split_on_the_separator()
    {
        using var file = new TempFile("tags.csv", "id,tags\n1,music|travel| food \n2,\n3,\"\"\n4,travel\n5,a;b\n");
        using var database = PortraitDatabase.CreateInMemory();
        CsvImporter.Import(database, file.Path, "t", new ImportOptions { ColumnTypes = new Dictionary<string, ColumnType> { ["tags"] = ColumnType.Tags } });
        var snapshot = database.GetTable("t").GetSnapshot();
        Assert.Equal(new[] { "music", "travel", "food" }, snapshot.GetValue(0, "tags"));
        Assert.Equal(Array.Empty<string>(), snapshot.GetValue(1, "tags"));
        Assert.Equal(Array.Empty<string>(), snapshot.GetValue(2, "tags"));
        Assert.Equal(2, snapshot.GetRowsWithValue("tags", "travel").Cardinality);
        Assert.Equal(1, snapshot.GetRowsWithValue("tags", "food").Cardinality);
        Assert.Equal(new[] { "a;b" }, snapshot.GetValue(4, "tags"));

        using var other = new TempFile("tags2.csv", "id,tags\n1,a;b;c\n");
        CsvImporter.Import(database, other.Path, "t2", new ImportOptions
        {
            Csv = new CsvOptions { TagSeparator = ";" },
            ColumnTypes = new Dictionary<string, ColumnType> { ["tags"] = ColumnType.Tags },
        });
        Assert.Equal(new[] { "a", "b", "c" }, database.GetTable("t2").GetSnapshot().GetValue(0, "tags"));
    }

    [Fact]
    public void Chinese_names_values_and_error_columns_in_characters()
    {
        string text = "编号,城市,兴趣,年龄\nC1,北京,音乐|旅游,30\nC2,上海,旅游,31\nC3,北京,美食,32\nC4,广州,音乐,33\n";
        using var file = new TempFile("画像.csv", text);
        using var database = PortraitDatabase.CreateInMemory();
        var options = new ImportOptions
        {
            Key = "编号",
            ColumnTypes = new Dictionary<string, ColumnType> { ["兴趣"] = ColumnType.Tags, ["城市"] = ColumnType.Category, ["年龄"] = ColumnType.Int32 },
        };
        Assert.Equal(4, CsvImporter.Import(database, file.Path, "画像", options).RowsImported);
        var snapshot = database.GetTable("画像").GetSnapshot();
        Assert.Equal(["编号", "城市", "兴趣", "年龄"], snapshot.Schema.Columns.Select(column => column.Name));
        Assert.True(snapshot.TryFindRow("C1", out uint row));
        Assert.Equal("北京", snapshot.GetValue(row, "城市"));
        Assert.Equal(new[] { "音乐", "旅游" }, snapshot.GetValue(row, "兴趣"));
        Assert.Equal(2, snapshot.GetRowsWithValue("城市", "北京").Cardinality);
        Assert.Equal(2, snapshot.GetRowsWithValue("兴趣", "旅游").Cardinality);
        Assert.Equal(["北京", "上海", "广州"], snapshot.GetDistinctValues("城市"));

        File.AppendAllText(file.Path, "C5,深圳,音乐,三十\n");
        var error = Assert.Throws<ImportException>(() => CsvImporter.Import(database, file.Path, "画像2", options));
        // "C5,深圳,音乐," is 9 characters (17 bytes): the column counts characters.
        Assert.Equal((6L, 10), (error.Line, error.Column));
        Assert.Equal("年龄", error.ColumnName);
        Assert.Equal("三十", error.Value);
        Assert.StartsWith("画像.csv:6:10: column '年龄': '三十' is not an INT", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Progress_reports_bytes_read_up_to_the_file_size()
    {
        using var file = new TempFile();
        ProfileCsvWriter.Write(file.Path, 200_000, seed: 3);
        long size = new FileInfo(file.Path).Length;
        var reports = new List<ImportProgress>();
        using var database = PortraitDatabase.CreateInMemory();
        CsvImporter.Import(database, file.Path, "p", ProfileImportOptions(), new SyncProgress(reports.Add));

        Assert.True(reports.Count >= 3, $"{reports.Count} reports");
        Assert.All(reports, report => Assert.Equal(size, report.TotalBytes));
        for (int i = 1; i < reports.Count; i++)
        {
            Assert.True(reports[i].BytesRead > reports[i - 1].BytesRead);
            Assert.True(reports[i].Rows > reports[i - 1].Rows);
        }
        Assert.True(reports[0].BytesRead > 0 && reports[0].BytesRead < size);
        Assert.Equal(new ImportProgress(size, size, 200_000), reports[^1]);
    }

    [Fact]
    public void Cancelled_before_the_import_changes_nothing()
    {
        using var file = new TempFile("c.csv", "id,age\n1,20\n2,21\n");
        using var database = PortraitDatabase.CreateInMemory();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => CsvImporter.Import(database, file.Path, "c", cancellationToken: cancelled.Token));
        Assert.False(database.TryGetTable("c", out _));

        CsvImporter.Import(database, file.Path, "c");
        Assert.ThrowsAny<OperationCanceledException>(() => CsvImporter.Import(database, file.Path, "c", cancellationToken: cancelled.Token));
        Assert.Equal(2, database.GetTable("c").RowCount);
    }

    [Fact]
    public void Cancelled_during_the_import_changes_nothing()
    {
        using var file = new TempFile();
        ProfileCsvWriter.Write(file.Path, 200_000, seed: 5);
        using var database = PortraitDatabase.CreateInMemory();
        using var cancel = new CancellationTokenSource();
        var cancelAtFirstReport = new SyncProgress(_ => cancel.Cancel());

        Assert.ThrowsAny<OperationCanceledException>(() =>
            CsvImporter.Import(database, file.Path, "p", ProfileImportOptions(), cancelAtFirstReport, cancel.Token));
        Assert.False(database.TryGetTable("p", out _));

        var table = ProfileTableLoader.CreateAndFill(database, "p", 1_000, seed: 5);
        var cities = table.GetSnapshot().GetDistinctValues("city");
        using var again = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            CsvImporter.Import(database, file.Path, "p", ProfileImportOptions() with { OnError = ImportErrorMode.Skip }, new SyncProgress(_ => again.Cancel()), again.Token));
        Assert.Equal(1_000, table.RowCount);
        Assert.Equal(1_000u, table.GetSnapshot().RowIdLimit);
        // Codes the cancelled import added to the shared dictionaries are not part of the table's version.
        Assert.Equal(cities, table.GetSnapshot().GetDistinctValues("city"));
        // The writer lock was released: the table takes a new writer at once.
        using var appender = table.CreateAppender(TimeSpan.FromSeconds(1));
    }

    /// <summary>Calls back on the importing thread (<see cref="Progress{T}"/> would post to the thread pool).</summary>
    private sealed class SyncProgress(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => report(value);
    }

    /// <summary>A file in a fresh temporary folder, deleted with its folder on dispose.</summary>
    private sealed class TempFile : IDisposable
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("portraitdb-import-").FullName;

        public TempFile(string name = "profiles.csv", string? text = null)
        {
            Path = System.IO.Path.Combine(_folder, name);
            if (text is not null)
                File.WriteAllText(Path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }

        public string Path { get; }

        public void Dispose() => Directory.Delete(_folder, recursive: true);
    }
}
