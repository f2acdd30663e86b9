using System.Text;
using PortraitDb.Tests.Cli;
using Xunit.Abstractions;

namespace PortraitDb.Tests.Docs;

/// <summary>
/// docs/portrait-walkthrough.md, run as written: every <c>```sql</c> block, in order, in one <c>portraitdb</c> shell
/// (so blocks may hold dot commands such as <c>.generate</c> and <c>.mode</c>); each must succeed, and a <c>```text</c>
/// block right after one must be exactly what the shell printed for it. Paths under <c>../shared/data</c> point at the
/// shared data folder; where it is absent, the rest of that section is skipped (later blocks build on earlier ones).
/// </summary>
public sealed class PortraitWalkthroughTests(ITestOutputHelper output)
{
    private const string SharedDataPrefix = "../shared/data";

    private sealed record Block(string Section, int Line, string Sql, string? Expected);

    [Fact]
    public void Every_block_runs_and_prints_what_the_page_shows()
    {
        var blocks = Blocks(File.ReadAllLines(Path.Combine(RepositoryRoot(), "docs", "portrait-walkthrough.md")));
        Assert.NotEmpty(blocks);
        using var shell = new TestShell();
        string? skipping = null;
        int ran = 0;
        foreach (var block in blocks)
        {
            if (block.Section == skipping)
                continue;
            string sql = block.Sql;
            if (sql.Contains(SharedDataPrefix, StringComparison.Ordinal))
            {
                if (SharedData.Folder is null)
                {
                    output.WriteLine($"Skipped the rest of '{block.Section}' from line {block.Line}: the shared data folder (../shared beside the repository) is absent.");
                    skipping = block.Section;
                    continue;
                }
                sql = sql.Replace(SharedDataPrefix, Path.Combine(SharedData.Folder, "data"), StringComparison.Ordinal);
            }
            int printed = shell.Output.Length;
            int code = shell.RunScript(sql);
            Assert.True(code == 0, $"The block at line {block.Line} failed:\n{block.Sql}\n{shell.Errors}");
            ran++;
            if (block.Expected is null)
                continue;
            string actual = Normalise(shell.Output[printed..]);
            Assert.True(Normalise(block.Expected) == actual,
                $"The block at line {block.Line} printed something else than the page shows.\n--- the page:\n{block.Expected}\n--- the shell:\n{actual}");
        }
        output.WriteLine($"Ran {ran} of {blocks.Count} blocks.");
    }

    /// <summary>The sql blocks with their section and the text block that follows each, if any.</summary>
    private static List<Block> Blocks(string[] lines)
    {
        var blocks = new List<Block>();
        string section = "";
        for (int index = 0; index < lines.Length; index++)
        {
            if (lines[index].StartsWith("## ", StringComparison.Ordinal))
                section = lines[index];
            if (lines[index].Trim() != "```sql")
                continue;
            int start = index + 1;
            string sql = Fenced(lines, ref index);
            int next = index + 1;
            while (next < lines.Length && lines[next].Trim().Length == 0)
                next++;
            string? expected = null;
            if (next < lines.Length && lines[next].Trim() == "```text")
            {
                index = next;
                expected = Fenced(lines, ref index);
            }
            blocks.Add(new Block(section, start, sql, expected));
        }
        return blocks;
    }

    /// <summary>The lines of the fenced block opening at <paramref name="index"/>; leaves <paramref name="index"/> on its closing fence.</summary>
    private static string Fenced(string[] lines, ref int index)
    {
        var text = new StringBuilder();
        for (index++; index < lines.Length && lines[index].Trim() != "```"; index++)
            text.AppendLine(lines[index]);
        return text.ToString();
    }

    private static string Normalise(string text) =>
        string.Join('\n', text.ReplaceLineEndings("\n").Split('\n').Select(line => line.TrimEnd())).Trim('\n');

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "PortraitDb.sln")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("PortraitDb.sln not found above the test binaries.");
    }
}
