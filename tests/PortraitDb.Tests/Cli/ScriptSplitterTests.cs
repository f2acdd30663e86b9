using PortraitDb.Cli;

namespace PortraitDb.Tests.Cli;

public sealed class ScriptSplitterTests
{
    [Fact]
    public void Statements_end_at_semicolons_outside_strings_names_and_comments()
    {
        string script = "SELECT 'a;b' AS \"x;y\"; -- one; two\nSELECT /* ; */ 2;\n";
        var items = ScriptSplitter.Split(script);
        Assert.Equal(["SELECT 'a;b' AS \"x;y\"", "SELECT /* ; */ 2"], items.Select(item => item.Text));
        Assert.All(items, item => Assert.True(item.IsComplete));
        Assert.Equal(script.IndexOf("SELECT /*", StringComparison.Ordinal), items[1].Start);
    }

    [Fact]
    public void A_doubled_quote_does_not_end_a_string()
    {
        var items = ScriptSplitter.Split("SELECT 'it''s; fine'; SELECT 2");
        Assert.Equal(["SELECT 'it''s; fine'", "SELECT 2"], items.Select(item => item.Text));
        Assert.False(items[1].IsComplete);
    }

    [Fact]
    public void A_line_starting_with_a_dot_is_a_dot_command()
    {
        var items = ScriptSplitter.Split(".mode csv\nSELECT 1;\n  .tables\nSELECT\n.5;");
        Assert.Equal([ScriptItemKind.DotCommand, ScriptItemKind.Statement, ScriptItemKind.DotCommand, ScriptItemKind.Statement], items.Select(item => item.Kind));
        Assert.Equal(".tables", items[2].Text);
        Assert.Equal("SELECT\n.5", items[3].Text); // inside a statement, a line starting with '.' is SQL
    }

    [Fact]
    public void Blank_text_and_comments_hold_no_items()
    {
        Assert.Empty(ScriptSplitter.Split("  ;; -- nothing\n/* at all */\n"));
        Assert.True(ScriptSplitter.IsBlank("-- just a comment\n"));
        Assert.False(ScriptSplitter.IsBlank("-- a comment\nSELECT"));
    }

    [Theory]
    [InlineData("SELECT 'abc", "SingleQuoted", 7)]
    [InlineData("SELECT 'it''", "SingleQuoted", 7)]
    [InlineData("SELECT 'done' ", "Code", -1)]
    [InlineData("SELECT \"na", "DoubleQuoted", 7)]
    [InlineData("SELECT 1 -- note", "LineComment", 9)]
    [InlineData("SELECT /* open", "BlockComment", 7)]
    public void The_state_at_the_end_says_whether_a_string_is_open(string text, string state, int openedAt)
    {
        Assert.Equal(Enum.Parse<ScanState>(state), ScriptSplitter.StateAt(text, out int opened));
        Assert.Equal(openedAt, opened);
    }

    [Fact]
    public void A_statement_goes_on_one_history_line_without_its_line_comments()
    {
        string statement = "SELECT city, -- the dimension\n  COUNT(*)\nFROM p WHERE note = 'a\nb';";
        Assert.Equal("SELECT city, COUNT(*) FROM p WHERE note = 'a\nb';", ScriptSplitter.ToSingleLine(statement));
    }
}
