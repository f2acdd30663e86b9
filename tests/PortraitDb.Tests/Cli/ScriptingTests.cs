using System.Diagnostics;
using System.Text.Json;
using PortraitDb.Cli;
using PortraitDb.Cli.Output;

namespace PortraitDb.Tests.Cli;

/// <summary>Scripting in-process through <see cref="ScriptRunner"/>: what goes where, and the exit code.</summary>
public sealed class ScriptingTests
{
    [Fact]
    public void Statements_run_in_order_and_succeed_with_exit_code_0()
    {
        using var shell = new TestShell();
        int code = shell.RunScript("CREATE TABLE t (a INT, b TEXT)", "INSERT INTO t VALUES (1, 'x'), (2, 'y'); SELECT a, b FROM t ORDER BY a");
        Assert.Equal(0, code);
        Assert.Equal("", shell.Errors);
        Assert.Contains("created table 't'", shell.Output, StringComparison.Ordinal);
        Assert.Contains("inserted 2 rows", shell.Output, StringComparison.Ordinal);
        Assert.Contains("2 rows", shell.Output, StringComparison.Ordinal);
        Assert.True(shell.Output.IndexOf("│ 1 │ x │", StringComparison.Ordinal) < shell.Output.IndexOf("│ 2 │ y │", StringComparison.Ordinal));
    }

