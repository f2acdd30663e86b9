using System.Globalization;
using PortraitDb.Bitmaps;
using PortraitDb.Portrait;
using PortraitDb.Query.Binding;
using PortraitDb.Query.Syntax;
using PortraitDb.Storage;

namespace PortraitDb.Query.Execution;

/// <summary>
/// PROFILE, COMPARE and OVERLAP: the audiences and the table they are on, the dimensions, one pass per dimension and
/// set, then the rows: counts, shares and TGI per value in the order asked for, withheld where the privacy guard says.
/// </summary>
internal sealed partial class StatementExecutor
{
    private const int MaxOverlapAudiences = 8;

    /// <summary>An audience of a PROFILE, COMPARE or OVERLAP: its name in results and its members at the statement's version.</summary>
    private sealed record Target(string Name, RoaringBitmap Rows);

    private QueryResult Profile(ProfileSyntax profile)
    {
        var targets = profile.Versus is null ? new[] { profile.Target } : [profile.Target, profile.Versus];
        var (table, data) = TargetTable(profile.Table, targets, "PROFILE");
        var scope = new BindingScope(table.Name, null, data);
        var audience = TargetRows(profile.Target, scope);
        bool wholeTable = profile.Versus is null;
        var baseRows = wholeTable ? data.LiveRows : TargetRows(profile.Versus!, scope);
        var dimensions = Dimensions(profile.Dimensions, scope, baseRows);
        var measures = profile.Measures.Select(measure => BindMeasure(measure, scope)).ToList();
        long minCount = profile.MinCount is null ? 0 : ConstantInteger(profile.MinCount, "MIN_COUNT", minimum: 0);
        long? limit = profile.Limit is null ? null : ConstantInteger(profile.Limit, "LIMIT", minimum: 0);
        var order = ProfileOrder(profile.OrderBy, profile.Descending);

        var counts = CountAll(dimensions, [audience], baseRows, data.LiveRows);
        double audienceSize = audience.Cardinality;
        double baseSize = baseRows.Cardinality;
        bool guard = MinGroupSize > 0;
        var rows = new List<object?[]>();
        for (int index = 0; index < dimensions.Count; index++)
        {
            var cells = new List<ProfileCell>();
            foreach (var (label, values) in Merge(dimensions[index], counts[index]))
            {
                long inAudience = values[0];
                long inBase = values[^1];
                if (inAudience < minCount)
                    continue;
                double? audienceShare = audienceSize > 0 ? inAudience / audienceSize : null;
                double? baseShare = baseSize > 0 ? inBase / baseSize : null;
                double? tgi = baseShare > 0 ? 100 * audienceShare / baseShare : null;
                bool hideAudience = Suppressed(inAudience);
                bool hideBase = Suppressed(inBase);
                var row = new List<object?>
                {
                    dimensions[index].Name, label,
                    hideAudience ? null : inAudience, hideAudience ? null : audienceShare,
                    hideBase ? null : inBase, hideBase ? null : baseShare,
                    hideAudience || hideBase ? null : tgi,
                };
                if (measures.Count > 0)
                    row.AddRange([null, null]);
                if (guard)
                    row.Add(hideAudience || hideBase ? $"<{MinGroupSize}" : null);
                cells.Add(new ProfileCell([.. row], label, inAudience, inBase));
            }
            rows.AddRange(Ranked(cells, dimensions[index], ProfileKeyOf(order.Key), order.Descending, order.Key == ProfileKey.Value, limit));
        }
        foreach (var measure in measures)
            rows.AddRange(MeasureRows(measure, data, audience, baseRows, guard));

        var columns = new List<ResultColumn>
        {
            Text("dimension"), Text("value"), Integer("audience_count"), Real("audience_share"), Integer("base_count"), Real("base_share"), Real("tgi"),
        };
        if (measures.Count > 0)
            columns.AddRange([Real("audience_value"), Real("base_value")]);
        if (guard)
            columns.Add(Text(SelectExecutor.SuppressedColumn));
        return new QueryResult(columns, rows);
    }

