using PortraitDb.Bitmaps;
using PortraitDb.Query;
using PortraitDb.Query.Binding;
using PortraitDb.Query.Execution;
using PortraitDb.Query.Syntax;
using PortraitDb.Storage;

namespace PortraitDb.Portrait;

/// <summary>A tag (derived column) bound against one table version: its definition, and the tags it reads.</summary>
internal sealed record BoundTag(int Ordinal, ColumnDefinition Column, BoundExpression Definition, IReadOnlyList<int> DependsOn);

/// <summary>
/// Keeps tags exact under writes: when a writer publishes, every tag of the table is recomputed for the rows the writer
/// inserted or changed, inside the same write, so the change and its tags become visible together. A tag's definition
/// is stored as SQL in its column (<see cref="ColumnDefinition.Derivation"/>) and bound again against the writer's
/// version; tags that read other tags are computed after them. A subquery in a definition is run again each time
/// (reading the writer's own version of this table), so the rows written see the other tables as they are then.
/// </summary>
internal sealed class TagMaintenance(PortraitDatabase database) : IDerivedColumns
{
    /// <inheritdoc/>
    public void Recompute(Table table, TableData data, RoaringBitmap rows) => Recompute(database, table.Name, data, rows, null, CancellationToken.None);

    /// <summary>
    /// Recomputes, for the live rows among <paramref name="rows"/>, the tags of <paramref name="data"/> (those named in
    /// <paramref name="only"/>, or all), each after the tags it reads.
    /// </summary>
    public static void Recompute(PortraitDatabase database, string tableName, TableData data, RoaringBitmap rows, IReadOnlySet<string>? only, CancellationToken cancellationToken)
    {
        var scope = RoaringBitmap.And(rows, data.LiveRows);
        if (scope.IsEmpty)
            return;
        foreach (var tag in InDependencyOrder(BindTags(database, tableName, data, cancellationToken)))
        {
            if (only is not null && !only.Contains(tag.Column.Name))
                continue;
            List<ColumnValues> values;
            try
            {
                values = TagEvaluation.Evaluate(data, tag.Definition, tag.Column.Type, scope, cancellationToken);
            }
            catch (Exception error) when (error is PortraitDbException or OverflowException or FormatException)
            {
                throw new PortraitDbException(error is PortraitDbException known ? known.Kind : PortraitDbErrorKind.Type,
                    $"Tag '{tag.Column.Name}' of table '{tableName}' cannot be computed for the rows written: {error.Message.TrimEnd('.')}.", error);
            }
            data.SetValues(tag.Ordinal, scope, values);
        }
    }

    /// <summary>
    /// Every tag of <paramref name="data"/>, bound against it (subqueries run once, reading this version of the table);
    /// with <paramref name="skipBroken"/>, tags that no longer bind (a table they read was dropped) are left out
    /// instead of failing, so they can still be dropped or redefined.
    /// </summary>
    public static List<BoundTag> BindTags(PortraitDatabase database, string tableName, TableData data, CancellationToken cancellationToken, bool skipBroken = false)
    {
        var tags = new List<BoundTag>();
        var versions = new Dictionary<string, TableData>(StringComparer.OrdinalIgnoreCase) { [tableName] = data };
        for (int ordinal = 0; ordinal < data.Schema.Columns.Count; ordinal++)
        {
            var column = data.Schema.Columns[ordinal];
            if (column.Derivation is not { } derivation)
                continue;
            BoundExpression bound;
            try
            {
                var binder = new SubqueryRunner(database, derivation, null, DateOnly.FromDateTime(DateTime.Now), versions, cancellationToken).CreateBinder();
                bound = TagEvaluation.Normalize(binder.Bind(Parser.ParseExpression(derivation), new BindingScope(tableName, null, data), null));
            }
            catch (QueryException) when (skipBroken)
            {
                continue;
            }
            catch (QueryException error)
            {
                throw new PortraitDbException(error.Kind, $"Tag '{column.Name}' of table '{tableName}' no longer binds: {error.Detail}.", error);
            }
            var dependsOn = bound.Columns().Where(read => data.Schema.Columns[read].IsDerived).Distinct().ToList();
            tags.Add(new BoundTag(ordinal, column, bound, dependsOn));
        }
        return tags;
    }

    /// <summary>The tags ordered so that each comes after every tag it reads.</summary>
    /// <exception cref="PortraitDbException">Tags read each other in a cycle (CREATE TAG refuses to make one).</exception>
    public static List<BoundTag> InDependencyOrder(IReadOnlyList<BoundTag> tags)
    {
        var byOrdinal = tags.ToDictionary(tag => tag.Ordinal);
        var ordered = new List<BoundTag>(tags.Count);
        var state = new Dictionary<int, bool>();
        void Visit(BoundTag tag)
        {
            if (state.TryGetValue(tag.Ordinal, out bool done))
            {
                if (!done)
                    throw new PortraitDbException(PortraitDbErrorKind.Constraint, $"Tag '{tag.Column.Name}' reads itself through other tags.");
                return;
            }
            state[tag.Ordinal] = false;
            foreach (int read in tag.DependsOn)
            {
                if (byOrdinal.TryGetValue(read, out var dependency))
                    Visit(dependency);
            }
            state[tag.Ordinal] = true;
            ordered.Add(tag);
        }
        foreach (var tag in tags)
            Visit(tag);
        return ordered;
    }

    /// <summary>The names of the tags that read any of <paramref name="columns"/>, directly or through other tags.</summary>
    public static HashSet<string> Dependents(IReadOnlyList<BoundTag> tags, TableSchema schema, IEnumerable<string> columns)
    {
        var found = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Queue<string>(columns);
        while (pending.Count > 0)
        {
            int ordinal = schema.IndexOf(pending.Dequeue());
            foreach (var tag in tags)
            {
                if (tag.Definition.Columns().Contains(ordinal) && found.Add(tag.Column.Name))
                    pending.Enqueue(tag.Column.Name);
            }
        }
        return found;
    }
}
