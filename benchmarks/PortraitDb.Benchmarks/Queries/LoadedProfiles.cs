using PortraitDb.Benchmarks.Common;
using PortraitDb.Benchmarks.Compare;
using PortraitDb.DataGen;

namespace PortraitDb.Benchmarks.Queries;

/// <summary>
/// The synthetic profiles loaded once per row count into PortraitDb and into DuckDB (ENUM categories), shared by
/// every benchmark case of the process: the suites run in process, so 10,000,000 rows are generated and loaded once,
/// not once per case.
/// </summary>
internal sealed class LoadedProfiles
{
    private const ulong Seed = 42;

    private static readonly Dictionary<long, LoadedProfiles> Loaded = [];
    private static readonly Lock Gate = new();

    private LoadedProfiles(PortraitEngine portrait, DuckEngine duck)
    {
        Portrait = portrait;
        Duck = duck;
    }

    /// <summary>PortraitDb, holding table profiles.</summary>
    public PortraitEngine Portrait { get; }

    /// <summary>DuckDB with ENUM categories, holding table profiles.</summary>
    public DuckEngine Duck { get; }

    /// <summary>The engines holding <paramref name="rows"/> profiles, loaded on first use.</summary>
    public static LoadedProfiles Get(long rows)
    {
        lock (Gate)
        {
            if (Loaded.TryGetValue(rows, out var loaded))
                return loaded;
            Measuring.Log($"loading {rows:N0} profiles into PortraitDb and DuckDB");
            var database = PortraitDatabase.CreateInMemory();
            ProfileTableLoader.CreateAndFill(database, DuckProfiles.Table, rows, Seed);
            var connection = DuckProfiles.Open(DuckCategories.Enum);
            DuckProfiles.CreateAndAppend(connection, DuckProfiles.Table, DuckCategories.Enum, rows, Seed);
            loaded = new LoadedProfiles(new PortraitEngine(database), new DuckEngine(connection, DuckCategories.Enum));
            Loaded.Add(rows, loaded);
            Measuring.Log($"loaded {rows:N0} profiles");
            return loaded;
        }
    }
}