    private QueryResult Compare(CompareSyntax compare)
    {
        var (table, data) = TargetTable(compare.Table, compare.Targets, "COMPARE");
        var scope = new BindingScope(table.Name, null, data);
        var targets = Targets(compare.Targets, scope);
        var dimensions = Dimensions(compare.Dimensions, scope, data.LiveRows);
        long minCount = compare.MinCount is null ? 0 : ConstantInteger(compare.MinCount, "MIN_COUNT", minimum: 0);
        long? limit = compare.Limit is null ? null : ConstantInteger(compare.Limit, "LIMIT", minimum: 0);
        var counts = CountAll(dimensions, [.. targets.Select(target => target.Rows)], data.LiveRows, data.LiveRows);
        double baseSize = data.LiveRows.Cardinality;
        bool guard = MinGroupSize > 0;
        var rows = new List<object?[]>();
        for (int index = 0; index < dimensions.Count; index++)
        {
            var cells = new List<ProfileCell>();
            foreach (var (label, values) in Merge(dimensions[index], counts[index]))
            {
                long inBase = values[^1];
                if (minCount > 0 && values.Take(targets.Count).All(count => count < minCount))
                    continue;
                double? baseShare = baseSize > 0 ? inBase / baseSize : null;
                bool hideBase = Suppressed(inBase);
                bool anyHidden = hideBase;
                var row = new List<object?> { dimensions[index].Name, label };
                for (int target = 0; target < targets.Count; target++)
                {
                    long count = values[target];
                    double size = targets[target].Rows.Cardinality;
                    double? share = size > 0 ? count / size : null;
                    double? tgi = baseShare > 0 ? 100 * share / baseShare : null;
                    bool hide = Suppressed(count);
                    anyHidden |= hide;
                    row.AddRange([hide ? null : count, hide ? null : share, hide || hideBase ? null : tgi]);
                }
                row.AddRange([hideBase ? null : inBase, hideBase ? null : baseShare]);
                if (guard)
                    row.Add(anyHidden ? $"<{MinGroupSize}" : null);
                cells.Add(new ProfileCell([.. row], label, values[0], inBase));
            }
            // Side by side, values rank by how common they are in the whole table.
            rows.AddRange(Ranked(cells, dimensions[index], dimensions[index].KeepsOrder ? null : cell => cell.Base, descending: true, byValue: false, limit));
        }
        var columns = new List<ResultColumn> { Text("dimension"), Text("value") };
        foreach (var target in targets)
            columns.AddRange([Integer($"{target.Name}_count"), Real($"{target.Name}_share"), Real($"{target.Name}_tgi")]);
        columns.AddRange([Integer("base_count"), Real("base_share")]);
        if (guard)
            columns.Add(Text(SelectExecutor.SuppressedColumn));
        return new QueryResult(columns, rows);
    }

