using System.Globalization;

namespace PortraitDb.Tests.Query.Differential;

/// <summary>An expected real: equal to the engine's within 1e-9 of <see cref="Magnitude"/> (the sum of the absolute values added).</summary>
public sealed record Approx(double Value, double Magnitude)
{
    public override string ToString() => $"~{Value.ToString("R", CultureInfo.InvariantCulture)}";
}

/// <summary>What the naive evaluator says a query returns; <see cref="Ordered"/> says whether row order matters.</summary>
public sealed record ExpectedResult(IReadOnlyList<object?[]> Rows, bool Ordered);

/// <summary>A generated query: its SQL text, and its answer computed row by row from the live model rows.</summary>
public abstract record DifferentialQuery
{
    public const string Table = "profiles";

    public abstract string Sql { get; }

    public abstract ExpectedResult Evaluate(IReadOnlyList<object?[]> rows);

    public virtual IEnumerable<DifferentialQuery> Shrinks() => [];

    public sealed override string ToString() => Sql;

    protected static string WhereClause(Predicate? where) => where is null ? "" : $" WHERE {where.Sql}";

    protected static IEnumerable<object?[]> Filter(IReadOnlyList<object?[]> rows, Predicate? where) =>
        where is null ? rows : rows.Where(row => where.Evaluate(row) == true);

    /// <summary>ORDER BY on one value: NULL last in both directions unless <paramref name="nullsFirst"/>, as DuckDB.</summary>
    protected static int OrderCompare(object? left, object? right, bool descending, bool nullsFirst)
    {
        if (left is null || right is null)
            return left is null == right is null ? 0 : left is null == nullsFirst ? -1 : 1;
        int comparison = SqlSemantics.Compare(left, right);
        return descending ? -comparison : comparison;
    }
}

/// <summary><c>SELECT COUNT(*) FROM t [WHERE c]</c>.</summary>
public sealed record CountQuery(Predicate? Where) : DifferentialQuery
{
    public override string Sql => $"SELECT COUNT(*) FROM {Table}{WhereClause(Where)}";

    public override ExpectedResult Evaluate(IReadOnlyList<object?[]> rows) => new([[(long)Filter(rows, Where).Count()]], Ordered: true);

    public override IEnumerable<DifferentialQuery> Shrinks() =>
        Where is null ? [] : [this with { Where = null }, .. Where.Shrinks().Select(where => this with { Where = where })];
}

/// <summary>A GROUP BY key: a column, or BUCKET of a numeric column.</summary>
public abstract record GroupKey
{
    public abstract string Sql { get; }

    public abstract object? KeyOf(object?[] row);

    public sealed override string ToString() => Sql;
}

public sealed record ColumnKey(ModelColumn Column) : GroupKey
{
    public override string Sql => Column.Name;

    public override object? KeyOf(object?[] row) => SqlSemantics.Normalize(row[Column.Ordinal]);
}

/// <summary><c>BUCKET(column, e1, ..., ek)</c>: the label <c>[-inf,e1)</c>, <c>[e1,e2)</c>, ..., <c>[ek,+inf)</c>, NULL for NULL.</summary>
public sealed record BucketKey(ModelColumn Column, IReadOnlyList<long> Edges) : GroupKey
{
    public override string Sql => $"BUCKET({Column.Name}, {string.Join(", ", Edges.Select(edge => edge.ToString(CultureInfo.InvariantCulture)))})";

    public override object? KeyOf(object?[] row)
    {
        if (row[Column.Ordinal] is not { } value)
            return null;
        int bucket = Edges.Count(edge => SqlSemantics.Compare(edge, value) <= 0);
        string Edge(int index) => Edges[index].ToString(CultureInfo.InvariantCulture);
        string low = bucket == 0 ? "-inf" : Edge(bucket - 1);
        string high = bucket == Edges.Count ? "+inf" : Edge(bucket);
        return $"[{low},{high})";
    }
}

/// <summary><c>YEAR(date column)</c>: a key no dense encoder handles, so grouping hashes it.</summary>
public sealed record YearKey(ModelColumn Column) : GroupKey
{
    public override string Sql => $"YEAR({Column.Name})";

    public override object? KeyOf(object?[] row) => row[Column.Ordinal] is DateOnly date ? (long)date.Year : null;
}

public enum AggregateKind
{
    CountStar,
    Count,
    CountDistinct,
    Sum,
    Average,
    Min,
    Max,
}