    [Fact]
    public void The_first_error_stops_the_script_with_exit_code_1_and_the_caret_message_on_standard_error()
    {
        using var shell = new TestShell().WithCustomers();
        int code = shell.RunScript("SELECT COUNT(*) FROM customers", "SELECT COUNT(*) FROM customers WHERE gendr = 'female'", "SELECT 'never'");
        Assert.Equal(1, code);
        Assert.Equal(
            "Binder Error: unknown column 'gendr' in table 'customers'; did you mean 'gender'? (line 1, column 38)\n" +
            "  SELECT COUNT(*) FROM customers WHERE gendr = 'female'\n" +
            new string(' ', 2 + 37) + "^^^^^\n",
            shell.Errors);
        Assert.DoesNotContain("never", shell.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(" at PortraitDb", shell.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void An_error_in_a_script_file_is_located_in_the_file()
    {
        string path = Path.Combine(Path.GetTempPath(), $"portraitdb-script-{Guid.NewGuid():N}.sql");
        File.WriteAllText(path, "CREATE TABLE t (a INT);\nINSERT INTO t VALUES (1);\n\nSELECT a,\n       a * 2 AS b FROM t\n WHERE x = 1;\nSELECT 'never';\n");
        try
        {
            using var shell = new TestShell();
            int code = ScriptRunner.Run(shell.Session, [new ScriptRunner.Source(null, path)], () => new StringReader(""));
            Assert.Equal(1, code);
            var lines = shell.Errors.Split('\n');
            Assert.StartsWith($"{path}: Binder Error: unknown column 'x'", lines[0], StringComparison.Ordinal);
            Assert.EndsWith("(line 6, column 8)", lines[0], StringComparison.Ordinal);
            Assert.Equal("   WHERE x = 1;", lines[1]);
            Assert.Equal("         ^", lines[2]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_missing_script_file_is_an_error()
    {
        using var shell = new TestShell();
        int code = ScriptRunner.Run(shell.Session, [new ScriptRunner.Source(null, "/no/such/script.sql")], () => new StringReader(""));
        Assert.Equal(1, code);
        Assert.Contains("cannot read '/no/such/script.sql'", shell.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Standard_input_is_read_when_named_dash()
    {
        using var shell = new TestShell();
        int code = ScriptRunner.Run(shell.Session, [new ScriptRunner.Source(null, "-")], () => new StringReader("CREATE TABLE t (a INT);\nINSERT INTO t VALUES (7);\nSELECT a FROM t"));
        Assert.Equal(0, code);
        Assert.Contains("│ 7 │", shell.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_and_json_results_alone_go_to_the_output_and_messages_to_standard_error()
    {
        using var shell = new TestShell();
        shell.Session.Mode = OutputMode.Csv;
        Assert.Equal(0, shell.RunScript("CREATE TABLE t (a INT, b CATEGORY)", "INSERT INTO t VALUES (1, '北京'), (2, NULL)", "SELECT a, b FROM t ORDER BY a"));
        Assert.Equal("a,b\n1,北京\n2,\n", shell.Output);
        Assert.Contains("created table 't'", shell.Errors, StringComparison.Ordinal);

        using var json = new TestShell();
        json.Session.Mode = OutputMode.Json;
        Assert.Equal(0, json.RunScript("CREATE TABLE t (a INT)", "INSERT INTO t VALUES (1)", "SELECT a, a + 1 AS b FROM t"));
        using var document = JsonDocument.Parse(json.Output);
        Assert.Equal(2, document.RootElement[0].GetProperty("b").GetInt64());
    }

    [Fact]
    public void Exit_stops_the_script_with_its_code()
    {
        using var shell = new TestShell();
        Assert.Equal(3, shell.RunScript("SELECT 1 AS one", ".exit 3", "SELECT 'never'"));
        Assert.DoesNotContain("never", shell.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_dot_command_fails_the_script()
    {
        using var shell = new TestShell();
        Assert.Equal(1, shell.RunScript(".tabels"));
        Assert.Contains("unknown command '.tabels'", shell.Errors, StringComparison.Ordinal);
    }
}

/// <summary>The real <c>portraitdb</c> process: arguments, standard streams, exit codes.</summary>
public sealed class ProcessTests
{
    private static (int Code, string Output, string Errors) Run(string? input, params string[] args)
    {
        string assembly = typeof(Session).Assembly.Location;
        string dotnet = Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
            StandardErrorEncoding = System.Text.Encoding.UTF8,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assembly);
        foreach (string arg in args)
            start.ArgumentList.Add(arg);
        start.Environment["PORTRAITDB_HISTORY"] = "";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(input ?? "");
        process.StandardInput.Close();
        Assert.True(process.WaitForExit(60_000), "portraitdb did not finish");
        return (process.ExitCode, output.Result, errors.Result);
    }

    [Fact]
    public void Commands_print_csv_and_exit_0()
    {
        var (code, output, errors) = Run(null, "-c", "CREATE TABLE t (a INT, b TEXT)", "-c", "INSERT INTO t VALUES (1, 'x,y')", "-c", "SELECT a, b FROM t", "--format", "csv");
        Assert.Equal(0, code);
        Assert.Equal("a,b\n1,\"x,y\"\n", output);
        Assert.Contains("inserted 1 row", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void An_error_exits_1_with_the_message_on_standard_error()
    {
        var (code, output, errors) = Run(null, "-c", "SELEC 1", "-c", "SELECT 2");
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.StartsWith("Syntax Error:", errors, StringComparison.Ordinal);
        Assert.Contains("^", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Statements_on_standard_input_run_when_it_is_not_a_terminal()
    {
        var (code, output, _) = Run("CREATE TABLE t (a INT);\nINSERT INTO t VALUES (1), (2);\nSELECT SUM(a) AS total FROM t;\n", "--format", "json");
        Assert.Equal(0, code);
        Assert.Equal("[\n{\"total\":3}\n]\n", output);
    }

    [Fact]
    public void A_database_directory_keeps_what_one_run_writes_for_the_next()
    {
        string directory = Path.Combine(Path.GetTempPath(), "portraitdb-cli-" + Guid.NewGuid().ToString("N"));
        try
        {
            var first = Run("CREATE TABLE t (a INT, city CATEGORY);\nINSERT INTO t VALUES (1, '北京'), (2, '上海');\n", directory);
            Assert.Equal(0, first.Code);
            var second = Run(null, directory, "-c", "SELECT city FROM t WHERE a = 2", "--format", "csv");
            Assert.Equal(0, second.Code);
            Assert.Equal("city\n上海\n", second.Output);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Help_and_bad_arguments()
    {
        var help = Run(null, "--help");
        Assert.Equal(0, help.Code);
        Assert.Contains("portraitdb demo [--rows N]", help.Output, StringComparison.Ordinal);
        var bad = Run(null, "--format", "xml");
        Assert.Equal(1, bad.Code);
        Assert.Contains("--format takes table, csv, json or chart", bad.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void The_demo_tours_a_small_dataset_and_ends_when_standard_input_is_not_a_terminal()
    {
        var (code, output, errors) = Run(null, "demo", "--rows", "20000");
        Assert.True(code == 0, errors);
        Assert.Contains("Generated 20,000 profiles", output, StringComparison.Ordinal);
        Assert.Contains("Portrait of the audience against everyone", output, StringComparison.Ordinal);
        Assert.Contains("PROFILE gender = 'female'", output, StringComparison.Ordinal);
        Assert.Contains("tgi", output, StringComparison.Ordinal);
        Assert.Contains("income_band", output, StringComparison.Ordinal);
        Assert.Contains("the tour ends here", output, StringComparison.Ordinal);
    }
}