    private QueryResult Overlap(OverlapSyntax overlap)
    {
        if (overlap.Targets.Count > MaxOverlapAudiences)
            throw _binder.Error(PortraitDbErrorKind.NotSupported, $"OVERLAP takes at most {MaxOverlapAudiences} audiences ({(1 << MaxOverlapAudiences) - 1} regions)", overlap.Targets[MaxOverlapAudiences].Span);
        var (table, data) = TargetTable(overlap.Table, overlap.Targets, "OVERLAP");
        var targets = Targets(overlap.Targets, new BindingScope(table.Name, null, data));
        int n = targets.Count;
        int subsets = 1 << n;
        // The size of every intersection, by fused many-way AND-cardinalities (no intersection is built).
        var intersections = new long[subsets];
        Parallel.For(1, subsets, new ParallelOptions { CancellationToken = cancellationToken }, mask =>
        {
            var members = Enumerable.Range(0, n).Where(bit => (mask & (1 << bit)) != 0).Select(bit => targets[bit].Rows).ToArray();
            intersections[mask] = members.Length == 1 ? members[0].Cardinality : RoaringBitmap.AndManyCardinality(members);
        });
        // Customers in exactly the audiences of a mask, by inclusion-exclusion over its supersets.
        var exactly = new long[subsets];
        for (int mask = 1; mask < subsets; mask++)
        {
            long sum = 0;
            for (int superset = mask; superset < subsets; superset = (superset + 1) | mask)
                sum += (BitCount(superset ^ mask) % 2 == 0 ? 1 : -1) * intersections[superset];
            exactly[mask] = sum;
        }
        long union = exactly.Sum();
        bool guard = MinGroupSize > 0;
        var rows = new List<object?[]>();
        for (int first = 0; first < n; first++)
        {
            long size = intersections[1 << first];
            var row = new List<object?> { "audience", targets[first].Name };
            row.AddRange(Hidden(size, union));
            for (int second = 0; second < n; second++)
            {
                long both = intersections[(1 << first) | (1 << second)];
                long either = size + intersections[1 << second] - both;
                row.Add(either > 0 ? (double)both / either : null);
            }
            if (guard)
                row.Add(Suppressed(size) ? $"<{MinGroupSize}" : null);
            rows.Add([.. row]);
        }
        foreach (int mask in Enumerable.Range(1, subsets - 1).OrderBy(BitCount).ThenBy(mask => mask))
        {
            var names = Enumerable.Range(0, n).Where(bit => (mask & (1 << bit)) != 0).Select(bit => targets[bit].Name);
            var row = new List<object?> { "region", string.Join(" & ", names) };
            row.AddRange(Hidden(exactly[mask], union));
            row.AddRange(Enumerable.Repeat<object?>(null, n));
            if (guard)
                row.Add(Suppressed(exactly[mask]) ? $"<{MinGroupSize}" : null);
            rows.Add([.. row]);
        }
        var total = new List<object?> { "union", string.Join(" | ", targets.Select(target => target.Name)) };
        total.AddRange(Hidden(union, union));
        total.AddRange(Enumerable.Repeat<object?>(null, n));
        if (guard)
            total.Add(Suppressed(union) ? $"<{MinGroupSize}" : null);
        rows.Add([.. total]);

        var columns = new List<ResultColumn> { Text("section"), Text("audiences"), Integer("count"), Real("share") };
        columns.AddRange(targets.Select(target => Real(target.Name)));
        if (guard)
            columns.Add(Text(SelectExecutor.SuppressedColumn));
        return new QueryResult(columns, rows);

        object?[] Hidden(long count, long of) => Suppressed(count) ? [null, null] : [count, of > 0 ? (double)count / of : null];
    }

    private static int BitCount(int mask) => System.Numerics.BitOperations.PopCount((uint)mask);

    /// <summary>The table a PROFILE, COMPARE or OVERLAP reads: ON, else the table of the first saved audience among the targets.</summary>
    private (Table Table, TableData Data) TargetTable(IdentifierSyntax? on, IReadOnlyList<AudienceTargetSyntax> targets, string statement)
    {
        if (on is not null)
        {
            var named = new SelectBinder(_binder, database).ResolveTable(on);
            return (named, named.GetSnapshot().Data);
        }
        foreach (var target in targets)
        {
            if (SavedFor(target) is { } saved)
            {
                try
                {
                    var table = Audiences.TableOf(saved);
                    return (table, table.GetSnapshot().Data);
                }
                catch (PortraitDbException error) when (error is not QueryException)
                {
                    throw _binder.Error(error.Kind, error.Message.TrimEnd('.'), target.Span);
                }
            }
        }
        if (targets[0].Condition is ColumnSyntax { TableName: null } lone)
        {
            throw _binder.Error(PortraitDbErrorKind.Binding,
                $"unknown audience '{lone.ColumnName}'{ExpressionBinder.Suggest(lone.ColumnName, database.AudienceCatalog.Names)}; a condition needs ON table", lone.Span);
        }
        throw _binder.Error(PortraitDbErrorKind.Binding, $"{statement} of a condition needs the table: add ON table after the audiences", targets[0].Span);
    }

    /// <summary>The saved audience a target names: a lone name, or IN AUDIENCE name.</summary>
    private SavedAudience? SavedFor(AudienceTargetSyntax target) => target.Condition switch
    {
        ColumnSyntax { TableName: null } column when database.AudienceCatalog.TryGet(column.ColumnName, out var saved) => saved,
        InAudienceSyntax inAudience when database.AudienceCatalog.TryGet(inAudience.Audience.Name, out var saved) => saved,
        _ => null,
    };

