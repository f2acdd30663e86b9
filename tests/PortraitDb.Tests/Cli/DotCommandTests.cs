using PortraitDb.Cli;
using PortraitDb.Cli.Output;

namespace PortraitDb.Tests.Cli;

public sealed class DotCommandTests
{
    [Fact]
    public void Help_lists_every_command()
    {
        using var shell = new TestShell();
        Assert.True(shell.Session.RunDotCommand(".help"));
        foreach (string command in (string[])[".help", ".tables", ".schema [TABLE]", ".timer [on|off]", ".mode [table|csv|json|chart]", ".import FILE TABLE", ".open [DIR]", ".read SCRIPT", ".output [FILE]", ".exit"])
            Assert.Contains(command, shell.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Tables_and_schema_describe_the_database()
    {
        using var shell = new TestShell().WithCustomers();
        Assert.True(shell.Session.RunDotCommand(".tables"));
        Assert.Matches(@"│ customers │\s+4 │\s+6 │", shell.Output);
        Assert.True(shell.Session.RunDotCommand(".schema customers"));
        Assert.Contains("CREATE TABLE customers (\n    id TEXT KEY,\n    gender CATEGORY,", shell.Output, StringComparison.Ordinal);
        Assert.Contains("    interests TAGS\n);", shell.Output, StringComparison.Ordinal);
        Assert.False(shell.Session.RunDotCommand(".schema custmers"));
        Assert.Contains("no table 'custmers'; did you mean 'customers'?", shell.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Schema_declares_tags_after_their_table()
    {
        using var shell = new TestShell().WithCustomers();
        Assert.True(shell.Session.RunScript("CREATE TAG big_spender ON customers AS spend >= 1000;", null));
        Assert.True(shell.Session.RunScript("SELECT id FROM customers WHERE big_spender;", null));
        Assert.True(shell.Session.RunDotCommand(".schema customers"));
        // The table's stored columns, then the tag as the statement that makes it: the output runs as a script.
        Assert.Contains("    interests TAGS\n);\nCREATE TAG big_spender ON customers AS spend >= 1000;", shell.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("big_spender BOOL", shell.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Mode_and_timer_change_how_results_print()
    {
        using var shell = new TestShell().WithCustomers();
        Assert.True(shell.Session.RunDotCommand(".mode csv"));
        Assert.Equal(OutputMode.Csv, shell.Session.Mode);
        Assert.True(shell.Session.RunScript("SELECT id FROM customers WHERE city = '北京' ORDER BY id;", null));
        Assert.Equal("id\nc1\nc3\n", shell.Output);
        Assert.True(shell.Session.RunDotCommand(".timer on"));
        Assert.True(shell.Session.Timer);
        Assert.True(shell.Session.RunScript("SELECT COUNT(*) FROM customers;", null));
        Assert.Matches(@"1 row in [\d.]+ m?s", shell.Errors);
        Assert.False(shell.Session.RunDotCommand(".mode xml"));
        Assert.False(shell.Session.RunDotCommand(".timer maybe"));
        Assert.Equal(OutputMode.Csv, shell.Session.Mode);
    }

    [Fact]
    public void Chart_mode_draws_a_group_by()
    {
        using var shell = new TestShell().WithCustomers();
        Assert.True(shell.Session.RunDotCommand(".mode chart"));
        Assert.True(shell.Session.RunScript("SELECT city, COUNT(*) AS n FROM customers GROUP BY city ORDER BY n DESC;", null));
        Assert.Contains("n by city", shell.Output, StringComparison.Ordinal);
        Assert.Contains("█", shell.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_loads_a_csv_file_into_a_new_table()
    {
        string path = Path.Combine(Path.GetTempPath(), $"portraitdb-import-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "id,city,age\nc1,北京,30\nc2,上海,41\nc3,北京,25\n");
        try
        {
            using var shell = new TestShell();
            Assert.True(shell.Session.RunDotCommand($".import {path} people"));
            Assert.Contains("imported 3 rows into 'people'", shell.Output, StringComparison.Ordinal);
            Assert.Equal(2L, shell.Session.Database.Execute("SELECT COUNT(*) FROM people WHERE city = '北京'").Scalar());
            Assert.False(shell.Session.RunDotCommand(".import /no/such.csv people2"));
            Assert.Contains("does not exist", shell.Errors, StringComparison.Ordinal);
            Assert.False(shell.Session.RunDotCommand(".import onlyone"));
            Assert.Contains("usage: .import FILE TABLE", shell.Errors, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Generate_fills_a_table_with_synthetic_profiles()
    {
        using var shell = new TestShell();
        Assert.True(shell.Session.RunDotCommand(".generate 5,000 people 7"));
        Assert.Contains("generated 5,000 profiles into 'people'", shell.Output, StringComparison.Ordinal);
        Assert.Equal(5000L, shell.Session.Database.Execute("SELECT COUNT(*) FROM people").Scalar());
        Assert.False(shell.Session.RunDotCommand(".generate 10 people"));
        Assert.Contains("already exists", shell.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_runs_a_script_and_output_sends_results_to_a_file()
    {
        string folder = Directory.CreateTempSubdirectory("portraitdb-dot-").FullName;
        try
        {
            string script = Path.Combine(folder, "setup.sql");
            string results = Path.Combine(folder, "out.csv");
            File.WriteAllText(script, "CREATE TABLE t (a INT);\nINSERT INTO t VALUES (1), (2), (3);\n.mode csv\n");
            using var shell = new TestShell();
            Assert.True(shell.Session.RunDotCommand($".read {script}"));
            Assert.True(shell.Session.RunDotCommand($".output {results}"));
            Assert.True(shell.Session.RunScript("SELECT a FROM t ORDER BY a DESC;", null));
            Assert.True(shell.Session.RunDotCommand(".output"));
            Assert.True(shell.Session.RunScript("SELECT COUNT(*) AS n FROM t;", null));
            Assert.Equal("a\n3\n2\n1\n", File.ReadAllText(results));
            Assert.EndsWith("n\n3\n", shell.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_script_that_reads_itself_is_stopped()
    {
        string script = Path.Combine(Path.GetTempPath(), $"portraitdb-loop-{Guid.NewGuid():N}.sql");
        File.WriteAllText(script, $".read {script}\n");
        try
        {
            using var shell = new TestShell();
            Assert.False(shell.Session.RunDotCommand($".read {script}"));
            Assert.Contains("nested more than", shell.Errors, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(script);
        }
    }

    [Fact]
    public void Open_keeps_a_database_in_a_directory_and_without_one_starts_an_empty_in_memory_database()
    {
        string directory = Path.Combine(Path.GetTempPath(), "portraitdb-cli-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (var shell = new TestShell())
            {
                Assert.True(shell.Session.RunDotCommand($".open {directory}"));
                Assert.Equal(0, shell.RunScript("CREATE TABLE t (a INT)", "INSERT INTO t VALUES (1), (2)"));
            }
            using (var shell = new TestShell().WithCustomers())
            {
                Assert.True(shell.Session.RunDotCommand($".open {directory}"));
                Assert.Equal(["t"], shell.Session.Database.Tables.Select(table => table.Name));
                Assert.Equal(2, shell.Session.Database.GetTable("t").RowCount);
                Assert.True(shell.Session.RunDotCommand(".open"));
                Assert.Empty(shell.Session.Database.Tables);
            }
            using (var holder = PortraitDatabase.Open(directory))
            using (var shell = new TestShell().WithCustomers())
            {
                // Held by another database: refused, and the current one stays.
                Assert.False(shell.Session.RunDotCommand($".open {directory}"));
                Assert.Contains("already open", shell.Errors, StringComparison.Ordinal);
                Assert.Single(shell.Session.Database.Tables);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Timeout_sets_and_clears_the_database_limit()
    {
        using var shell = new TestShell();
        Assert.True(shell.Session.RunDotCommand(".timeout 2.5"));
        Assert.Equal(TimeSpan.FromSeconds(2.5), shell.Session.Database.Timeout);
        Assert.True(shell.Session.RunDotCommand(".timeout off"));
        Assert.Null(shell.Session.Database.Timeout);
        Assert.False(shell.Session.RunDotCommand(".timeout -1"));
    }

    [Fact]
    public void Arguments_can_be_quoted()
    {
        Assert.Equal([".import", "my file.csv", "t"], DotCommands.SplitArguments(".import 'my file.csv' t"));
        Assert.Equal([".output", "a b"], DotCommands.SplitArguments(".output \"a b\""));
    }
}
