using PortraitDb.Query;
using PortraitDb.Query.Syntax;

namespace PortraitDb.Tests.Query;

public class ParsedScriptCacheTests
{
    [Fact]
    public void A_text_run_again_reuses_its_tree_and_answers_the_same()
    {
        var cache = new ParsedScriptCache();
        var first = cache.Parse("SELECT 1 + 2 AS three; SELECT 'x'");
        Assert.Same(first, cache.Parse("SELECT 1 + 2 AS three; SELECT 'x'"));
        Assert.NotSame(first, cache.Parse("select 1 + 2 as three; select 'x'"));
        Assert.True(SyntaxEquality.Equivalent(first[0], Parser.ParseScript("SELECT 1 + 2 AS three")[0]));

        using var db = PortraitDatabase.CreateInMemory();
        db.Execute("CREATE TABLE t (id TEXT KEY, n INT)");
        const string count = "SELECT COUNT(*) FROM t WHERE n > 1";
        Assert.Equal(0L, db.Execute(count).Rows[0][0]);
        db.Execute("INSERT INTO t VALUES ('a', 2), ('b', 3)");
        Assert.Equal(2L, db.Execute(count).Rows[0][0]);
        db.Execute("ALTER TABLE t DROP COLUMN n");
        var error = Assert.Throws<QueryException>(() => db.Execute(count));
        Assert.Contains("'n'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Syntax_errors_and_long_texts_are_not_kept_and_the_cache_stays_bounded()
    {
        var cache = new ParsedScriptCache();
        Assert.Throws<QueryException>(() => cache.Parse("SELEC 1"));
        Assert.Equal(0, cache.Count);
        string longText = "SELECT 1 IN (" + string.Join(", ", Enumerable.Repeat("1", 3000)) + ")";
        Assert.NotSame(cache.Parse(longText), cache.Parse(longText));
        for (int index = 0; index < 1000; index++)
            cache.Parse($"SELECT {index}");
        Assert.InRange(cache.Count, 1, 256);
    }
}
