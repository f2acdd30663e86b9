using PortraitDb.Bitmaps;
using PortraitDb.Storage;

namespace PortraitDb.Portrait;

/// <summary>How a saved audience finds its members.</summary>
public enum AudienceKind
{
    /// <summary>The condition is evaluated against the table's data each time the audience is used.</summary>
    Dynamic,

    /// <summary>The members were fixed when the audience was created; customers deleted since drop out.</summary>
    Snapshot,
}

/// <summary>
/// A saved audience's definition: its name, table, kind and condition (SQL text), and for a snapshot its members'
/// row ids. Immutable; <see cref="PortraitDatabase.GetAudience"/> evaluates it.
/// </summary>
public sealed class SavedAudience
{
    // Weak: an audience left behind by DROP TABLE must not keep the dropped table's data in memory.
    private readonly WeakReference<Table> _table;

    internal SavedAudience(string name, string tableName, AudienceKind kind, string condition, RoaringBitmap? snapshotRows, Table table)
    {
        Name = name;
        TableName = tableName;
        Kind = kind;
        Condition = condition;
        SnapshotRows = snapshotRows;
        _table = new WeakReference<Table>(table);
    }

    /// <summary>The audience's name (case-insensitive).</summary>
    public string Name { get; }

    /// <summary>The table whose customers it holds.</summary>
    public string TableName { get; }

    /// <summary>Dynamic (re-evaluated when used) or a snapshot (fixed members).</summary>
    public AudienceKind Kind { get; }

    /// <summary>The condition as SQL text (parameters given at creation are written in as literals).</summary>
    public string Condition { get; }

    /// <summary>For a snapshot, the members' row ids when it was taken; never modified. Null for a dynamic audience.</summary>
    internal RoaringBitmap? SnapshotRows { get; }

    /// <summary>The table the audience was created on, or null once that table is dropped and gone.</summary>
    internal Table? Table => _table.TryGetTarget(out var table) ? table : null;

    /// <summary>True when <paramref name="table"/> is the table the audience was created on (a snapshot's row ids mean nothing to a table created again under the same name).</summary>
    internal bool IsOn(Table table) => ReferenceEquals(Table, table);

    /// <summary>The definition as SQL: <c>CREATE AUDIENCE name ON table AS [SNAPSHOT] condition</c>.</summary>
    public override string ToString() =>
        $"CREATE AUDIENCE {Query.Syntax.SyntaxFacts.QuoteIdentifier(Name)} ON {Query.Syntax.SyntaxFacts.QuoteIdentifier(TableName)} AS {(Kind == AudienceKind.Snapshot ? "SNAPSHOT " : "")}{Condition}";
}
