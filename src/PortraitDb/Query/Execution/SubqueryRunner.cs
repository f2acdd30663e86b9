using PortraitDb.Query.Binding;
using PortraitDb.Query.Syntax;
using PortraitDb.Storage;

namespace PortraitDb.Query.Execution;

/// <summary>
/// Runs the uncorrelated subqueries of one statement (<c>x IN (SELECT ...)</c>), each once: a subquery is bound with
/// a binder of its own over the same text (so its errors point into the statement) and executed to its rows, which
/// the binder of the enclosing expression turns into a hash set. Results are kept per subquery, so binding an
/// expression twice runs its subqueries once.
/// </summary>
internal sealed class SubqueryRunner(
    PortraitDatabase database, string text, QueryParameters? parameters, DateOnly today,
    IReadOnlyDictionary<string, TableData>? versions, CancellationToken cancellationToken)
{
    private readonly Dictionary<SelectSyntax, QueryResult> _results = new(ReferenceEqualityComparer.Instance);

    /// <summary>True once a subquery read TODAY() or CURRENT_DATE.</summary>
    public bool ReadsToday { get; private set; }

    /// <summary>A binder for the statement's expressions whose subqueries this runner runs.</summary>
    public ExpressionBinder CreateBinder() => new(text, parameters, today) { Subqueries = Run, Audiences = new Portrait.AudienceResolver(database, today, cancellationToken) };

    /// <summary>The rows of <paramref name="query"/>, computed on first use.</summary>
    public QueryResult Run(SelectSyntax query)
    {
        if (_results.TryGetValue(query, out var cached))
            return cached;
        cancellationToken.ThrowIfCancellationRequested();
        var binder = CreateBinder();
        var bound = new SelectBinder(binder, database, versions).Bind(query);
        ReadsToday |= binder.ReadsToday;
        var result = new SelectExecutor(bound, cancellationToken).Execute();
        _results[query] = result;
        return result;
    }
}
