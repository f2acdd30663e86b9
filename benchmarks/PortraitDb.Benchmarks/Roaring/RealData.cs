using System.IO.Compression;
using System.Text;
using PortraitDb.Bitmaps;

namespace PortraitDb.Benchmarks.Roaring;

/// <summary>A real-data set of shared/data/roaring/README.md with the expected values computed there.</summary>
public sealed record RealDataSet(
    string Name,
    long TotalCardinality,
    long UnionCardinality,
    long SuccessiveAndSum,
    long SuccessiveOrSum,
    long SerializedBytes)
{
    /// <summary>census1881.</summary>
    public static readonly RealDataSet Census = new("census1881", 1_003_861, 988_653, 23, 2_007_691, 1_891_964);

    /// <summary>wikileaks-noquotes.</summary>
    public static readonly RealDataSet Wikileaks = new("wikileaks-noquotes", 275_355, 242_540, 3_327, 541_893, 202_770);

    /// <summary>Both sets.</summary>
    public static readonly IReadOnlyList<RealDataSet> All = [Census, Wikileaks];

    /// <summary>The set with this name.</summary>
    public static RealDataSet Named(string name) => All.Single(set => set.Name == name);

    /// <inheritdoc/>
    public override string ToString() => Name;
}

/// <summary>
/// Loads the 200 run-optimized bitmaps of a real-data zip in lexicographic entry order. The data live in
/// <c>shared/data/roaring/realdata</c>, where <c>shared</c> is a sibling of the repository root (the folder
/// holding PortraitDb.sln).
/// </summary>
public static class RealData
{
    private static readonly Dictionary<string, RoaringBitmap[]> Cache = [];
    private static readonly Lock CacheLock = new();

    /// <summary>The realdata folder, or null when it cannot be found.</summary>
    public static string? Directory
    {
        get
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "PortraitDb.sln")))
                {
                    string candidate = Path.GetFullPath(Path.Combine(folder.FullName, "..", "shared", "data", "roaring", "realdata"));
                    return System.IO.Directory.Exists(candidate) ? candidate : null;
                }
            }
            return null;
        }
    }

    /// <summary>The zip of a set, or null when absent.</summary>
    public static string? ZipPath(RealDataSet set)
    {
        string? folder = Directory;
        if (folder is null)
            return null;
        string path = Path.Combine(folder, set.Name + ".zip");
        return File.Exists(path) ? path : null;
    }

    /// <summary>True when every real-data zip is present.</summary>
    public static bool Available => RealDataSet.All.All(set => ZipPath(set) is not null);

    /// <summary>Why the real-data benchmarks are skipped.</summary>
    public static string MissingMessage =>
        "Real-data Roaring benchmarks skipped: census1881.zip / wikileaks-noquotes.zip not found in <repo>/../shared/data/roaring/realdata "
        + $"(searched upward from {AppContext.BaseDirectory} for PortraitDb.sln).";

    /// <summary>The 200 bitmaps (FromSorted, then RunOptimize), checked against the published totals. Shared: do not modify.</summary>
    /// <exception cref="FileNotFoundException">The zip is absent.</exception>
    public static RoaringBitmap[] Load(RealDataSet set)
    {
        lock (CacheLock)
        {
            if (Cache.TryGetValue(set.Name, out var cached))
                return cached;
            string path = ZipPath(set) ?? throw new FileNotFoundException(MissingMessage, set.Name + ".zip");
            using var archive = ZipFile.OpenRead(path);
            var entries = archive.Entries.Where(entry => !entry.FullName.EndsWith('/')).OrderBy(entry => entry.FullName, StringComparer.Ordinal).ToList();
            var bitmaps = new RoaringBitmap[entries.Count];
            var values = new List<uint>();
            for (int index = 0; index < entries.Count; index++)
            {
                values.Clear();
                using (var reader = new StreamReader(entries[index].Open(), Encoding.ASCII))
                {
                    foreach (string token in reader.ReadToEnd().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                        values.Add(uint.Parse(token, System.Globalization.CultureInfo.InvariantCulture));
                }
                var bitmap = RoaringBitmap.FromSorted(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(values));
                bitmap.RunOptimize();
                bitmaps[index] = bitmap;
            }
            Check.Equal(200, bitmaps.Length, $"{set.Name}: bitmaps");
            Check.Equal(set.TotalCardinality, bitmaps.Sum(bitmap => bitmap.Cardinality), $"{set.Name}: total cardinality");
            Check.Equal(set.SerializedBytes, bitmaps.Sum(bitmap => (long)bitmap.SerializedSizeInBytes), $"{set.Name}: serialized bytes");
            Cache[set.Name] = bitmaps;
            return bitmaps;
        }
    }
}