    /// <summary>The rows of a target at the version of <paramref name="scope"/>: a saved audience's members, or the condition's rows.</summary>
    private RoaringBitmap TargetRows(AudienceTargetSyntax target, BindingScope scope)
    {
        if (target.Condition is ColumnSyntax { TableName: null } column && SavedFor(target) is { } saved)
        {
            if (!string.Equals(saved.TableName, scope.TableName, StringComparison.OrdinalIgnoreCase))
                throw _binder.Error(PortraitDbErrorKind.Binding, $"audience '{saved.Name}' is on table '{saved.TableName}', not '{scope.TableName}'", column.Span);
            try
            {
                return Audiences.Members(saved, scope.Data);
            }
            catch (PortraitDbException error) when (error is not QueryException)
            {
                throw _binder.Error(error.Kind, error.Message.TrimEnd('.'), column.Span);
            }
        }
        return EvaluateCondition(target.Condition, scope.TableName, scope.Data, "an audience");
    }

    private List<Target> Targets(IReadOnlyList<AudienceTargetSyntax> syntax, BindingScope scope)
    {
        var targets = new List<Target>();
        for (int index = 0; index < syntax.Count; index++)
        {
            var target = syntax[index];
            string name = target.Alias?.Name ?? target.Condition switch
            {
                ColumnSyntax { TableName: null } column => column.ColumnName,
                InAudienceSyntax inAudience => inAudience.Audience.Name,
                _ => $"audience{index + 1}",
            };
            if (targets.Any(existing => string.Equals(existing.Name, name, StringComparison.OrdinalIgnoreCase)))
                throw _binder.Error(PortraitDbErrorKind.Binding, $"two audiences are called '{name}'; name them with AS", target.Span);
            targets.Add(new Target(name, TargetRows(target, scope)));
        }
        return targets;
    }

    private List<ProfileDimension> Dimensions(IReadOnlyList<ExpressionSyntax> syntax, BindingScope scope, RoaringBitmap baseRows)
    {
        var dimensions = new List<ProfileDimension>();
        foreach (var dimension in syntax)
        {
            var bound = _binder.Bind(dimension, scope, null);
            if (bound.Any(node => node is BoundColumn { Definition.IsPii: true }))
                throw _binder.Error(PortraitDbErrorKind.Constraint, "a PII column cannot be a dimension: its values would be listed", dimension.Span);
            if (bound.Kind == ValueKind.Tags && bound is not BoundColumn)
                throw _binder.Error(PortraitDbErrorKind.NotSupported, "a TAGS dimension must be a TAGS column", dimension.Span);
            string name = dimension is ColumnSyntax column ? column.ColumnName : _binder.TextOf(dimension.Span);
            dimensions.Add(ProfileDimension.Create(name, bound, scope.Data, baseRows));
        }
        return dimensions;
    }

    /// <summary>
    /// Every dimension's counts for every audience and then the base: one pass over each set per dimension, the
    /// dimensions and sets in parallel (and, inside, the segments). A set that is the live rows themselves (the base
    /// without VS, or a condition true everywhere) is counted from the value bitmaps without a pass.
    /// </summary>
    private List<List<ValueCount>[]> CountAll(List<ProfileDimension> dimensions, IReadOnlyList<RoaringBitmap> audiences, RoaringBitmap baseRows, RoaringBitmap liveRows)
    {
        int sets = audiences.Count + 1;
        var counts = dimensions.Select(_ => new List<ValueCount>[sets]).ToList();
        // One level of parallelism is enough: passes split over segments only when there are no more passes than cores.
        bool splitPasses = dimensions.Count * sets <= Environment.ProcessorCount;
        Parallel.For(0, dimensions.Count * sets, new ParallelOptions { CancellationToken = cancellationToken }, job =>
        {
            int dimension = job / sets;
            int set = job % sets;
            var rows = set == audiences.Count ? baseRows : audiences[set];
            counts[dimension][set] = dimensions[dimension].Count(rows, ReferenceEquals(rows, liveRows), splitPasses, cancellationToken);
        });
        return counts;
    }