/// <summary>
/// One aggregate of a SELECT, computed naively over a group's rows; SUM, AVG, MIN and MAX may take DISTINCT, and
/// their argument may be the column times a constant <see cref="Multiplier"/> (a long or a decimal).
/// </summary>
public sealed record AggregateSpec(AggregateKind Kind, ModelColumn? Column, bool Distinct = false, object? Multiplier = null)
{
    public string Sql
    {
        get
        {
            string argument = (Distinct ? "DISTINCT " : "") + Column?.Name + (Multiplier is null ? "" : $" * {SqlSemantics.Literal(Multiplier)}");
            return Kind switch
            {
                AggregateKind.CountStar => "COUNT(*)",
                AggregateKind.Count => $"COUNT({argument})",
                AggregateKind.CountDistinct => $"COUNT(DISTINCT {Column!.Name})",
                AggregateKind.Sum => $"SUM({argument})",
                AggregateKind.Average => $"AVG({argument})",
                AggregateKind.Min => $"MIN({argument})",
                _ => $"MAX({argument})",
            };
        }
    }

    public override string ToString() => Sql;

    public object? Evaluate(IReadOnlyList<object?[]> rows)
    {
        if (Kind == AggregateKind.CountStar)
            return (long)rows.Count;
        var values = rows.Select(row => row[Column!.Ordinal]).Where(value => value is not null).Select(value => Multiply(value!)).ToList();
        if (Distinct)
            values = [.. values.DistinctBy(SqlSemantics.Canonical, StringComparer.Ordinal)];
        switch (Kind)
        {
            case AggregateKind.Count:
                return (long)values.Count;
            case AggregateKind.CountDistinct:
                return (long)values.Select(SqlSemantics.Canonical).Distinct(StringComparer.Ordinal).Count();
            case AggregateKind.Min or AggregateKind.Max:
                {
                    if (values.Count == 0)
                        return null;
                    object best = values[0];
                    foreach (object value in values.Skip(1))
                    {
                        int comparison = SqlSemantics.Compare(value, best);
                        if (Kind == AggregateKind.Min ? comparison < 0 : comparison > 0)
                            best = value;
                    }
                    return SqlSemantics.Normalize(best);
                }
            default:
                return values.Count == 0 ? null : SumOrAverage(values);
        }
    }

    // Integer times integer stays an integer, times a decimal is a decimal; a double stays a double.
    private object Multiply(object value) => (value, Multiplier) switch
    {
        (_, null) => value,
        (double real, _) => real * SqlSemantics.ToDouble(Multiplier),
        (int or long, long factor) => Convert.ToInt64(value, CultureInfo.InvariantCulture) * factor,
        _ => SqlSemantics.ToDecimal(value) * SqlSemantics.ToDecimal(Multiplier),
    };

    private object SumOrAverage(List<object> values)
    {
        bool average = Kind == AggregateKind.Average;
        switch (values[0])
        {
            case double:
                {
                    double sum = 0;
                    double magnitude = 0;
                    foreach (double value in values.Cast<double>())
                    {
                        sum += value;
                        magnitude += Math.Abs(value);
                    }
                    return average ? new Approx(sum / values.Count, magnitude / values.Count) : new Approx(sum, magnitude);
                }
            case decimal:
                {
                    decimal sum = values.Cast<decimal>().Sum();
                    if (!average)
                        return sum;
                    decimal magnitude = values.Cast<decimal>().Sum(Math.Abs);
                    return new Approx((double)sum / values.Count, (double)magnitude / values.Count);
                }
            default:
                {
                    // SUM of integers is an integer; the engine gives a DOUBLE only when the exact sum leaves 64 bits.
                    Int128 sum = 0;
                    double magnitude = 0;
                    foreach (object value in values)
                    {
                        long integer = Convert.ToInt64(value, CultureInfo.InvariantCulture);
                        sum += integer;
                        magnitude += Math.Abs((double)integer);
                    }
                    if (average)
                        return new Approx((double)sum / values.Count, magnitude / values.Count);
                    return sum >= long.MinValue && sum <= long.MaxValue ? (long)sum : new Approx((double)sum, magnitude);
                }
        }
    }
}

/// <summary>How GROUP BY and ORDER BY name the keys: by repeating the expression, by alias, or by position.</summary>
public enum KeyStyle
{
    Expression,
    Alias,
    Position,
}

