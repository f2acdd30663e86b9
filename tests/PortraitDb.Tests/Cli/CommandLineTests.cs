using PortraitDb.Cli;
using PortraitDb.Cli.Output;

namespace PortraitDb.Tests.Cli;

public sealed class CommandLineTests
{
    [Fact]
    public void No_arguments_open_the_shell_in_memory()
    {
        var options = CommandLine.Parse([], out string? error);
        Assert.Null(error);
        Assert.Equal(CliCommand.Shell, options!.Command);
        Assert.Null(options.DatabaseDirectory);
        Assert.Empty(options.Sources);
    }

    [Fact]
    public void Commands_and_files_keep_their_order()
    {
        var options = CommandLine.Parse(["-c", "SELECT 1", "-f", "a.sql", "--command", ".tables", "--format", "json"], out _)!;
        Assert.Equal([new ScriptRunner.Source("SELECT 1", null), new ScriptRunner.Source(null, "a.sql"), new ScriptRunner.Source(".tables", null)], options.Sources);
        Assert.Equal(OutputMode.Json, options.Format);
    }

    [Fact]
    public void Demo_takes_a_row_count()
    {
        var options = CommandLine.Parse(["demo", "--rows", "200_000"], out _)!;
        Assert.Equal(CliCommand.Demo, options.Command);
        Assert.Equal(200_000, options.Rows);
        Assert.Equal(1_000_000, CommandLine.Parse(["demo"], out _)!.Rows);
    }

    [Fact]
    public void A_database_directory_is_an_argument_before_or_after_options()
    {
        Assert.Equal("db", CommandLine.Parse(["db", "-c", "SELECT 1"], out _)!.DatabaseDirectory);
        Assert.Equal("db", CommandLine.Parse(["-c", "SELECT 1", "db"], out _)!.DatabaseDirectory);
    }

    [Theory]
    [InlineData("--format", "xml")]
    [InlineData("-c")]
    [InlineData("--bogus")]
    [InlineData("demo", "--rows", "0")]
    [InlineData("demo", "--rows", "many")]
    [InlineData("--rows", "5")]
    [InlineData("demo", "-c", "SELECT 1")]
    [InlineData("a", "b")]
    public void Bad_arguments_are_refused_with_a_reason(params string[] args)
    {
        Assert.Null(CommandLine.Parse(args, out string? error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void Help_describes_every_option()
    {
        Assert.Equal(CliCommand.Help, CommandLine.Parse(["--help"], out _)!.Command);
        foreach (string option in (string[])["-c", "-f", "--format", "--rows", "demo", "DATABASE_DIR", "exit code"])
            Assert.Contains(option, CommandLine.Usage, StringComparison.Ordinal);
    }
}
