using System.Diagnostics;
using System.Globalization;
using System.Text;
using PortraitDb.Cli;

namespace PortraitDb.Tests.Persistence;

/// <summary>
/// A writer in a child process (<c>portraitdb DIR</c> running a script of upserts, multi-row inserts, updates,
/// deletes and checkpoints) is killed with SIGKILL at random moments, again and again. After each kill the
/// database must open and equal the model after some prefix of the script that includes every statement the
/// child acknowledged; the next child carries on from there.
/// </summary>
public sealed class CrashTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private static readonly string[] Cities = ["北京", "上海", "广州", "深圳", "杭州", "成都"];
    private static readonly string[] Interests = ["travel", "food", "美妆", "sports", "games"];
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "portraitdb-crash-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }

    private sealed record Row(string City, int N, string[] Tags, decimal Amount, string? Note);

    [Fact]
    public void Killed_writers_lose_no_acknowledged_change()
    {
        var random = new Random(20261123);
        var (statements, states) = Script(random, count: 3000);
        int applied = 0;
        for (int kill = 0; kill < 14 && applied < statements.Count; kill++)
        {
            int acknowledged = RunAndKill(statements, applied, TimeSpan.FromMilliseconds(random.Next(200, 1500)));
            Assert.True(acknowledged >= applied, "acknowledgements count from the resumed position");
            var database = PortraitDatabase.Open(_directory);
            var actual = ReadTable(database);
            int match = -1;
            for (int candidate = acknowledged; candidate <= statements.Count; candidate++)
            {
                if (candidate == 0 ? actual is null : Same(actual, states[candidate]))
                {
                    match = candidate;
                    break;
                }
            }
            Assert.True(match >= 0, $"after kill {kill} the database matches no state at or after the {acknowledged} acknowledged statements");
            AssertIndexes(database, states[match]);
            output.WriteLine($"kill {kill}: {acknowledged} statements acknowledged, the database holds the first {match} of {statements.Count}");
            applied = match;
            // Alternate: half the next children start from a checkpoint, half replay the log.
            if (kill % 2 == 0)
                database.Dispose();
            else
                database.Abandon();
        }
        Assert.True(applied > 0, "no child got any statement through");
    }

    /// <summary>Runs statements from <paramref name="start"/> in a child and kills it after <paramref name="delay"/>; returns how many statements in all were acknowledged.</summary>
    private int RunAndKill(List<string> statements, int start, TimeSpan delay)
    {
        string dotnet = Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";
        var info = new ProcessStartInfo(dotnet)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(typeof(Session).Assembly.Location);
        info.ArgumentList.Add(_directory);
        info.ArgumentList.Add("--format");
        info.ArgumentList.Add("csv");
        info.Environment["PORTRAITDB_HISTORY"] = "";
        int acknowledged = start;
        using var process = Process.Start(info)!;
        var reading = Task.Run(() =>
        {
            // Each statement is followed by "SELECT i AS ack": once i prints, statement i-1 has returned.
            while (process.StandardOutput.ReadLine() is { } line)
            {
                if (int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out int done))
                    Volatile.Write(ref acknowledged, done);
            }
        });
        _ = process.StandardError.ReadToEndAsync();
        var script = new StringBuilder();
        for (int index = start; index < statements.Count; index++)
            script.Append(statements[index]).Append(";\nSELECT ").Append(index + 1).Append(" AS ack;\n");
        try
        {
            process.StandardInput.Write(script.ToString());
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The child already died (it found the script's end or failed); its exit is checked below.
        }
        if (!process.WaitForExit(delay))
            process.Kill();
        process.WaitForExit();
        reading.Wait();
        return Volatile.Read(ref acknowledged);
    }

    private static (List<string> Statements, List<Dictionary<long, Row>> States) Script(Random random, int count)
    {
        var statements = new List<string>();
        var state = new Dictionary<long, Row>();
        var states = new List<Dictionary<long, Row>> { new(state) };
        statements.Add("CREATE TABLE t (id BIGINT KEY, city CATEGORY, n INT, tags TAGS, amount DECIMAL(10,2), note TEXT)");
        states.Add(new(state));
        long nextKey = 1;
        while (statements.Count < count)
        {
            int choice = random.Next(100);
            if (choice < 45 || state.Count == 0)
            {
                long key = state.Count > 0 && random.Next(3) == 0 ? state.Keys.ElementAt(random.Next(state.Count)) : nextKey++;
                var row = RandomRow(random);
                state[key] = row;
                statements.Add($"INSERT OR REPLACE INTO t VALUES {Values(key, row)}");
            }
            else if (choice < 55)
            {
                var values = new List<string>();
                for (int index = random.Next(20, 400); index > 0; index--)
                {
                    long key = nextKey++;
                    var row = RandomRow(random);
                    state[key] = row;
                    values.Add(Values(key, row));
                }
                statements.Add($"INSERT INTO t VALUES {string.Join(", ", values)}");
            }
            else if (choice < 75)
            {
                long key = state.Keys.ElementAt(random.Next(state.Count));
                state[key] = state[key] with { N = state[key].N + 1, Note = null };
                statements.Add($"UPDATE t SET n = n + 1, note = NULL WHERE id = {key}");
            }
            else if (choice < 80)
            {
                string from = Cities[random.Next(Cities.Length)];
                string to = Cities[random.Next(Cities.Length)];
                foreach (long key in state.Where(entry => entry.Value.City == from).Select(entry => entry.Key).ToList())
                    state[key] = state[key] with { City = to };
                statements.Add($"UPDATE t SET city = '{to}' WHERE city = '{from}'");
            }
            else if (choice < 95)
            {
                long key = state.Keys.ElementAt(random.Next(state.Count));
                state.Remove(key);
                statements.Add($"DELETE FROM t WHERE id = {key}");
            }
            else
            {
                statements.Add("CHECKPOINT");
            }
            states.Add(new(state));
        }
        return (statements, states);
    }

    private static Row RandomRow(Random random) => new(
        Cities[random.Next(Cities.Length)],
        random.Next(-100, 100_000),
        [.. Interests.Where(_ => random.Next(3) == 0).DefaultIfEmpty(Interests[random.Next(Interests.Length)])],
        random.Next(0, 10_000_000) / 100m,
        random.Next(4) == 0 ? null : $"备注 {random.Next(1000)}");

    private static string Values(long key, Row row) =>
        string.Create(CultureInfo.InvariantCulture, $"({key}, '{row.City}', {row.N}, '{string.Join("|", row.Tags)}', {row.Amount}, {(row.Note is null ? "NULL" : $"'{row.Note}'")})");

    private static Dictionary<long, Row>? ReadTable(PortraitDatabase database)
    {
        if (!database.TryGetTable("t", out var table))
            return null;
        var snapshot = table.GetSnapshot();
        var rows = new Dictionary<long, Row>();
        foreach (uint id in snapshot.GetLiveRows())
        {
            var values = snapshot.GetRow(id);
            rows[(long)values[0]!] = new Row((string)values[1]!, (int)values[2]!, (string[])values[3]!, (decimal)values[4]!, (string?)values[5]);
        }
        return rows;
    }

    private static bool Same(Dictionary<long, Row>? actual, Dictionary<long, Row> expected)
    {
        if (actual is null)
            return false;
        if (actual.Count != expected.Count)
            return false;
        foreach (var (key, row) in expected)
        {
            if (!actual.TryGetValue(key, out var other) || other.City != row.City || other.N != row.N || other.Amount != row.Amount
                || other.Note != row.Note || !other.Tags.Order().SequenceEqual(row.Tags.Order()))
            {
                return false;
            }
        }
        return true;
    }

    private static void AssertIndexes(PortraitDatabase database, Dictionary<long, Row> expected)
    {
        if (!database.TryGetTable("t", out _))
            return;
        foreach (string city in Cities)
        {
            long count = Convert.ToInt64(database.Execute($"SELECT COUNT(*) FROM t WHERE city = '{city}'").Rows[0][0], CultureInfo.InvariantCulture);
            Assert.Equal(expected.Values.Count(row => row.City == city), count);
        }
        foreach (string interest in Interests)
        {
            long count = Convert.ToInt64(database.Execute($"SELECT COUNT(*) FROM t WHERE tags HAS '{interest}'").Rows[0][0], CultureInfo.InvariantCulture);
            Assert.Equal(expected.Values.Count(row => row.Tags.Contains(interest)), count);
        }
        long big = Convert.ToInt64(database.Execute("SELECT COUNT(*) FROM t WHERE n >= 50000").Rows[0][0], CultureInfo.InvariantCulture);
        Assert.Equal(expected.Values.Count(row => row.N >= 50_000), big);
    }
}
