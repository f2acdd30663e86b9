using PortraitDb.Query;
using PortraitDb.Query.Syntax;

namespace PortraitDb.Tests.Query;

/// <summary>The portrait statements parse into the trees they describe, and their syntax errors say what could come.</summary>
public sealed class ParserPortraitTests
{
    [Fact]
    public void Profile_reads_every_clause()
    {
        var profile = Assert.IsType<ProfileSyntax>(Parser.ParseStatement(
            "PROFILE vip VS age > 30 ON profiles BY city, BUCKET(age, 18, 30) MEASURES total_spend MIN_COUNT 10 ORDER BY tgi DESC LIMIT 5"));
        Assert.Equal("vip", Assert.IsType<ColumnSyntax>(profile.Target.Condition).ColumnName);
        Assert.IsType<BinarySyntax>(profile.Versus!.Condition);
        Assert.Equal("profiles", profile.Table!.Name);
        Assert.Equal(["city", "BUCKET(age, 18, 30)"], profile.Dimensions.Select(dimension => dimension.ToString()));
        Assert.Equal("total_spend", Assert.Single(profile.Measures).ToString());
        Assert.Equal("10", profile.MinCount!.ToString());
        Assert.Equal("tgi", profile.OrderBy!.Name);
        Assert.True(profile.Descending);
        Assert.Equal("5", profile.Limit!.ToString());
    }

    [Fact]
    public void Audience_statements_read_their_options()
    {
        var create = Assert.IsType<CreateAudienceSyntax>(Parser.ParseStatement("CREATE OR REPLACE AUDIENCE vip ON profiles AS SNAPSHOT total_spend > $floor"));
        Assert.True(create.OrReplace);
        Assert.True(create.Snapshot);
        Assert.Equal("total_spend > $floor", create.Condition.ToString());
        Assert.True(Assert.IsType<CreateAudienceSyntax>(Parser.ParseStatement("CREATE AUDIENCE IF NOT EXISTS a ON t AS x")).IfNotExists);
        Assert.True(Assert.IsType<DropAudienceSyntax>(Parser.ParseStatement("DROP AUDIENCE IF EXISTS vip")).IfExists);
        Assert.IsType<ShowAudiencesSyntax>(Parser.ParseStatement("show audiences"));
        Assert.IsType<ShowSettingsSyntax>(Parser.ParseStatement("SHOW SETTINGS"));
        var set = Assert.IsType<SetSyntax>(Parser.ParseStatement("SET min_group_size TO 10"));
        Assert.Equal(10, set.Value.Literal!.IntegerValue);
        var export = Assert.IsType<ExportAudienceSyntax>(Parser.ParseStatement("EXPORT AUDIENCE vip TO 'vip.bin' WITH (format = 'roaring') WITH PII"));
        Assert.Equal("vip.bin", export.Path);
        Assert.True(export.WithPii);
        Assert.Equal("format", Assert.Single(export.Options).Name.Name);
        var sample = Assert.IsType<SampleSyntax>(Parser.ParseStatement("SAMPLE 100 FROM AUDIENCE vip SEED 42 WITH PII"));
        Assert.Equal("42", sample.Seed!.ToString());
        Assert.True(sample.WithPii);
        var compare = Assert.IsType<CompareSyntax>(Parser.ParseStatement("COMPARE vip, age < 30 AS young ON p BY city MIN_COUNT 5 LIMIT 3"));
        Assert.Equal([null, "young"], compare.Targets.Select(target => target.Alias?.Name));
        Assert.Equal(3, Assert.IsType<OverlapSyntax>(Parser.ParseStatement("OVERLAP a, b, c")).Targets.Count);
    }

    [Fact]
    public void With_pii_ends_a_select_and_marks_columns()
    {
        var select = Assert.IsType<SelectSyntax>(Parser.ParseStatement("SELECT phone FROM customers WITH PII"));
        Assert.True(select.WithPii);
        Assert.Null(select.From!.Alias);
        Assert.Null(select.Items[0].Alias);
        // "with" is still a name where PII does not follow.
        Assert.Equal("with", Assert.IsType<SelectSyntax>(Parser.ParseStatement("SELECT a FROM t with")).From!.Alias!.Name);
        var create = Assert.IsType<CreateTableSyntax>(Parser.ParseStatement("CREATE TABLE c (id TEXT PII KEY, phone TEXT PII, age INT)"));
        Assert.Equal([true, true, false], create.Columns.Select(column => column.IsPii));
        Assert.True(create.Columns[0].IsKey);
    }

    [Theory]
    [InlineData("PROFILE vip", "expected an operator, VS, ON, BY or MEASURES")]
    [InlineData("PROFILE vip BY city ORDER BY", "expected tgi, share, count, base_share, base_count or value")]
    [InlineData("CREATE AUDIENCE vip ON t", "expected AS")]
    [InlineData("CREATE AUDIENCE vip ON t AS", "expected SNAPSHOT or an expression")]
    [InlineData("CREATE OR REPLACE AUDIENCE IF NOT EXISTS a ON t AS x", "OR REPLACE and IF NOT EXISTS contradict each other")]
    [InlineData("CREATE VIEW v", "expected TABLE, TAG, AUDIENCE or OR REPLACE")]
    [InlineData("DROP VIEW v", "expected TAG, AUDIENCE or TABLE")]
    [InlineData("EXPORT AUDIENCE vip TO vip.csv", "expected a file path in single quotes")]
    [InlineData("EXPORT AUDIENCE vip TO 'x' WITH", "expected '(' or PII")]
    [InlineData("SAMPLE 10 FROM vip", "expected AUDIENCE")]
    [InlineData("SET min_group_size 3", "expected '=' or TO")]
    [InlineData("OVERLAP a", "expected an operator, AS or ','")]
    [InlineData("SHOW AUDIENCE", "expected AUDIENCES, SETTINGS, TAGS or TABLES; did you mean 'AUDIENCES'?")]
    public void Errors_say_what_could_come(string text, string message)
    {
        var error = Assert.Throws<QueryException>(() => Parser.ParseStatement(text));
        Assert.Equal(PortraitDbErrorKind.Syntax, error.Kind);
        Assert.Contains(message, error.Detail, StringComparison.Ordinal);
    }
}
