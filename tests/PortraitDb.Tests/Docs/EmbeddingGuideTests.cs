using PortraitDb.Query;

namespace PortraitDb.Tests.Docs;

/// <summary>The examples of docs/embedding.md, run as written, with the answers the page promises.</summary>
public sealed class EmbeddingGuideTests
{
    internal static PortraitDatabase CreateGuideDatabase()
    {
        var db = PortraitDatabase.CreateInMemory();
        db.Execute("""
            CREATE TABLE profiles (id TEXT KEY, gender CATEGORY, age INT, city CATEGORY, single BOOL,
                                   total_spend DECIMAL(12,2), last_order DATE, interests TAGS)
            """);
        db.Execute("""
            INSERT INTO profiles VALUES
              ('c1', 'female', 28, '北京', true, 1200.50, DATE '2026-01-05', 'music|travel'),
              ('c2', 'male',   35, '上海', false,  80.00, DATE '2025-12-30', 'sports'),
              ('c3', 'female', 31, '北京', true,   99.90, NULL,               'music')
            """);
        return db;
    }

    [Fact]
    public void QuestionsAnswerAsThePageSays()
    {
        using var db = CreateGuideDatabase();
        var count = db.Execute("SELECT COUNT(*) FROM profiles WHERE gender = 'female' AND single AND city = '北京'");
        Assert.Equal(2L, count.Scalar());

        var byCity = db.Execute("SELECT city, COUNT(*) AS n, AVG(total_spend) AS avg_spend FROM profiles GROUP BY city ORDER BY n DESC");
        Assert.Equal("北京", byCity[0, "city"]);
        Assert.Contains("北京", byCity.ToString(), StringComparison.Ordinal);

        var parameters = new QueryParameters { ["city"] = "北京" }.Add(30);
        Assert.Equal(1L, db.Execute("SELECT COUNT(*) FROM profiles WHERE city = $city AND age > ?", parameters).Scalar());

        var streamed = db.Query("SELECT id, age FROM profiles WHERE interests HAS 'music'").ToList();
        Assert.Equal(["c1", "c3"], streamed.Select(row => (string)row[0]!));
    }

    [Fact]
    public void AudiencesCombineListAndExport()
    {
        using var db = CreateGuideDatabase();
        var women = db.Audience("profiles", "gender = 'female'");
        var music = db.Audience("profiles", "interests HAS $tag", new QueryParameters { ["tag"] = "music" });
        var both = women.And(music);
        Assert.Equal(2, both.Count);
        Assert.Equal(["c1", "c3"], both.Keys.Cast<string>());
        byte[] portable = both.Ids.Serialize();
        Assert.Equal(both.Ids, PortraitDb.Bitmaps.RoaringBitmap.Deserialize(portable));
        var breakdown = both.BreakdownBy("city");
        Assert.Equal("北京", breakdown[0, 0]);
        Assert.Equal(2L, breakdown[0, "count"]);
        Assert.Equal(1.0, breakdown[0, "share"]);
        Assert.Equal(0, women.Except(music).Count);
    }

    [Fact]
    public void ErrorsPointAtTheText()
    {
        using var db = CreateGuideDatabase();
        var error = Assert.Throws<QueryException>(() => db.Execute("SELECT COUNT(*) FROM profiles WHERE gendr = 'female'"));
        Assert.Equal(PortraitDbErrorKind.Binding, error.Kind);
        Assert.Contains("did you mean 'gender'?", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, error.Line);
        Assert.Equal(37, error.Column);
        Assert.Contains("^^^^^", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CancelledStatementsStopAndTimeoutsApply()
    {
        using var db = CreateGuideDatabase();
        db.Timeout = TimeSpan.FromSeconds(5);
        using var cancel = new CancellationTokenSource();
        Assert.Equal(3L, db.Execute("SELECT COUNT(*) FROM profiles", cancellationToken: cancel.Token).Scalar());
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => db.Execute("SELECT id FROM profiles WHERE age + 1 > 0", cancellationToken: cancel.Token));
        Assert.Equal(3L, db.Execute("SELECT COUNT(*) FROM profiles").Scalar());
    }

    [Fact]
    public void A_database_kept_on_disk_answers_after_reopening()
    {
        string directory = Path.Combine(Path.GetTempPath(), "crm-portraits-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (var saved = PortraitDatabase.Open(directory))
            {
                saved.Execute("CREATE TABLE IF NOT EXISTS visits (id BIGINT KEY, channel CATEGORY)");
                saved.Execute("INSERT OR REPLACE INTO visits VALUES (1, 'app'), (2, 'web')");
            }
            using (var reopened = PortraitDatabase.Open(directory))
            {
                long visits = (long)reopened.Execute("SELECT COUNT(*) FROM visits WHERE channel = 'app'").Scalar()!;
                Assert.Equal(1L, visits);
                reopened.Checkpoint();
                Assert.Equal("checkpoint written", reopened.Execute("CHECKPOINT").Message);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
