using PortraitDb.Cli.Editing;

namespace PortraitDb.Tests.Cli;

public sealed class HistoryTests
{
    [Fact]
    public void Entries_are_kept_on_one_line_without_blanks_or_repeats()
    {
        var history = new History(null);
        history.Add("SELECT 1;");
        history.Add("SELECT 1;");
        history.Add("   ");
        history.Add("SELECT\n2;");
        Assert.Equal(["SELECT 1;", "SELECT 2;"], history.Entries);
    }

    [Fact]
    public void The_file_is_bounded_and_reloaded()
    {
        string file = Path.Combine(Path.GetTempPath(), $"portraitdb-history-{Guid.NewGuid():N}");
        try
        {
            var history = new History(file, capacity: 5);
            for (int entry = 0; entry < 23; entry++)
                history.Add($"SELECT {entry};");
            Assert.Equal(5, history.Entries.Count);
            Assert.True(File.ReadAllLines(file).Length < 10, "the file is rewritten when it reaches twice the capacity");
            var reloaded = new History(file, capacity: 5);
            Assert.Equal(Enumerable.Range(18, 5).Select(entry => $"SELECT {entry};"), reloaded.Entries);
            if (!OperatingSystem.IsWindows())
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void An_unwritable_file_leaves_a_history_for_the_session()
    {
        var history = new History("/proc/no/such/dir/history");
        history.Add("SELECT 1;");
        Assert.Equal(["SELECT 1;"], history.Entries);
    }

    [Fact]
    public void The_environment_moves_or_disables_the_file()
    {
        string? saved = Environment.GetEnvironmentVariable(History.PathVariable);
        try
        {
            Environment.SetEnvironmentVariable(History.PathVariable, "/tmp/elsewhere");
            Assert.Equal("/tmp/elsewhere", History.DefaultPath());
            Environment.SetEnvironmentVariable(History.PathVariable, "");
            Assert.Null(History.DefaultPath());
        }
        finally
        {
            Environment.SetEnvironmentVariable(History.PathVariable, saved);
        }
    }
}
