using PortraitDb.Portrait;
using PortraitDb.Query;
using PortraitDb.Query.Execution;
using PortraitDb.Query.Syntax;

namespace PortraitDb;

/// <summary>Saved audiences and the privacy guard, for hosts; the same as the SQL statements of docs/query-language.md.</summary>
public sealed partial class PortraitDatabase
{
    /// <summary>The saved audiences (CREATE AUDIENCE); every change goes through the catalog.</summary>
    internal AudienceCatalog AudienceCatalog { get; } = new();

    /// <summary>The database's settings (SET); every change goes through them.</summary>
    internal DatabaseSettings Settings { get; } = new();

    /// <summary>
    /// The privacy guard (<c>SET min_group_size = k</c>): with k above 0, breakdown (GROUP BY), PROFILE, COMPARE and
    /// OVERLAP cells of fewer than k customers are withheld (NULL, with <c>&lt;k</c> in a <c>suppressed</c> column), and
    /// listings, samples and exports of fewer than k customers are refused. 0, the default, turns it off.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int MinGroupSize
    {
        get => Settings.MinGroupSize;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ChangeSetting(DatabaseSettings.MinGroupSizeName, value);
        }
    }

    /// <summary>The saved audiences, by name.</summary>
    public IReadOnlyList<SavedAudience> Audiences => AudienceCatalog.All;

    /// <summary>
    /// Saves an audience, as <c>CREATE [OR REPLACE] AUDIENCE name ON table AS [SNAPSHOT] condition</c> does: a dynamic
    /// audience is evaluated again whenever it is used; a snapshot keeps the customers the condition selects now.
    /// Parameters are written into the saved condition as literals.
    /// </summary>
    /// <example><code>db.CreateAudience("vip", "profiles", "total_spend >= $floor", parameters: new QueryParameters { ["floor"] = 10_000 });</code></example>
    /// <exception cref="QueryException">The name is taken (and <paramref name="replace"/> is false), the table is unknown, or the condition does not bind.</exception>
    public SavedAudience CreateAudience(string name, string table, string condition, AudienceKind kind = AudienceKind.Dynamic, QueryParameters? parameters = null, bool replace = false)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(condition);
        if (string.IsNullOrWhiteSpace(name))
            throw new QueryException(PortraitDbErrorKind.Binding, "an audience needs a name");
        if (!TryGetTable(table, out var found))
            throw new QueryException(PortraitDbErrorKind.Binding, $"unknown table '{table}'{PortraitDb.Query.Binding.ExpressionBinder.Suggest(table, Tables.Select(candidate => candidate.Name))}");
        if (!replace && AudienceCatalog.TryGet(name, out _))
            throw new QueryException(PortraitDbErrorKind.Binding, $"audience '{name}' already exists; pass replace: true to replace it");
        var expression = Parser.ParseExpression(condition);
        var executor = new StatementExecutor(this, condition, parameters, CancellationToken.None);
        return executor.DefineAudience(name, new TextSpan(0, 0), found, expression, kind == AudienceKind.Snapshot, replace).Audience;
    }

    /// <summary>Drops a saved audience, as <c>DROP AUDIENCE</c>; false when there is none.</summary>
    public bool DropAudience(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return DropSavedAudience(name);
    }

    /// <summary>Saves an audience in the catalog (logged first in a database kept on disk); false when the name is taken and <paramref name="replace"/> is not set.</summary>
    internal bool SaveAudience(SavedAudience audience, bool replace)
    {
        lock (_ddl)
        {
            if (!replace && AudienceCatalog.TryGet(audience.Name, out _))
                return false;
            if (_store is null)
                return AudienceCatalog.Create(audience, replace);
            _store.SaveAudience(audience, () => AudienceCatalog.Create(audience, replace: true));
            return true;
        }
    }

    /// <summary>Drops a saved audience (logged first in a database kept on disk); false when there is none.</summary>
    internal bool DropSavedAudience(string name)
    {
        lock (_ddl)
        {
            if (!AudienceCatalog.TryGet(name, out _))
                return false;
            if (_store is null)
                return AudienceCatalog.Drop(name);
            _store.DropAudience(name, () => AudienceCatalog.Drop(name));
            return true;
        }
    }

    /// <summary>Changes a setting (checked, then logged in a database kept on disk, then applied).</summary>
    internal void ChangeSetting(string name, object? value)
    {
        lock (_ddl)
        {
            int previous = Settings.MinGroupSize;
            Settings.Set(name, value);
            if (_store is null)
                return;
            try
            {
                _store.SetSetting(DatabaseSettings.MinGroupSizeName, Settings.MinGroupSize);
            }
            catch
            {
                Settings.Set(DatabaseSettings.MinGroupSizeName, (long)previous);
                throw;
            }
        }
    }

    /// <summary>The customers of a saved audience now (a dynamic one evaluated against the table's current data).</summary>
    /// <exception cref="QueryException">There is no such audience, its table was dropped, or its condition no longer evaluates.</exception>
    public Audience GetAudience(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return new StatementExecutor(this, name, null, CancellationToken.None).SavedAudienceNow(name);
    }
}
