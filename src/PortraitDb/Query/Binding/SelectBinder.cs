using PortraitDb.Query.Syntax;

namespace PortraitDb.Query.Binding;

/// <summary>
/// Binds a SELECT: the table (one version, read once), items (with * expanded), WHERE, GROUP BY (by expression,
/// position or alias), HAVING and ORDER BY (by alias, position or expression), LIMIT and OFFSET. When the query
/// aggregates, every output is rewritten over group keys and aggregates, and a column that is neither is an error.
/// </summary>
/// <remarks>
/// <paramref name="versions"/> maps table names to the version to read instead of the latest committed one: a write
/// transaction's own uncommitted data, when a tag's subquery reads the table being written.
/// </remarks>
internal sealed class SelectBinder(ExpressionBinder binder, PortraitDatabase database, IReadOnlyDictionary<string, Storage.TableData>? versions = null)
{
    public BoundSelect Bind(SelectSyntax select)
    {
        var scope = select.From is null ? null : ResolveTable(select.From);
        var collector = new AggregateCollector();
        var items = new List<(BoundExpression Expression, string Name, SelectItemSyntax Syntax)>();
        foreach (var item in select.Items)
        {
            if (item.Expression is StarSyntax star)
            {
                if (scope is null)
                    throw binder.Error(PortraitDbErrorKind.Binding, "SELECT * needs a FROM clause", star.Span);
                for (int ordinal = 0; ordinal < scope.Schema.Columns.Count; ordinal++)
                {
                    // '*' leaves PII columns out unless the statement says WITH PII.
                    if (!scope.Schema.Columns[ordinal].IsPii || select.WithPii)
                        items.Add((new BoundColumn(ordinal, scope.Schema.Columns[ordinal]), scope.Schema.Columns[ordinal].Name, item));
                }
                continue;
            }
            var bound = binder.Bind(item.Expression, scope, collector);
            if (!select.WithPii && ReadsPii(bound, collector) is { } pii)
                throw binder.Error(PortraitDbErrorKind.Constraint, $"column '{pii}' is PII: a statement lists it only WITH PII", item.Expression.Span);
            string name = item.Alias?.Name ?? (item.Expression is ColumnSyntax column ? column.ColumnName : binder.TextOf(item.Expression.Span));
            items.Add((bound, name, item));
        }

        var where = select.Where is null ? null : binder.Bind(select.Where, scope, null);
        if (where is not null && where.Kind is not (ValueKind.Bool or ValueKind.Null))
            throw binder.Error(PortraitDbErrorKind.Type, $"WHERE needs a condition, not {ExpressionBinder.TypeName(where.Kind)}", select.Where!.Span);

        var keys = new List<BoundExpression>();
        foreach (var group in select.GroupBy)
            keys.Add(BindGroupKey(group, scope, items));

        var aliases = new Dictionary<string, BoundExpression>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in items.Where(item => item.Syntax.Alias is not null))
            aliases.TryAdd(item.Syntax.Alias!.Name, item.Expression);
        binder.Aliases = aliases;
        BoundExpression? having;
        var orderExpressions = new List<(BoundExpression Expression, OrderItemSyntax Syntax, bool IsOutput)>();
        try
        {
            having = select.Having is null ? null : binder.Bind(select.Having, scope, collector);
            foreach (var order in select.OrderBy)
                orderExpressions.Add(BindOrder(order, scope, collector, items));
        }
        finally
        {
            binder.Aliases = null;
        }

