using System.Globalization;

namespace PortraitDb.Tests.Persistence;

/// <summary>
/// Damage to every kind of database file — a flipped byte anywhere, a truncation, a missing file — gives a
/// PortraitDbException of kind Corruption (or NotSupported, for a version from the future) that names the file, at
/// open or at the first query that reads a damaged column chunk: never a crash, a hang or a wrong answer. The one
/// documented exception is the end of the write-ahead log, which a crash may tear: there the database may open as
/// it was after an earlier statement, as the crash would have left it.
/// </summary>
public sealed class CorruptionTests : IDisposable
{
    private const int LoggedStatements = 6;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "portraitdb-damage-" + Guid.NewGuid().ToString("N"));
    private readonly string _pristine;
    private readonly List<string> _states = [];

    public CorruptionTests()
    {
        _pristine = Path.Combine(_root, "pristine");
        string checkpointed = Path.Combine(_root, "checkpointed");
        using (var database = PortraitDatabase.Open(_pristine))
        {
            database.Execute("CREATE TABLE p (id BIGINT KEY, city CATEGORY, age INT, spend DECIMAL(10,2), vip BOOL, tags TAGS, note TEXT, score DOUBLE, seen DATE)");
            using (var appender = database.GetTable("p").CreateAppender())
            {
                for (int row = 0; row < 70_000; row++)
                {
                    appender.Append((long)row).Append(row % 7 == 0 ? null : $"城市{row % 23}").Append(18 + (row % 60)).Append(row % 1000 / 10m)
                        .Append(row % 3 == 0).Append(row % 5 == 0 ? ["a", "b"] : ["c"]).Append(row % 11 == 0 ? null : $"note {row}")
                        .Append(row * 0.5).Append(new DateOnly(2024, 1, 1).AddDays(row % 400));
                    appender.EndRow();
                }
                appender.Commit();
            }
            database.Checkpoint();
            CopyDirectory(_pristine, checkpointed);
            for (int statement = 0; statement < LoggedStatements; statement++)
                database.Execute(Statement(statement));
            database.Abandon();
        }
        // The states a torn log tail may leave: the checkpoint plus the first m logged statements.
        for (int kept = 0; kept <= LoggedStatements; kept++)
        {
            string directory = Path.Combine(_root, $"state-{kept}");
            CopyDirectory(checkpointed, directory);
            using var database = PortraitDatabase.Open(directory);
            for (int statement = 0; statement < kept; statement++)
                database.Execute(Statement(statement));
            _states.Add(Fingerprint(database));
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
            Directory.Delete(_root, recursive: true);
    }

    private static string Statement(int index) =>
        $"INSERT OR REPLACE INTO p VALUES ({index * 1000}, '新城', {index}, 1.5, true, 'x|y', 'changed {index}', 2.5, DATE '2026-01-01')";

    /// <summary>Everything the database holds, read through every column of every row and the indexes.</summary>
    private static string Fingerprint(PortraitDatabase database)
    {
        var text = new System.Text.StringBuilder();
        foreach (var row in database.Execute("SELECT * FROM p ORDER BY id").Rows)
            text.AppendJoin('|', row.Select(value => value is string[] tags ? string.Join(',', tags.Order()) : Convert.ToString(value, CultureInfo.InvariantCulture))).Append('\n');
        foreach (var row in database.Execute("SELECT city, vip, COUNT(*) FROM p GROUP BY city, vip ORDER BY city, vip").Rows)
            text.AppendJoin('|', row).Append('\n');
        text.Append(database.Execute("SELECT COUNT(*) FROM p WHERE tags HAS 'a' AND age > 30").Rows[0][0]);
        return text.ToString();
    }

    private static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (string file in Directory.EnumerateFiles(source).Where(file => Path.GetFileName(file) != "portrait.lock"))
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
    }

    [Fact]
    public void Every_damaged_file_is_reported_by_name()
    {
        var random = new Random(5);
        var files = Directory.EnumerateFiles(_pristine).Select(file => Path.GetFileName(file)!).Where(name => name != "portrait.lock").Order().ToList();
        Assert.Contains(files, name => name.EndsWith(".seg", StringComparison.Ordinal));
        Assert.Contains(files, name => name.EndsWith(".dict", StringComparison.Ordinal));
        Assert.Contains(files, name => name.StartsWith("wal-", StringComparison.Ordinal));
        Assert.Contains("manifest", files);
        using (var database = PortraitDatabase.Open(CopyOf("reference")))
            Assert.Equal(_states[LoggedStatements], Fingerprint(database));
        int cases = 0;
        foreach (string file in files)
        {
            long length = new FileInfo(Path.Combine(_pristine, file)).Length;
            var positions = new HashSet<long> { 0, 8, 12, 15, length - 1, length / 2 };
            while (positions.Count < Math.Min(length, 30))
                positions.Add(random.NextInt64(length));
            foreach (long position in positions)
            {
                string directory = CopyOf($"flip-{cases++}");
                string path = Path.Combine(directory, file);
                var bytes = File.ReadAllBytes(path);
                bytes[position] ^= (byte)(1 << random.Next(8));
                File.WriteAllBytes(path, bytes);
                AssertReported(directory, file, $"byte {position} of {file} flipped");
            }
            foreach (long cut in new[] { 0, 10, length / 3, length - 1 })
            {
                string directory = CopyOf($"cut-{cases++}");
                string path = Path.Combine(directory, file);
                File.WriteAllBytes(path, File.ReadAllBytes(path)[..(int)cut]);
                AssertReported(directory, file, $"{file} cut to {cut} bytes");
            }
            string missing = CopyOf($"missing-{cases++}");
            File.Delete(Path.Combine(missing, file));
            AssertReported(missing, file, $"{file} deleted");
        }
    }

    private string CopyOf(string name)
    {
        string directory = Path.Combine(_root, name);
        CopyDirectory(_pristine, directory);
        return directory;
    }

    private void AssertReported(string directory, string file, string damage)
    {
        string fingerprint;
        try
        {
            using var database = PortraitDatabase.Open(directory);
            fingerprint = Fingerprint(database);
        }
        catch (PortraitDbException error) when (error.Kind is PortraitDbErrorKind.Corruption or PortraitDbErrorKind.NotSupported)
        {
            Assert.True(error.Message.Contains(file, StringComparison.Ordinal), $"{damage}: the error does not name the file: {error.Message}");
            return;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
        Assert.True(file.StartsWith("wal-", StringComparison.Ordinal), $"{damage}: opened without an error");
        Assert.True(_states.Contains(fingerprint), $"{damage}: opened in a state no crash could leave");
    }
}
