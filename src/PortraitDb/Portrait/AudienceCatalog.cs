using System.Diagnostics.CodeAnalysis;
using PortraitDb.Bitmaps;

namespace PortraitDb.Portrait;

/// <summary>
/// The saved audiences of one database. Every change goes through <see cref="Create"/> or <see cref="Drop"/>, so a
/// durable database can log it: a definition is its SQL text, plus, for a snapshot, the Roaring bitmap of its row
/// ids. Also caches what dynamic audiences evaluate to, per published table version.
/// </summary>
internal sealed class AudienceCatalog
{
    private readonly Dictionary<string, SavedAudience> _audiences = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, CachedMembers> _cache = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _lock = new();
    private long _generation;

    /// <summary>Counts changes; a cached evaluation from another generation is stale (a definition it used may have changed).</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>The audiences, by name.</summary>
    public IReadOnlyList<SavedAudience> All
    {
        get
        {
            lock (_lock)
                return [.. _audiences.Values.OrderBy(audience => audience.Name, StringComparer.OrdinalIgnoreCase)];
        }
    }

    /// <summary>The names, for suggestions.</summary>
    public IReadOnlyList<string> Names
    {
        get
        {
            lock (_lock)
                return [.. _audiences.Keys];
        }
    }

    /// <summary>Adds <paramref name="audience"/>, replacing one of the same name when <paramref name="replace"/> is set.</summary>
    /// <returns>False when an audience of that name exists and <paramref name="replace"/> is not set (nothing changes).</returns>
    public bool Create(SavedAudience audience, bool replace)
    {
        lock (_lock)
        {
            if (!replace && _audiences.ContainsKey(audience.Name))
                return false;
            _audiences[audience.Name] = audience;
            _cache.Clear();
            Interlocked.Increment(ref _generation);
            return true;
        }
    }

    /// <summary>Removes the audience named <paramref name="name"/>; false when there is none.</summary>
    public bool Drop(string name)
    {
        lock (_lock)
        {
            if (!_audiences.Remove(name))
                return false;
            _cache.Clear();
            Interlocked.Increment(ref _generation);
            return true;
        }
    }

    /// <summary>Looks an audience up by name (case-insensitive).</summary>
    public bool TryGet(string name, [NotNullWhen(true)] out SavedAudience? audience)
    {
        lock (_lock)
            return _audiences.TryGetValue(name, out audience);
    }

    /// <summary>The members cached for <paramref name="audience"/> at table version <paramref name="version"/>, if any.</summary>
    public RoaringBitmap? Cached(SavedAudience audience, long version, long generation, DateOnly today)
    {
        lock (_lock)
        {
            return _cache.TryGetValue(audience.Name, out var cached) && ReferenceEquals(cached.Audience, audience)
                && cached.Version == version && cached.Generation == generation && cached.Today == today
                ? cached.Rows
                : null;
        }
    }

    /// <summary>Remembers what <paramref name="audience"/> evaluated to at a published table version.</summary>
    public void Remember(SavedAudience audience, long version, long generation, DateOnly today, RoaringBitmap rows)
    {
        lock (_lock)
        {
            if (generation == _generation && _audiences.TryGetValue(audience.Name, out var current) && ReferenceEquals(current, audience))
                _cache[audience.Name] = new CachedMembers(audience, version, generation, today, rows);
        }
    }

    private sealed record CachedMembers(SavedAudience Audience, long Version, long Generation, DateOnly Today, RoaringBitmap Rows);
}