    /// <summary>Each value any set holds, with its count in every set (audiences first, the base last).</summary>
    private static List<(string? Label, long[] Counts)> Merge(ProfileDimension dimension, List<ValueCount>[] sets)
    {
        var rows = new List<(string? Label, long[] Counts)>();
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        int nullRow = -1;
        // The base first: it holds (nearly) every value, in the dimension's order.
        for (int pass = 0; pass < sets.Length; pass++)
        {
            int set = pass == 0 ? sets.Length - 1 : pass - 1;
            foreach (var (label, count) in sets[set])
            {
                int position = label is null ? nullRow : positions.GetValueOrDefault(label, -1);
                if (position < 0)
                {
                    position = rows.Count;
                    rows.Add((label, new long[sets.Length]));
                    if (label is null)
                        nullRow = position;
                    else
                        positions[label] = position;
                }
                rows[position].Counts[set] = count;
            }
        }
        if (dimension is BucketDimension bucket)
        {
            var order = bucket.Bucket.Labels.Select((label, index) => (label, index)).ToDictionary(pair => pair.label, pair => pair.index, StringComparer.Ordinal);
            rows.Sort((left, right) => (left.Label is null ? int.MaxValue : order[left.Label]).CompareTo(right.Label is null ? int.MaxValue : order[right.Label]));
        }
        else if (nullRow >= 0)
        {
            var nulls = rows[nullRow];
            rows.RemoveAt(nullRow);
            rows.Add(nulls);
        }
        return rows;
    }

    private enum ProfileKey
    {
        Natural,
        Tgi,
        Share,
        Count,
        BaseShare,
        BaseCount,
        Value,
    }

    private static readonly (string Name, ProfileKey Key)[] ProfileKeys =
    [
        ("tgi", ProfileKey.Tgi), ("share", ProfileKey.Share), ("count", ProfileKey.Count), ("base_share", ProfileKey.BaseShare),
        ("base_count", ProfileKey.BaseCount), ("value", ProfileKey.Value),
    ];

    private (ProfileKey Key, bool Descending) ProfileOrder(IdentifierSyntax? orderBy, bool? descending)
    {
        if (orderBy is null)
            return (ProfileKey.Natural, false);
        foreach (var (name, key) in ProfileKeys)
        {
            if (string.Equals(name, orderBy.Name, StringComparison.OrdinalIgnoreCase))
                return (key, descending ?? key != ProfileKey.Value);
        }
        throw _binder.Error(PortraitDbErrorKind.Binding,
            $"PROFILE orders by tgi, share, count, base_share, base_count or value, not '{orderBy.Name}'{ExpressionBinder.Suggest(orderBy.Name, ProfileKeys.Select(pair => pair.Name))}", orderBy.Span);
    }

    /// <summary>
    /// A dimension's rows in the order asked for, at most <paramref name="limit"/> of them. The natural order keeps
    /// buckets in bucket order and ranks other values by audience count, then base count, NULL last; a key ranks by
    /// the value <paramref name="key"/> reads, withheld (NULL) keys last; ties keep the natural order.
    /// </summary>
    private static IEnumerable<object?[]> Ranked(List<ProfileCell> cells, ProfileDimension dimension, Func<ProfileCell, double?>? key, bool descending, bool byValue, long? limit)
    {
        var ranked = dimension.KeepsOrder
            ? cells
            : [.. cells.OrderBy(cell => cell.Label is null).ThenByDescending(cell => cell.Audience).ThenByDescending(cell => cell.Base).ThenBy(cell => cell.Label, StringComparer.Ordinal)];
        if (byValue)
        {
            if (!dimension.KeepsOrder)
                ranked = [.. ranked.OrderBy(cell => cell.Label is null).ThenBy(cell => cell.Label, StringComparer.Ordinal)];
            if (descending)
                ranked.Reverse();
        }
        else if (key is not null)
        {
            var keyed = ranked.Select((cell, position) => (cell, position, value: key(cell))).ToList();
            keyed.Sort((left, right) =>
            {
                if (left.value is null || right.value is null)
                    return left.value is null == right.value is null ? left.position.CompareTo(right.position) : left.value is null ? 1 : -1;
                int comparison = descending ? right.value.Value.CompareTo(left.value.Value) : left.value.Value.CompareTo(right.value.Value);
                return comparison != 0 ? comparison : left.position.CompareTo(right.position);
            });
            ranked = [.. keyed.Select(entry => entry.cell)];
        }
        return ranked.Take((int)Math.Min(limit ?? int.MaxValue, int.MaxValue)).Select(cell => cell.Row);
    }