/// <summary>
/// <c>SELECT keys, aggregates FROM t [WHERE] [GROUP BY keys [HAVING COUNT(*) &gt; k] ORDER BY [COUNT(*) DESC,] keys
/// [LIMIT n]]</c>; with no keys, one row of aggregates over the whole filtered table.
/// </summary>
public sealed record AggregateQuery(
    IReadOnlyList<GroupKey> Keys,
    IReadOnlyList<AggregateSpec> Aggregates,
    Predicate? Where,
    long? HavingMoreThan,
    IReadOnlyList<bool> Descending,
    int? Limit,
    KeyStyle Style,
    bool CountFirst) : DifferentialQuery
{
    public override string Sql
    {
        get
        {
            string KeyName(int index) => Style switch
            {
                KeyStyle.Alias => $"k{index + 1}",
                KeyStyle.Position => (index + 1).ToString(CultureInfo.InvariantCulture),
                _ => Keys[index].Sql,
            };
            var items = Keys.Select((key, index) => Style == KeyStyle.Alias ? $"{key.Sql} AS k{index + 1}" : key.Sql).Concat(Aggregates.Select(aggregate => aggregate.Sql));
            string sql = $"SELECT {string.Join(", ", items)} FROM {Table}{WhereClause(Where)}";
            if (Keys.Count > 0)
                sql += $" GROUP BY {string.Join(", ", Keys.Select((_, index) => KeyName(index)))}";
            if (HavingMoreThan is { } count)
                sql += $" HAVING COUNT(*) > {count.ToString(CultureInfo.InvariantCulture)}";
            if (Keys.Count > 0)
                sql += $" ORDER BY {(CountFirst ? "COUNT(*) DESC, " : "")}{string.Join(", ", Keys.Select((_, index) => KeyName(index) + (Descending[index] ? " DESC" : "")))}";
            if (Limit is { } limit)
                sql += $" LIMIT {limit.ToString(CultureInfo.InvariantCulture)}";
            return sql;
        }
    }

    public override ExpectedResult Evaluate(IReadOnlyList<object?[]> rows)
    {
        var groups = new Dictionary<string, (object?[] Key, List<object?[]> Rows)>(StringComparer.Ordinal);
        foreach (var row in Filter(rows, Where))
        {
            object?[] key = [.. Keys.Select(groupKey => groupKey.KeyOf(row))];
            string text = string.Join('\u0002', key.Select(SqlSemantics.Canonical));
            if (!groups.TryGetValue(text, out var group))
                groups[text] = group = (key, []);
            group.Rows.Add(row);
        }
        if (Keys.Count == 0 && groups.Count == 0)
            groups[""] = ([], []);
        var result = groups.Values
            .Where(group => HavingMoreThan is not { } count || group.Rows.Count > count)
            .Select(group => (group.Key, group.Rows.Count, Values: (object?[])[.. group.Key, .. Aggregates.Select(aggregate => aggregate.Evaluate(group.Rows))]))
            .ToList();
        result.Sort((left, right) =>
        {
            if (CountFirst && left.Count != right.Count)
                return right.Count.CompareTo(left.Count);
            for (int index = 0; index < Keys.Count; index++)
            {
                int comparison = OrderCompare(left.Key[index], right.Key[index], Descending[index], nullsFirst: false);
                if (comparison != 0)
                    return comparison;
            }
            return 0;
        });
        var values = result.Select(group => group.Values);
        if (Limit is { } limit)
            values = values.Take(limit);
        return new ExpectedResult([.. values], Ordered: true);
    }

    public override IEnumerable<DifferentialQuery> Shrinks()
    {
        if (Where is not null)
        {
            yield return this with { Where = null };
            foreach (var where in Where.Shrinks())
                yield return this with { Where = where };
        }
        if (Limit is not null)
            yield return this with { Limit = null };
        if (HavingMoreThan is not null)
            yield return this with { HavingMoreThan = null };
        if (Aggregates.Count > 1)
        {
            for (int index = 0; index < Aggregates.Count; index++)
                yield return this with { Aggregates = [.. Aggregates.Where((_, position) => position != index)] };
        }
        for (int index = 0; index < Keys.Count; index++)
        {
            var aggregates = Aggregates.Count > 0 ? Aggregates : [new AggregateSpec(AggregateKind.CountStar, null)];
            yield return this with
            {
                Keys = [.. Keys.Where((_, position) => position != index)],
                Descending = [.. Descending.Where((_, position) => position != index)],
                Aggregates = aggregates,
                Limit = Keys.Count == 1 ? null : Limit,
                CountFirst = Keys.Count > 1 && CountFirst,
            };
        }
        if (Style != KeyStyle.Expression)
            yield return this with { Style = KeyStyle.Expression };
        if (CountFirst)
            yield return this with { CountFirst = false };
    }
}

