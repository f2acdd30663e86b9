using PortraitDb.Cli;
using PortraitDb.Cli.Editing;

namespace PortraitDb.Tests.Cli;

/// <summary>The REPL driven key by key through a <see cref="ScriptedTerminal"/>.</summary>
public sealed class ReplTests
{
    [Fact]
    public void A_statement_runs_when_its_line_ends_with_a_semicolon_and_may_span_lines()
    {
        using var shell = new TestShell().WithCustomers();
        shell.Terminal.Type("SELECT city, COUNT(*) AS n\nFROM customers\nGROUP BY city ORDER BY n DESC, city;\n");
        Assert.Equal(0, shell.RunRepl());
        Assert.Matches(@"│ 北京 │\s+2 │", shell.Output);
        Assert.Contains("3 rows", shell.Output, StringComparison.Ordinal);
        var lines = shell.Terminal.Screen.Lines;
        Assert.Equal(Repl.Prompt + "SELECT city, COUNT(*) AS n", lines[0]);
        Assert.Equal(Repl.ContinuationPrompt + "FROM customers", lines[1]);
    }

    [Fact]
    public void Several_statements_on_one_line_run_in_turn_and_an_error_does_not_end_the_repl()
    {
        using var shell = new TestShell().WithCustomers();
        shell.Terminal.Type("SELECT COUNT(*) AS a FROM customers; SELECT nope FROM customers; SELECT 42 AS answer;\nSELECT 43 AS later;\n");
        Assert.Equal(0, shell.RunRepl());
        Assert.Contains("│ 4 │", shell.Output, StringComparison.Ordinal);
        Assert.Contains("unknown column 'nope'", shell.Errors, StringComparison.Ordinal);
        int column = "SELECT COUNT(*) AS a FROM customers; SELECT nope".IndexOf("nope", StringComparison.Ordinal) + 1;
        Assert.Contains($"(line 1, column {column})", shell.Errors, StringComparison.Ordinal); // located in the line typed
        Assert.Matches(@"│\s+42 │", shell.Output);
        Assert.Matches(@"│\s+43 │", shell.Output);
    }

    [Fact]
    public void Dot_commands_run_from_the_repl_and_exit_leaves()
    {
        using var shell = new TestShell().WithCustomers();
        shell.Terminal.Type(".mode csv\nSELECT id FROM customers WHERE age > 30 ORDER BY id;\n.exit 4\nSELECT 'never';\n");
        Assert.Equal(4, shell.RunRepl());
        Assert.Equal("id\nc2\nc3\n", shell.Output);
    }

    [Fact]
    public void Ctrl_c_drops_an_unfinished_statement()
    {
        using var shell = new TestShell().WithCustomers();
        shell.Terminal.Type("SELECT 'dropped'\nFROM").Control('c').Type("SELECT 'kept' AS t;\n");
        shell.RunRepl();
        Assert.DoesNotContain("dropped", shell.Output, StringComparison.Ordinal);
        Assert.Contains("kept", shell.Output, StringComparison.Ordinal);
        Assert.Equal("", shell.Errors);
    }