    /// <summary>One result row of a dimension, with what ranking reads: its value, audience and base counts.</summary>
    private sealed record ProfileCell(object?[] Row, string? Label, long Audience, long Base);

    /// <summary>The PROFILE ranking key: which column of a row it reads (NULL when withheld or undefined).</summary>
    private static Func<ProfileCell, double?>? ProfileKeyOf(ProfileKey key) => key switch
    {
        ProfileKey.Tgi => cell => cell.Row[6] as double?,
        ProfileKey.Share => cell => cell.Row[3] as double?,
        ProfileKey.Count => cell => cell.Row[2] is long count ? count : null,
        ProfileKey.BaseShare => cell => cell.Row[5] as double?,
        ProfileKey.BaseCount => cell => cell.Row[4] is long count ? count : null,
        _ => null,
    };

    // ---- Measures ----

    private sealed record Measure(string Name, BoundAggregate[] Aggregates);

    /// <summary>COUNT, AVG, MEDIAN and the 90th percentile of a numeric expression, bound as aggregates.</summary>
    private Measure BindMeasure(ExpressionSyntax syntax, BindingScope scope)
    {
        var bound = _binder.Bind(syntax, scope, null);
        if (!ExpressionBinder.IsNumericKind(bound.Kind))
            throw _binder.Error(PortraitDbErrorKind.Type, $"MEASURES takes numbers, not {ExpressionBinder.TypeName(bound.Kind)}", syntax.Span);
        if (bound.Any(node => node is BoundColumn { Definition.IsPii: true }))
            throw _binder.Error(PortraitDbErrorKind.Constraint, "a PII column cannot be a measure", syntax.Span);
        string name = syntax is ColumnSyntax column ? column.ColumnName : _binder.TextOf(syntax.Span);
        return new Measure(name,
        [
            new BoundAggregate(AggregateFunction.Count, bound, false, 0, ValueKind.Integer, 0, $"COUNT({name})"),
            new BoundAggregate(AggregateFunction.Average, bound, false, 0, ValueKind.Real, 0, $"AVG({name})"),
            new BoundAggregate(AggregateFunction.QuantileContinuous, bound, false, 0.5, ValueKind.Real, 0, $"MEDIAN({name})"),
            new BoundAggregate(AggregateFunction.QuantileContinuous, bound, false, 0.9, ValueKind.Real, 0, $"QUANTILE_CONT({name}, 0.9)"),
        ]);
    }

    /// <summary>Rows <c>mean</c>, <c>median</c> and <c>p90</c> of a measure: counts of its non-NULL values, the statistic for audience and base, and their index.</summary>
    private List<object?[]> MeasureRows(Measure measure, TableData data, RoaringBitmap audience, RoaringBitmap baseRows, bool guard)
    {
        var grouping = new GroupingExecutor(data, cancellationToken);
        var inAudience = grouping.Aggregate(audience, [], measure.Aggregates)[0].Aggregates;
        var inBase = grouping.Aggregate(baseRows, [], measure.Aggregates)[0].Aggregates;
        long audienceCount = inAudience[0].Integer;
        long baseCount = inBase[0].Integer;
        bool hideAudience = Suppressed(audienceCount);
        bool hideBase = Suppressed(baseCount);
        var rows = new List<object?[]>();
        string[] statistics = ["mean", "median", "p90"];
        for (int index = 0; index < statistics.Length; index++)
        {
            double? audienceValue = hideAudience || inAudience[index + 1].IsNull ? null : inAudience[index + 1].AsDouble;
            double? baseValue = hideBase || inBase[index + 1].IsNull ? null : inBase[index + 1].AsDouble;
            double? ratio = baseValue is { } divisor && divisor != 0 ? 100 * audienceValue / divisor : null;
            var row = new List<object?>
            {
                measure.Name, statistics[index], hideAudience ? null : audienceCount, null, hideBase ? null : baseCount, null, ratio, audienceValue, baseValue,
            };
            if (guard)
                row.Add(hideAudience || hideBase ? $"<{MinGroupSize}" : null);
            rows.Add([.. row]);
        }
        return rows;
    }
}