/// <summary>An ORDER BY item of a listing.</summary>
public sealed record OrderItem(ModelColumn Column, bool Descending, bool NullsFirst)
{
    public string Sql => Column.Name + (Descending ? " DESC" : "") + (NullsFirst ? " NULLS FIRST" : "");

    public override string ToString() => Sql;
}

/// <summary>
/// <c>SELECT id, columns FROM t [WHERE] [ORDER BY items, id [LIMIT n [OFFSET m]]]</c>; without ORDER BY the rows
/// are compared as a set.
/// </summary>
public sealed record ListQuery(IReadOnlyList<ModelColumn> Columns, Predicate? Where, IReadOnlyList<OrderItem> OrderBy, int? Limit, int? Offset) : DifferentialQuery
{
    private bool Ordered => OrderBy.Count > 0;

    public override string Sql
    {
        get
        {
            string sql = $"SELECT {string.Join(", ", Columns.Select(column => column.Name))} FROM {Table}{WhereClause(Where)}";
            if (!Ordered)
                return sql;
            sql += $" ORDER BY {string.Join(", ", OrderBy.Select(item => item.Sql))}";
            if (Limit is { } limit)
                sql += $" LIMIT {limit.ToString(CultureInfo.InvariantCulture)}";
            if (Offset is { } offset)
                sql += $" OFFSET {offset.ToString(CultureInfo.InvariantCulture)}";
            return sql;
        }
    }

    public override ExpectedResult Evaluate(IReadOnlyList<object?[]> rows)
    {
        var matches = Filter(rows, Where).ToList();
        if (Ordered)
        {
            matches.Sort((left, right) =>
            {
                foreach (var item in OrderBy)
                {
                    int comparison = OrderCompare(left[item.Column.Ordinal], right[item.Column.Ordinal], item.Descending, item.NullsFirst);
                    if (comparison != 0)
                        return comparison;
                }
                return 0;
            });
        }
        IEnumerable<object?[]> page = matches;
        if (Offset is { } offset)
            page = page.Skip(offset);
        if (Limit is { } limit)
            page = page.Take(limit);
        return new ExpectedResult([.. page.Select(row => Columns.Select(column => SqlSemantics.Normalize(row[column.Ordinal])).ToArray())], Ordered);
    }

    public override IEnumerable<DifferentialQuery> Shrinks()
    {
        if (Where is not null)
        {
            yield return this with { Where = null };
            foreach (var where in Where.Shrinks())
                yield return this with { Where = where };
        }
        if (Offset is not null)
            yield return this with { Offset = null };
        if (Limit is not null)
            yield return this with { Limit = null, Offset = null };
        for (int index = 1; index < Columns.Count; index++)
            yield return this with { Columns = [.. Columns.Where((_, position) => position != index)] };
        for (int index = 0; index < OrderBy.Count - 1; index++)
            yield return this with { OrderBy = [.. OrderBy.Where((_, position) => position != index)] };
    }
}

/// <summary><c>SELECT DISTINCT column FROM t [WHERE] ORDER BY column</c>.</summary>
public sealed record DistinctQuery(ModelColumn Column, Predicate? Where) : DifferentialQuery
{
    public override string Sql => $"SELECT DISTINCT {Column.Name} FROM {Table}{WhereClause(Where)} ORDER BY {Column.Name}";

    public override ExpectedResult Evaluate(IReadOnlyList<object?[]> rows)
    {
        var distinct = Filter(rows, Where)
            .Select(row => SqlSemantics.Normalize(row[Column.Ordinal]))
            .DistinctBy(SqlSemantics.Canonical, StringComparer.Ordinal)
            .ToList();
        distinct.Sort((left, right) => OrderCompare(left, right, descending: false, nullsFirst: false));
        return new ExpectedResult([.. distinct.Select(value => new[] { value })], Ordered: true);
    }

    public override IEnumerable<DifferentialQuery> Shrinks() =>
        Where is null ? [] : [this with { Where = null }, .. Where.Shrinks().Select(where => this with { Where = where })];
}
