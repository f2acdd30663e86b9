using PortraitDb.Bitmaps;
using PortraitDb.Query;
using PortraitDb.Query.Binding;
using PortraitDb.Query.Execution;
using PortraitDb.Query.Planning;
using PortraitDb.Query.Syntax;
using PortraitDb.Storage;

namespace PortraitDb.Portrait;

/// <summary>
/// Finds the members of saved audiences for one statement: a snapshot's row ids still live at the version read, or a
/// dynamic audience's condition evaluated against it (cached per published table version). A dynamic audience may use
/// other audiences; a definition that leads back to itself is an error, not a hang.
/// </summary>
internal sealed class AudienceResolver(PortraitDatabase database, DateOnly today, CancellationToken cancellationToken)
{
    private readonly HashSet<string> _evaluating = new(StringComparer.OrdinalIgnoreCase);
    private int _defining;

    /// <summary>Binds <c>IN AUDIENCE name</c> against the table version of <paramref name="scope"/>.</summary>
    /// <exception cref="QueryException">No such audience, another table's audience, or it cannot be evaluated; located at the syntax.</exception>
    public BoundInAudience Bind(InAudienceSyntax syntax, BindingScope scope, ExpressionBinder binder)
    {
        var audience = Lookup(syntax.Audience, binder);
        if (!string.Equals(audience.TableName, scope.TableName, StringComparison.OrdinalIgnoreCase))
            throw binder.Error(PortraitDbErrorKind.Binding, $"audience '{audience.Name}' is on table '{audience.TableName}', not '{scope.TableName}'", syntax.Span);
        try
        {
            var rows = Members(audience, scope.Data);
            string source = audience.Kind == AudienceKind.Snapshot ? "snapshot" : "dynamic";
            return new BoundInAudience(audience.Name, rows, $"{source} audience, {rows.Cardinality:N0} members");
        }
        catch (PortraitDbException error) when (error is not QueryException)
        {
            throw binder.Error(error.Kind, error.Message.TrimEnd('.'), syntax.Span);
        }
    }

    /// <summary>
    /// Runs <paramref name="check"/> (binding a new definition of <paramref name="name"/>) with that name marked as being
    /// evaluated, so a definition that uses the audience it replaces, directly or through others, is refused.
    /// </summary>
    public T WhileDefining<T>(string name, Func<T> check)
    {
        if (!_evaluating.Add(name))
            throw new PortraitDbException(PortraitDbErrorKind.Binding, $"audience '{name}' is defined in terms of itself");
        // A cached evaluation would hide a cycle through the audiences it used: follow every definition instead.
        _defining++;
        try
        {
            return check();
        }
        finally
        {
            _defining--;
            _evaluating.Remove(name);
        }
    }

    /// <summary>The saved audience named by <paramref name="name"/>.</summary>
    /// <exception cref="QueryException">There is none (with a suggestion).</exception>
    public SavedAudience Lookup(IdentifierSyntax name, ExpressionBinder binder) =>
        database.AudienceCatalog.TryGet(name.Name, out var audience)
            ? audience
            : throw binder.Error(PortraitDbErrorKind.Binding, $"unknown audience '{name.Name}'{ExpressionBinder.Suggest(name.Name, database.AudienceCatalog.Names)}", name.Span);

    /// <summary>The table an audience is on, as it is now.</summary>
    /// <exception cref="PortraitDbException">The table was dropped, or (for a snapshot) dropped and created again.</exception>
    public Table TableOf(SavedAudience audience)
    {
        if (!database.TryGetTable(audience.TableName, out var table))
            throw new PortraitDbException(PortraitDbErrorKind.Binding, $"audience '{audience.Name}' is on table '{audience.TableName}', which was dropped; drop the audience or create it again");
        if (audience.Kind == AudienceKind.Snapshot && !ReferenceEquals(table, audience.Table))
            throw new PortraitDbException(PortraitDbErrorKind.Binding, $"snapshot audience '{audience.Name}' was taken of a table '{audience.TableName}' that has since been dropped; its row ids mean nothing to the new table");
        return table;
    }

    /// <summary>The members of <paramref name="audience"/> among the live rows of <paramref name="data"/>; shared, never modify it.</summary>
    /// <exception cref="PortraitDbException">The table is gone, or the definition no longer evaluates.</exception>
    public RoaringBitmap Members(SavedAudience audience, TableData data)
    {
        var table = TableOf(audience);
        var catalog = database.AudienceCatalog;
        long generation = catalog.Generation;
        // Only a published version is immutable; a writer's working copy (UPDATE ... WHERE IN AUDIENCE) is not cached.
        bool published = ReferenceEquals(table.Current, data);
        if (_evaluating.Contains(audience.Name))
            throw new PortraitDbException(PortraitDbErrorKind.Binding, $"audience '{audience.Name}' is defined in terms of itself");
        if (published && _defining == 0 && catalog.Cached(audience, data.Transaction, generation, today) is { } cached)
            return cached;
        var rows = audience.Kind == AudienceKind.Snapshot ? RoaringBitmap.And(audience.SnapshotRows!, data.LiveRows) : Evaluate(audience, table.Name, data);
        if (published)
            catalog.Remember(audience, data.Transaction, generation, today, rows);
        return rows;
    }

    private RoaringBitmap Evaluate(SavedAudience audience, string tableName, TableData data)
    {
        if (!_evaluating.Add(audience.Name))
            throw new PortraitDbException(PortraitDbErrorKind.Binding, $"audience '{audience.Name}' is defined in terms of itself");
        try
        {
            var binder = new ExpressionBinder(audience.Condition, null, today) { Audiences = this };
            ExpressionSyntax syntax;
            BoundExpression bound;
            try
            {
                syntax = Parser.ParseExpression(audience.Condition);
                bound = binder.Bind(syntax, new BindingScope(tableName, null, data), null);
            }
            catch (QueryException error)
            {
                throw new PortraitDbException(error.Kind, $"audience '{audience.Name}' no longer evaluates ({audience.Condition}): {error.Detail}");
            }
            var plan = new FilterPlanner(data).Plan(bound);
            return new FilterExecutor(data, cancellationToken).Evaluate(plan);
        }
        finally
        {
            _evaluating.Remove(audience.Name);
        }
    }
}
