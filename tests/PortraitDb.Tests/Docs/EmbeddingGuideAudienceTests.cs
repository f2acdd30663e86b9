using PortraitDb.Portrait;
using PortraitDb.Query;

namespace PortraitDb.Tests.Docs;

/// <summary>The saved-audience and privacy-guard examples of docs/embedding.md, with the answers the page promises.</summary>
public sealed class EmbeddingGuideAudienceTests
{
    [Fact]
    public void Saved_audiences_are_created_used_and_dropped_as_the_page_says()
    {
        using var db = EmbeddingGuideTests.CreateGuideDatabase();
        var saved = db.CreateAudience("music_lovers", "profiles", "interests HAS $tag", parameters: new QueryParameters { ["tag"] = "music" });
        Assert.Equal("CREATE AUDIENCE music_lovers ON profiles AS interests HAS 'music'", saved.ToString());
        Assert.Equal(AudienceKind.Dynamic, saved.Kind);
        var lovers = db.GetAudience("music_lovers");
        Assert.Equal(2, lovers.Count);
        var portrait = db.Execute("PROFILE music_lovers BY city, single");
        Assert.Equal(["dimension", "value", "audience_count", "audience_share", "base_count", "base_share", "tgi"], portrait.Columns.Select(column => column.Name));
        Assert.Equal("北京", portrait[0, "value"]);
        Assert.Equal(150.0, (double)portrait[0, "tgi"]!, 9);
        Assert.Equal(["music_lovers"], db.Audiences.Select(audience => audience.Name));
        Assert.True(db.DropAudience("music_lovers"));
        Assert.Empty(db.Audiences);
    }

    [Fact]
    public void The_guard_withholds_small_breakdowns()
    {
        using var db = EmbeddingGuideTests.CreateGuideDatabase();
        db.MinGroupSize = 10;
        var breakdown = db.Execute("SELECT city, COUNT(*) AS n FROM profiles GROUP BY city");
        Assert.All(breakdown.Rows, row => Assert.Null(row[1]));
        Assert.All(breakdown.Rows, row => Assert.Equal("<10", row[2]));
        Assert.Throws<QueryException>(() => db.Execute("SELECT id FROM profiles"));
    }
}