        bool aggregating = collector.Aggregates.Count > 0 || keys.Count > 0 || having is not null;
        var outputs = items.Select(item => new BoundOutput(aggregating ? Rewrite(item.Expression, keys, item.Syntax.Span) : item.Expression, item.Name)).ToList();
        if (having is not null)
        {
            if (having.Kind is not (ValueKind.Bool or ValueKind.Null))
                throw binder.Error(PortraitDbErrorKind.Type, $"HAVING needs a condition, not {ExpressionBinder.TypeName(having.Kind)}", select.Having!.Span);
            having = Rewrite(having, keys, select.Having!.Span);
        }
        var orderBy = orderExpressions.Select(order => new BoundOrder(
            aggregating && !order.IsOutput ? Rewrite(order.Expression, keys, order.Syntax.Span) : order.Expression,
            order.Syntax.Descending,
            order.Syntax.NullsFirst ?? false)).ToList();
        // Outputs referenced by ORDER BY were bound before the rewrite: take the rewritten ones.
        for (int index = 0; index < orderBy.Count; index++)
        {
            if (orderExpressions[index].IsOutput)
            {
                int output = items.FindIndex(item => ReferenceEquals(item.Expression, orderExpressions[index].Expression));
                orderBy[index] = orderBy[index] with { Expression = outputs[output].Expression };
            }
        }