    [Fact]
    public void Ctrl_c_cancels_the_running_statement_and_the_repl_goes_on()
    {
        using var shell = new TestShell().WithCustomers();
        var started = new ManualResetEventSlim();
        shell.Session.Executor = (database, sql, cancellationToken) =>
        {
            if (!sql.Contains("slow", StringComparison.Ordinal))
                return database.Execute(sql, null, cancellationToken);
            started.Set();
            cancellationToken.WaitHandle.WaitOne(TimeSpan.FromSeconds(30));
            cancellationToken.ThrowIfCancellationRequested();
            throw new InvalidOperationException("the statement was not cancelled");
        };
        shell.Terminal.Type("SELECT 'slow';\n").Control('c').Type("SELECT COUNT(*) AS after FROM customers;\n");
        Assert.Equal(0, shell.RunRepl());
        Assert.True(started.IsSet);
        Assert.Contains("Cancelled", shell.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("not cancelled", shell.Errors, StringComparison.Ordinal);
        Assert.Contains("after", shell.Output, StringComparison.Ordinal); // typed while the slow one ran, run after it
    }

    [Fact]
    public void Ctrl_c_cancels_data_generation_and_leaves_no_table()
    {
        using var shell = new TestShell();
        shell.Terminal.Type(".generate 3000000 big\n").Control('c').Type(".tables\n");
        Assert.Equal(0, shell.RunRepl());
        Assert.Contains("Cancelled", shell.Errors, StringComparison.Ordinal);
        Assert.False(shell.Session.Database.TryGetTable("big", out _));
    }

    [Fact]
    public void History_is_kept_across_sessions_and_recalled_with_up()
    {
        string file = Path.Combine(Path.GetTempPath(), $"portraitdb-history-{Guid.NewGuid():N}");
        try
        {
            using (var first = new TestShell().WithCustomers())
            {
                first.Terminal.Type("SELECT COUNT(*) AS n\nFROM customers; -- two lines\n.mode csv\n");
                first.RunRepl(new History(file));
            }
            Assert.Equal(["SELECT COUNT(*) AS n FROM customers;", ".mode csv"], File.ReadAllLines(file));

            using var second = new TestShell().WithCustomers();
            second.Terminal.Press(ConsoleKey.UpArrow).Press(ConsoleKey.UpArrow).Type("\n");
            second.RunRepl(new History(file));
            Assert.Contains("│ 4 │", second.Output, StringComparison.Ordinal);
            Assert.Contains(Repl.Prompt + "SELECT COUNT(*) AS n FROM customers;", second.Terminal.Screen.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Tab_completes_tables_columns_and_values_in_the_repl()
    {
        using var shell = new TestShell().WithCustomers();
        shell.Terminal.Type("select count(*) fr\tcus\twhere ci\t = '北\t;\n");
        shell.RunRepl();
        Assert.Contains("select count(*) from customers where city = '北京';", shell.Terminal.Screen.ToString(), StringComparison.Ordinal);
        Assert.Matches(@"│\s+2 │", shell.Output);
    }

    [Fact]
    public void Errors_show_the_engine_caret_without_a_stack_trace()
    {
        using var shell = new TestShell().WithCustomers();
        shell.Terminal.Type("SELECT COUNT(*)\nFROM customers WHERE age >> 3;\n");
        shell.RunRepl();
        var lines = shell.Errors.Split('\n');
        Assert.StartsWith("Syntax Error:", lines[0], StringComparison.Ordinal);
        Assert.Contains("(line 2, column", lines[0], StringComparison.Ordinal);
        Assert.Equal("  FROM customers WHERE age >> 3;", lines[1]);
        Assert.Matches(@"^\s+\^+$", lines[2]);
        Assert.DoesNotContain("   at ", shell.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Results_show_their_row_count_and_time_when_the_timer_is_on()
    {
        using var shell = new TestShell().WithCustomers();
        shell.Session.Timer = true;
        shell.Terminal.Type("SELECT id FROM customers;\n.timer off\nSELECT id FROM customers;\n");
        shell.RunRepl();
        Assert.Matches(@"4 rows in [\d.]+ m?s", shell.Output);
        Assert.Matches(@"4 rows\n", shell.Output);
    }

    [Fact]
    public void An_unexpected_failure_is_reported_in_one_line_and_the_repl_goes_on()
    {
        using var shell = new TestShell();
        shell.Session.Executor = (database, sql, token) => sql.Contains("boom", StringComparison.Ordinal)
            ? throw new InvalidOperationException("boom")
            : database.Execute(sql, null, token);
        shell.Terminal.Type("SELECT 'boom';\nSELECT 'fine' AS f;\n");
        shell.RunRepl();
        Assert.Equal("Internal Error: InvalidOperationException: boom\n", shell.Errors);
        Assert.Contains("fine", shell.Output, StringComparison.Ordinal);
    }
}
