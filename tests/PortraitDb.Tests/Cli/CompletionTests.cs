using PortraitDb.Cli;
using PortraitDb.Cli.Editing;
using PortraitDb.Query.Syntax;

namespace PortraitDb.Tests.Cli;

public sealed class CompletionTests : IDisposable
{
    private readonly TestShell _shell = new TestShell().WithCustomers();
    private readonly SqlCompleter _completer;

    public CompletionTests()
    {
        _shell.Session.Database.Execute("CREATE TABLE orders (order_id TEXT KEY, customer TEXT, amount DECIMAL(10,2), channel CATEGORY)");
        _shell.Session.Database.Execute("INSERT INTO orders VALUES ('o1', 'c1', 10.00, 'app'), ('o2', 'c2', 5.00, 'web')");
        _completer = new SqlCompleter(() => _shell.Session.Database);
    }

    private Completion Complete(string line) => _completer.Complete(line, line.Length);

    [Fact]
    public void Keywords_complete_in_the_case_they_were_begun_in()
    {
        Assert.Equal(["SELECT"], Complete("SEL").Candidates);
        Assert.Equal(["select"], Complete("sel").Candidates);
        Assert.Equal(" ", Complete("sel").Suffix);
        Assert.Equal(4, Complete("    SEL").Start);
    }

    [Fact]
    public void After_from_only_tables_complete()
    {
        Assert.Equal(["customers"], Complete("SELECT * FROM cu").Candidates);
        Assert.Equal(["customers", "orders"], Complete("SELECT * FROM ").Candidates);
        Assert.Equal(["orders"], Complete("describe o").Candidates);
    }

    [Fact]
    public void Tag_and_portrait_statements_complete_their_keywords_and_tables()
    {
        Assert.Contains("TAG", Complete("CREATE TA").Candidates);
        Assert.Contains("TAGS", Complete("SHOW TA").Candidates);
        Assert.Contains("RFM", Complete("RF").Candidates);
        Assert.Contains("PARETO", Complete("PARE").Candidates);
        Assert.Contains("QUANTILES", Complete("CREATE TAG t ON customers AS TIERS(spend, QUAN").Candidates);
        Assert.Equal(["customers"], Complete("CREATE TAG vip ON cu").Candidates);
        Assert.Equal(["customers", "orders"], Complete("RFM ").Candidates);
        Assert.Equal(["orders"], Complete("PARETO or").Candidates);
    }

    [Fact]
    public void Columns_come_from_the_tables_the_statement_names()
    {
        var everything = Complete("SELECT c").Candidates; // no table named yet: every table's columns
        Assert.Equal("city", everything[0]); // columns first, then tables, keywords, functions
        Assert.Contains("customer", everything);
        Assert.Contains("customers", everything);
        Assert.Contains("case", everything); // in the case the word was begun in
        Assert.Contains("count", everything);
        // The cursor is before FROM: the table named after it still decides.
        var inOrders = _completer.Complete("SELECT c FROM orders", "SELECT c".Length).Candidates;
        Assert.Contains("customer", inOrders);
        Assert.Contains("channel", inOrders);
        Assert.DoesNotContain("city", inOrders);
    }

    [Fact]
    public void Saved_audiences_complete_after_audience_and_first_in_portrait_statements()
    {
        _shell.Session.Database.Execute("CREATE AUDIENCE women ON customers AS gender = 'female'");
        _shell.Session.Database.Execute("CREATE AUDIENCE web_buyers ON orders AS channel = 'web'");
        Assert.Equal(["web_buyers", "women"], Complete("SELECT * FROM customers WHERE IN AUDIENCE ").Candidates);
        Assert.Equal(["women"], Complete("SAMPLE 10 FROM AUDIENCE wo").Candidates);
        Assert.Equal(["web_buyers", "women"], Complete("PROFILE w").Candidates.Take(2));
        Assert.Equal(["customers", "orders"], Complete("PROFILE age > 30 ON ").Candidates);
        // ON names the table whose columns complete.
        Assert.Contains("city", _completer.Complete("PROFILE age > 30 ON customers BY ci", "PROFILE age > 30 ON customers BY ci".Length).Candidates);
        Assert.Equal(["PROFILE"], Complete("PROF").Candidates);
        Assert.Equal(["MIN_COUNT", "MIN_GROUP_SIZE"], Complete("PROFILE women BY city MIN_").Candidates.Where(candidate => candidate.StartsWith("MIN_", StringComparison.Ordinal)));
    }

    [Fact]
    public void Functions_complete_with_an_open_parenthesis()
    {
        var completion = Complete("SELECT BUCK");
        Assert.Equal(["BUCKET"], completion.Candidates);
        Assert.Equal("(", completion.Suffix);
    }

    [Fact]
    public void Category_values_complete_inside_a_string_after_their_column()
    {
        var city = Complete("SELECT COUNT(*) FROM customers WHERE city = '北");
        Assert.Equal(["北京"], city.Candidates);
        Assert.Equal("'", city.Suffix);
        Assert.Equal("SELECT COUNT(*) FROM customers WHERE city = '".Length, city.Start);
        Assert.Equal(new[] { "广州", "上海", "北京" }.Order(StringComparer.Ordinal), Complete("SELECT * FROM customers WHERE city IN ('").Candidates);
        Assert.Equal(["male"], Complete("SELECT * FROM customers WHERE gender <> 'ma").Candidates);
        Assert.Equal(new[] { "travel", "tea" }.Order(StringComparer.Ordinal), Complete("SELECT * FROM customers WHERE interests HAS ANY ('music', 't").Candidates);
        Assert.Empty(Complete("SELECT * FROM customers WHERE id = 'c").Candidates); // TEXT: no dictionary
    }

    [Fact]
    public void Values_continue_a_statement_typed_over_several_lines()
    {
        _completer.PrecedingText = "SELECT COUNT(*)\nFROM orders\n";
        var completion = Complete("WHERE channel = 'a");
        Assert.Equal(["app"], completion.Candidates);
        Assert.Equal("WHERE channel = '".Length, completion.Start);
    }

    [Fact]
    public void Dot_commands_and_their_arguments_complete()
    {
        Assert.Equal([".mode"], Complete(".mo").Candidates);
        Assert.Equal(["csv", "chart"], Complete(".mode c").Candidates);
        Assert.Equal(["customers"], Complete(".schema cu").Candidates);
        Assert.Equal(["on", "off"], Complete(".timer o").Candidates);
        string folder = Directory.CreateTempSubdirectory("portraitdb-complete-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "people.csv"), "a\n1\n");
            Directory.CreateDirectory(Path.Combine(folder, "pets"));
            Assert.Equal([folder + "/people.csv", folder + "/pets/"], Complete($".import {folder}/pe").Candidates);
            Assert.Equal(["orders"], Complete($".import {folder}/people.csv or").Candidates);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Nothing_completes_inside_a_comment_or_from_an_empty_word()
    {
        Assert.Empty(Complete("SELECT 1 -- sel").Candidates);
        Assert.Empty(Complete("SELECT ").Candidates);
    }

    [Fact]
    public void Every_keyword_of_the_parser_completes()
    {
        var known = SqlCompleter.SqlKeywords.ToHashSet(StringComparer.Ordinal);
        foreach (var keyword in Enum.GetValues<Keyword>().Where(keyword => keyword != Keyword.None))
            Assert.Contains(Keywords.Name(keyword), known);
    }

    public void Dispose() => _shell.Dispose();
}
