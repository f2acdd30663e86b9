using System.Collections.Concurrent;
using System.Globalization;

namespace PortraitDb.Tests.Persistence;

/// <summary>
/// Reader threads run audience counts and breakdowns whose answers never change while a writer (on a database
/// kept in a directory, checkpointing as it goes) moves customers between groups, transfers amounts between rows,
/// and replaces customers by deleting one and inserting another in the same transaction. A reader that ever sees
/// half a transaction, or a checkpoint's intermediate state, breaks an invariant.
/// </summary>
public sealed class ConcurrencyStressTests : IDisposable
{
    private const int Customers = 20_000;
    private const int MinimumReads = 10;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "portraitdb-stress-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Readers_never_see_a_torn_state()
    {
        using var database = PortraitDatabase.Open(_directory, checkpointLogBytes: 256 << 10);
        database.Execute("CREATE TABLE t (id BIGINT KEY, grp CATEGORY, amount BIGINT, tags TAGS)");
        var table = database.GetTable("t");
        using (var appender = table.CreateAppender())
        {
            for (long id = 0; id < Customers; id++)
                appender.Append(id).Append(id % 2 == 0 ? "A" : "B").Append(100L).Append(["member"]).EndRow();
            appender.Commit();
        }
        const long total = Customers * 100L;
        var failures = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        long reads = 0;
        // Dedicated threads: on a busy 2-core machine, pool threads could start only after the writer is done.
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Factory.StartNew(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var rows = database.Execute("SELECT grp, COUNT(*) AS n, SUM(amount) AS s FROM t GROUP BY grp").Rows;
                long count = rows.Sum(row => Convert.ToInt64(row[1], CultureInfo.InvariantCulture));
                long sum = rows.Sum(row => Convert.ToInt64(row[2], CultureInfo.InvariantCulture));
                if (count != Customers || sum != total)
                    failures.Enqueue($"breakdown saw {count} customers and {sum} in all");
                long members = Convert.ToInt64(database.Execute("SELECT COUNT(*) FROM t WHERE tags HAS 'member' AND grp IN ('A', 'B')").Rows[0][0], CultureInfo.InvariantCulture);
                if (members != Customers)
                    failures.Enqueue($"audience count saw {members}");
                var snapshot = table.GetSnapshot();
                long a = snapshot.GetRowsWithValue("grp", "A").Cardinality;
                long b = snapshot.GetRowsWithValue("grp", "B").Cardinality;
                if (a + b != Customers || snapshot.RowCount != Customers)
                    failures.Enqueue($"snapshot saw {a} + {b} in groups and {snapshot.RowCount} rows");
                Interlocked.Increment(ref reads);
            }
        }, TaskCreationOptions.LongRunning)).ToArray();

        var random = new Random(3);
        long nextId = Customers;
        var ids = Enumerable.Range(0, Customers).Select(id => (long)id).ToList();
        // At least 1500 commits, and on until the readers have run alongside them (a deadline keeps a stall from hanging the run).
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        for (int commit = 0; commit < 1500 || (Interlocked.Read(ref reads) <= MinimumReads && deadline.Elapsed < TimeSpan.FromSeconds(60)); commit++)
        {
            using var transaction = table.BeginTransaction();
            for (int change = random.Next(1, 5); change > 0; change--)
            {
                int first = random.Next(ids.Count);
                switch (random.Next(3))
                {
                    case 0:
                        transaction.Update(ids[first], "grp", random.Next(2) == 0 ? "A" : "B");
                        break;
                    case 1:
                        {
                            int second = random.Next(ids.Count);
                            var snapshot = transaction.Snapshot;
                            Assert.True(snapshot.TryFindRow(ids[first], out uint from));
                            Assert.True(snapshot.TryFindRow(ids[second], out uint to));
                            long moved = Math.Min(5, (long)snapshot.GetValue(from, "amount")!);
                            transaction.Update(ids[first], "amount", (long)snapshot.GetValue(from, "amount")! - moved);
                            transaction.Update(ids[second], "amount", (long)transaction.Snapshot.GetValue(to, "amount")! + moved);
                            break;
                        }
                    default:
                        {
                            var snapshot = transaction.Snapshot;
                            Assert.True(snapshot.TryFindRow(ids[first], out uint row));
                            var values = snapshot.GetRow(row);
                            Assert.True(transaction.Delete(ids[first]));
                            values[0] = nextId;
                            transaction.Insert(values);
                            ids[first] = nextId++;
                            break;
                        }
                }
            }
            transaction.Commit();
        }
        stop.Cancel();
        await Task.WhenAll(readers);
        Assert.Empty(failures);
        Assert.True(Interlocked.Read(ref reads) > MinimumReads, "the readers hardly ran");
        Assert.True(Directory.EnumerateFiles(_directory, "*.seg").Any(), "no checkpoint ran during the test");
    }
}