        return new BoundSelect
        {
            Data = scope?.Data,
            TableName = scope?.TableName,
            Where = where,
            GroupKeys = keys,
            Aggregates = collector.Aggregates,
            IsAggregate = aggregating,
            Outputs = outputs,
            Having = having,
            OrderBy = orderBy,
            Distinct = select.Distinct,
            Limit = select.Limit is null ? null : ConstantCount(select.Limit, "LIMIT"),
            Offset = select.Offset is null ? 0 : ConstantCount(select.Offset, "OFFSET"),
        };
    }

    public BindingScope ResolveTable(TableReferenceSyntax reference)
    {
        var table = ResolveTable(reference.Name);
        var data = versions is not null && versions.TryGetValue(table.Name, out var version) ? version : table.GetSnapshot().Data;
        return new BindingScope(table.Name, reference.Alias?.Name, data);
    }

    public Storage.Table ResolveTable(IdentifierSyntax name)
    {
        if (database.TryGetTable(name.Name, out var table))
            return table;
        throw binder.Error(PortraitDbErrorKind.Binding,
            $"unknown table '{name.Name}'{ExpressionBinder.Suggest(name.Name, database.Tables.Select(candidate => candidate.Name))}", name.Span);
    }

    private BoundExpression BindGroupKey(ExpressionSyntax group, BindingScope? scope, List<(BoundExpression Expression, string Name, SelectItemSyntax Syntax)> items)
    {
        if (group is LiteralSyntax { Kind: LiteralKind.Integer } position)
        {
            if (position.IntegerValue < 1 || position.IntegerValue > items.Count)
                throw binder.Error(PortraitDbErrorKind.Binding, $"GROUP BY position {position.IntegerValue} is not between 1 and {items.Count}", group.Span);
            var item = items[(int)position.IntegerValue - 1];
            if (item.Expression.Any(node => node is BoundAggregateReference))
                throw binder.Error(PortraitDbErrorKind.Binding, "cannot GROUP BY an aggregate", group.Span);
            return item.Expression;
        }
        if (group is ColumnSyntax { TableName: null } column && scope?.Schema.IndexOf(column.ColumnName) is null or < 0)
        {
            int alias = items.FindIndex(item => item.Syntax.Alias is { } name && string.Equals(name.Name, column.ColumnName, StringComparison.OrdinalIgnoreCase));
            if (alias >= 0 && !items[alias].Expression.Any(node => node is BoundAggregateReference))
                return items[alias].Expression;
        }
        return binder.Bind(group, scope, null);
    }

    private (BoundExpression Expression, OrderItemSyntax Syntax, bool IsOutput) BindOrder(
        OrderItemSyntax order, BindingScope? scope, AggregateCollector collector, List<(BoundExpression Expression, string Name, SelectItemSyntax Syntax)> items)
    {
        if (order.Expression is LiteralSyntax { Kind: LiteralKind.Integer } position)
        {
            if (position.IntegerValue < 1 || position.IntegerValue > items.Count)
                throw binder.Error(PortraitDbErrorKind.Binding, $"ORDER BY position {position.IntegerValue} is not between 1 and {items.Count}", order.Expression.Span);
            return (items[(int)position.IntegerValue - 1].Expression, order, true);
        }
        if (order.Expression is ColumnSyntax { TableName: null } column)
        {
            int alias = items.FindIndex(item => string.Equals(item.Name, column.ColumnName, StringComparison.OrdinalIgnoreCase));
            if (alias >= 0)
                return (items[alias].Expression, order, true);
        }
        return (binder.Bind(order.Expression, scope, collector), order, false);
    }

    /// <summary>The PII column an output shows, if any; a count of one shows nothing of it.</summary>
    private static string? ReadsPii(BoundExpression expression, AggregateCollector collector)
    {
        switch (expression)
        {
            case BoundColumn { Definition.IsPii: true } column:
                return column.Definition.Name;
            case BoundAggregateReference reference:
                {
                    var aggregate = collector.Aggregates[reference.Index];
                    return aggregate.Function is AggregateFunction.Count or AggregateFunction.CountStar || aggregate.Argument is null
                        ? null
                        : ReadsPii(aggregate.Argument, collector);
                }
            default:
                foreach (var child in expression.Children)
                {
                    if (ReadsPii(child, collector) is { } name)
                        return name;
                }
                return null;
        }
    }

    private long ConstantCount(ExpressionSyntax syntax, string clause)
    {
        var bound = binder.Bind(syntax, null, null);
        if (bound is BoundLiteral { Value.Kind: ValueKind.Integer } literal && literal.Value.Integer >= 0)
            return literal.Value.Integer;
        throw binder.Error(PortraitDbErrorKind.Type, $"{clause} needs a constant whole number of at least 0", syntax.Span);
    }

    /// <summary>Rewrites an expression over group keys and aggregates; a column outside both is an error.</summary>
    private BoundExpression Rewrite(BoundExpression expression, List<BoundExpression> keys, TextSpan span)
    {
        if (expression is not BoundLiteral)
        {
            string text = expression.ToString()!;
            for (int index = 0; index < keys.Count; index++)
            {
                if (keys[index].ToString() == text)
                    return new BoundGroupReference(index, keys[index]);
            }
        }
        BoundExpression Child(BoundExpression child) => Rewrite(child, keys, span);
        return expression switch
        {
            BoundColumn column => throw binder.Error(PortraitDbErrorKind.Binding,
                $"column '{column.Definition.Name}' must appear in GROUP BY or be used in an aggregate function", span),
            BoundInAudience inAudience => throw binder.Error(PortraitDbErrorKind.Binding,
                $"{inAudience} must appear in GROUP BY or be used in an aggregate function", span),
            BoundLiteral or BoundAggregateReference or BoundGroupReference => expression,
            BoundUnary unary => new BoundUnary(unary.Operator, Child(unary.Operand), unary.Kind, unary.Scale),
            BoundBinary binary => new BoundBinary(binary.Operator, Child(binary.Left), Child(binary.Right), binary.Kind, binary.Scale),
            BoundBetween between => new BoundBetween(Child(between.Operand), Child(between.Low), Child(between.High)),
            BoundInList inList => new BoundInList(Child(inList.Operand), [.. inList.Items.Select(Child)]),
            BoundInSet inSet => inSet.WithOperand(Child(inSet.Operand)),
            BoundIsNull isNull => new BoundIsNull(Child(isNull.Operand)),
            BoundLike like => new BoundLike(Child(like.Operand), like.Pattern, like.CaseInsensitive),
            BoundHas has => new BoundHas(Child(has.Operand), has.Mode, has.Tags),
            BoundFunction function => new BoundFunction(function.Name, [.. function.Arguments.Select(Child)], function.Kind, function.Scale, function.Evaluate),
            BoundBucket bucket => new BoundBucket(Child(bucket.Operand), bucket.Edges, bucket.Labels),
            BoundCase caseExpression => new BoundCase([.. caseExpression.Branches.Select(branch => (Child(branch.When), Child(branch.Then)))],
                caseExpression.Else is null ? null : Child(caseExpression.Else), caseExpression.Kind, caseExpression.Scale),
            BoundCast cast => new BoundCast(Child(cast.Operand), cast.Kind, cast.Scale),
            _ => throw binder.Error(PortraitDbErrorKind.Internal, $"cannot rewrite {expression.GetType().Name}", span),
        };
    }
}
