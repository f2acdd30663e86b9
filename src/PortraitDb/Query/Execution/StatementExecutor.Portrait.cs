using System.Globalization;
using PortraitDb.Bitmaps;
using PortraitDb.Portrait;
using PortraitDb.Query.Binding;
using PortraitDb.Query.Planning;
using PortraitDb.Query.Syntax;
using PortraitDb.Storage;

namespace PortraitDb.Query.Execution;

/// <summary>
/// The portrait statements: saved audiences (CREATE, DROP, SHOW, EXPORT, SAMPLE), PROFILE, COMPARE and OVERLAP, the
/// settings (SET, SHOW SETTINGS), and the privacy guard that SELECT passes through.
/// </summary>
internal sealed partial class StatementExecutor
{
    private const int MaxOverlapAudiences = 8;

    private AudienceResolver Audiences => _binder.Audiences!;

    private int MinGroupSize => database.Settings.MinGroupSize;

    private QueryResult ExecutePortrait(StatementSyntax statement) => statement switch
    {
        CreateAudienceSyntax create => CreateAudience(create),
        DropAudienceSyntax drop => DropAudience(drop),
        ShowAudiencesSyntax => ShowAudiences(),
        ShowSettingsSyntax => ShowSettings(),
        SetSyntax set => Set(set),
        ProfileSyntax profile => Profile(profile),
        CompareSyntax compare => Compare(compare),
        OverlapSyntax overlap => Overlap(overlap),
        SampleSyntax sample => Sample(sample),
        ExportAudienceSyntax export => Export(export),
        _ => throw _binder.Error(PortraitDbErrorKind.NotSupported, "this statement is not supported yet", statement.Span),
    };

    // ---- The privacy guard on SELECT ----

    /// <summary>A bound SELECT under the privacy guard: a listing of fewer than min_group_size rows is refused; groups are suppressed as they are read.</summary>
    private SelectExecutor GuardedSelect(SelectSyntax select)
    {
        var bound = new SelectBinder(_binder, database).Bind(select);
        int k = MinGroupSize;
        var executor = new SelectExecutor(bound, cancellationToken) { MinGroupSize = k };
        if (k > 0 && bound.Data is not null && !bound.IsAggregate && executor.CountMatches() is > 0 and var matches && matches < k)
            throw _binder.Error(PortraitDbErrorKind.Constraint, $"the privacy guard (min_group_size = {k}) does not list fewer than {k} customers, and this query matches fewer", select.From!.Span);
        return executor;
    }

    private void RefuseSmall(long members, string what, TextSpan span)
    {
        int k = MinGroupSize;
        if (k > 0 && members > 0 && members < k)
            throw _binder.Error(PortraitDbErrorKind.Constraint, $"the privacy guard (min_group_size = {k}) does not {what} an audience of fewer than {k} customers", span);
    }

    /// <summary>True when the privacy guard withholds a count: more than none, fewer than min_group_size.</summary>
    private bool Suppressed(long count) => MinGroupSize > 0 && count > 0 && count < MinGroupSize;

    // ---- Saved audiences ----

    private QueryResult CreateAudience(CreateAudienceSyntax create)
    {
        var table = new SelectBinder(_binder, database).ResolveTable(create.Table);
        string name = create.Name.Name;
        if (!create.OrReplace && database.AudienceCatalog.TryGet(name, out _))
        {
            if (create.IfNotExists)
                return QueryResult.Statement($"audience '{name}' already exists");
            throw _binder.Error(PortraitDbErrorKind.Binding, $"audience '{name}' already exists; CREATE OR REPLACE AUDIENCE replaces it", create.Name.Span);
        }
        var (saved, members) = DefineAudience(name, create.Name.Span, table, create.Condition, create.Snapshot, create.OrReplace);
        string kind = saved.Kind == AudienceKind.Snapshot ? "snapshot audience" : "audience";
        return QueryResult.Statement($"created {kind} '{saved.Name}' on '{saved.TableName}' ({members:N0} customers)", members);
    }

    /// <summary>
    /// Checks and saves an audience: the condition must bind to a condition on the table (and, when the name is being
    /// replaced, must not use the audience itself); a snapshot keeps the rows it selects now. Parameters are written
    /// into the saved text as literals, since a dynamic audience is evaluated again later without them.
    /// </summary>
    internal (SavedAudience Audience, long Members) DefineAudience(string name, TextSpan nameSpan, Table table, ExpressionSyntax condition, bool snapshot, bool replace)
    {
        var data = table.GetSnapshot().Data;
        var rows = Audiences.WhileDefining(name, () => EvaluateCondition(condition, table.Name, data, "an audience"));
        var frozen = snapshot ? rows.Clone() : null;
        frozen?.RunOptimize();
        var saved = new SavedAudience(name, table.Name, snapshot ? AudienceKind.Snapshot : AudienceKind.Dynamic, InlineParameters(condition.Span), frozen, table);
        if (!database.SaveAudience(saved, replace))
            throw _binder.Error(PortraitDbErrorKind.Binding, $"audience '{name}' already exists; CREATE OR REPLACE AUDIENCE replaces it", nameSpan);
        return (saved, rows.Cardinality);
    }

    /// <summary>The members of a saved audience now, for the host API.</summary>
    internal Audience SavedAudienceNow(string name)
    {
        if (!database.AudienceCatalog.TryGet(name, out var saved))
            throw new QueryException(PortraitDbErrorKind.Binding, $"unknown audience '{name}'{ExpressionBinder.Suggest(name, database.AudienceCatalog.Names)}");
        try
        {
            var data = Audiences.TableOf(saved).GetSnapshot().Data;
            return new Audience(saved.TableName, data, Audiences.Members(saved, data), saved.Name);
        }
        catch (PortraitDbException error) when (error is not QueryException)
        {
            throw new QueryException(error.Kind, error.Message.TrimEnd('.'));
        }
    }

    private QueryResult DropAudience(DropAudienceSyntax drop)
    {
        if (database.DropSavedAudience(drop.Name.Name) || drop.IfExists)
            return QueryResult.Statement($"dropped audience '{drop.Name.Name}'");
        throw _binder.Error(PortraitDbErrorKind.Binding, $"unknown audience '{drop.Name.Name}'{ExpressionBinder.Suggest(drop.Name.Name, database.AudienceCatalog.Names)}", drop.Name.Span);
    }

    private QueryResult ShowAudiences()
    {
        var rows = new List<object?[]>();
        foreach (var saved in database.AudienceCatalog.All)
        {
            long? size = null;
            string? error = null;
            try
            {
                size = Audiences.Members(saved, Audiences.TableOf(saved).GetSnapshot().Data).Cardinality;
            }
            catch (PortraitDbException failure)
            {
                error = failure is QueryException query ? query.Detail : failure.Message.TrimEnd('.');
            }
            rows.Add([saved.Name, saved.TableName, saved.Kind == AudienceKind.Snapshot ? "snapshot" : "dynamic", saved.Condition, size, error]);
        }
        return new QueryResult(
            [Text("name"), Text("table"), Text("kind"), Text("definition"), Integer("size"), Text("error")], rows);
    }

    private QueryResult Export(ExportAudienceSyntax export)
    {
        var saved = Audiences.Lookup(export.Audience, _binder);
        var (data, rows) = SavedMembers(saved, export.Audience.Span);
        var format = AudienceExport.FormatOf(export.Path);
        foreach (var option in export.Options)
        {
            if (!string.Equals(option.Name.Name, "format", StringComparison.OrdinalIgnoreCase))
                throw _binder.Error(PortraitDbErrorKind.Binding, $"unknown EXPORT option '{option.Name.Name}'{ExpressionBinder.Suggest(option.Name.Name, ["format"])}", option.Name.Span);
            string value = (option.Value.Kind == OptionValueKind.Name ? option.Value.Name!.Name : option.Value.Literal?.StringValue ?? "").ToLowerInvariant();
            format = value switch
            {
                "csv" => AudienceExportFormat.Csv,
                "roaring" => AudienceExportFormat.Roaring,
                _ => throw _binder.Error(PortraitDbErrorKind.Binding, "format is 'csv' or 'roaring'", option.Value.Span),
            };
        }
        RefuseSmall(rows.Cardinality, "export", export.Audience.Span);
        int key = data.Schema.KeyOrdinal;
        if (key < 0 && format == AudienceExportFormat.Csv)
            throw _binder.Error(PortraitDbErrorKind.NotSupported, $"table '{saved.TableName}' has no KEY column to export; export the row ids with WITH (format = 'roaring')", export.Span);
        if (key >= 0 && data.Schema.Columns[key].IsPii && !export.WithPii)
            throw _binder.Error(PortraitDbErrorKind.Constraint, $"the key column '{data.Schema.Columns[key].Name}' is PII: EXPORT writes it only WITH PII", export.Span);
        try
        {
            if (format == AudienceExportFormat.Csv)
            {
                AudienceExport.WriteKeys(export.Path, data, rows, cancellationToken);
                return QueryResult.Statement($"exported {rows.Cardinality:N0} keys of '{saved.Name}' to '{export.Path}'", rows.Cardinality);
            }
            string? keys = AudienceExport.WriteRoaring(export.Path, data, rows, cancellationToken);
            string mapping = keys is null ? " (the table has no KEY column, so no key mapping)" : $" and the key mapping to '{keys}'";
            return QueryResult.Statement($"exported {rows.Cardinality:N0} row ids of '{saved.Name}' as a Roaring bitmap to '{export.Path}'{mapping}", rows.Cardinality);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw _binder.Error(PortraitDbErrorKind.Io, $"cannot write '{export.Path}': {error.Message.TrimEnd('.')}", export.PathSpan);
        }
    }

    private QueryResult Sample(SampleSyntax sample)
    {
        var saved = Audiences.Lookup(sample.Audience, _binder);
        long count = ConstantInteger(sample.Count, "SAMPLE", minimum: 0);
        ulong seed = sample.Seed is null ? (ulong)Random.Shared.NextInt64() : unchecked((ulong)ConstantInteger(sample.Seed, "SEED", minimum: long.MinValue));
        var (data, rows) = SavedMembers(saved, sample.Audience.Span);
        RefuseSmall(rows.Cardinality, "sample", sample.Audience.Span);
        var columns = Enumerable.Range(0, data.Schema.Columns.Count).Where(ordinal => sample.WithPii || !data.Schema.Columns[ordinal].IsPii).ToArray();
        var reader = new RowReader(data);
        var result = new List<object?[]>();
        foreach (uint row in AudienceSampler.Sample(rows, count, seed, cancellationToken))
            result.Add([.. columns.Select(ordinal => reader.Read(ordinal, row).ToObject())]);
        return new QueryResult([.. columns.Select(ordinal => new ResultColumn(data.Schema.Columns[ordinal].Name, data.Schema.Columns[ordinal].Type))], result);
    }

    /// <summary>A saved audience's table version and members now; errors located at <paramref name="span"/>.</summary>
    private (TableData Data, RoaringBitmap Rows) SavedMembers(SavedAudience saved, TextSpan span)
    {
        try
        {
            var data = Audiences.TableOf(saved).GetSnapshot().Data;
            return (data, Audiences.Members(saved, data));
        }
        catch (PortraitDbException error) when (error is not QueryException)
        {
            throw _binder.Error(error.Kind, error.Message.TrimEnd('.'), span);
        }
    }

    // ---- Settings ----

    private QueryResult Set(SetSyntax set)
    {
        object? value = set.Value.Kind switch
        {
            OptionValueKind.Literal => set.Value.Literal!.Kind switch
            {
                LiteralKind.Integer => set.Value.Literal.IntegerValue,
                LiteralKind.Boolean => set.Value.Literal.BooleanValue,
                LiteralKind.Null => null,
                LiteralKind.Number => set.Value.Literal.DecimalValue,
                _ => set.Value.Literal.StringValue,
            },
            OptionValueKind.Name => set.Value.Name!.Name,
            _ => throw _binder.Error(PortraitDbErrorKind.Type, "a setting takes one value, not a list", set.Value.Span),
        };
        try
        {
            database.ChangeSetting(set.Name.Name, value);
        }
        catch (PortraitDbException error) when (error is not QueryException)
        {
            throw _binder.Error(error.Kind, error.Message.TrimEnd('.'), error.Kind == PortraitDbErrorKind.Binding ? set.Name.Span : set.Value.Span);
        }
        var current = database.Settings.List().First(setting => string.Equals(setting.Name, set.Name.Name, StringComparison.OrdinalIgnoreCase));
        return QueryResult.Statement($"{current.Name} = {current.Value}");
    }

    private QueryResult ShowSettings() =>
        new([Text("name"), Text("value"), Text("description")],
            [.. database.Settings.List().Select(setting => new object?[] { setting.Name, setting.Value, setting.Description })]);

    // ---- PROFILE, COMPARE, OVERLAP ----

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

        var counts = CountAll(dimensions, [audience], baseRows, wholeTable);
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
        var counts = CountAll(dimensions, [.. targets.Select(target => target.Rows)], data.LiveRows, wholeTable: true);
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

    /// <summary>The rows of <paramref name="tableName"/> where a condition is TRUE; shared, never modify it.</summary>
    private RoaringBitmap EvaluateCondition(ExpressionSyntax condition, string tableName, TableData data, string what)
    {
        var bound = _binder.Bind(condition, new BindingScope(tableName, null, data), null);
        if (bound.Kind is not (ValueKind.Bool or ValueKind.Null))
            throw _binder.Error(PortraitDbErrorKind.Type, $"{what} needs a condition, not {ExpressionBinder.TypeName(bound.Kind)}", condition.Span);
        var plan = new FilterPlanner(data).Plan(bound);
        return new FilterExecutor(data, cancellationToken).Evaluate(plan);
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
    /// dimensions and sets in parallel (and, inside, the segments).
    /// </summary>
    private List<List<ValueCount>[]> CountAll(List<ProfileDimension> dimensions, IReadOnlyList<RoaringBitmap> audiences, RoaringBitmap baseRows, bool wholeTable)
    {
        int sets = audiences.Count + 1;
        var counts = dimensions.Select(_ => new List<ValueCount>[sets]).ToList();
        Parallel.For(0, dimensions.Count * sets, new ParallelOptions { CancellationToken = cancellationToken }, job =>
        {
            int dimension = job / sets;
            int set = job % sets;
            bool isBase = set == audiences.Count;
            counts[dimension][set] = dimensions[dimension].Count(isBase ? baseRows : audiences[set], isBase && wholeTable, cancellationToken);
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

    // ---- Helpers ----

    /// <summary>A constant whole number of at least <paramref name="minimum"/> (a literal or a parameter).</summary>
    private long ConstantInteger(ExpressionSyntax syntax, string clause, long minimum)
    {
        var bound = _binder.Bind(syntax, null, null);
        if (bound is BoundLiteral { Value.Kind: ValueKind.Integer } literal && literal.Value.Integer >= minimum)
            return literal.Value.Integer;
        string least = minimum == long.MinValue ? "" : $" of at least {minimum}";
        throw _binder.Error(PortraitDbErrorKind.Type, $"{clause} needs a constant whole number{least}", syntax.Span);
    }

    /// <summary>The text at <paramref name="span"/> with every parameter written in as a literal.</summary>
    private string InlineParameters(TextSpan span)
    {
        string condition = _binder.TextOf(span);
        var tokens = Lexer.Tokenize(condition);
        if (!tokens.Any(token => token.Kind is TokenKind.NamedParameter or TokenKind.QuestionMark))
            return condition;
        var builder = new System.Text.StringBuilder();
        int copied = 0;
        int position = 0;
        foreach (var token in tokens)
        {
            if (token.Kind is not (TokenKind.NamedParameter or TokenKind.QuestionMark))
                continue;
            var parameter = token.Kind == TokenKind.NamedParameter
                ? new ParameterSyntax(token.Text, new TextSpan(span.Start + token.Span.Start, token.Span.Length))
                : new ParameterSyntax(++position, new TextSpan(span.Start + token.Span.Start, token.Span.Length));
            var value = ((BoundLiteral)_binder.Bind(parameter, null, null)).Value;
            builder.Append(condition, copied, token.Span.Start - copied).Append(SqlLiteral(value, parameter.Span));
            copied = token.Span.End;
        }
        return builder.Append(condition, copied, condition.Length - copied).ToString();
    }

    /// <summary>A value as SQL that reads back as the same value.</summary>
    private string SqlLiteral(Value value, TextSpan span) => value.Kind switch
    {
        ValueKind.Null => "NULL",
        ValueKind.Bool => value.AsBool ? "TRUE" : "FALSE",
        ValueKind.Integer => value.Integer.ToString(CultureInfo.InvariantCulture),
        ValueKind.Decimal => value.AsDecimal.ToString(CultureInfo.InvariantCulture),
        ValueKind.Real when double.IsFinite(value.Real) => value.Real.ToString("R", CultureInfo.InvariantCulture).Replace("E+", "E", StringComparison.Ordinal),
        ValueKind.Text => SyntaxFacts.QuoteString(value.AsText),
        ValueKind.Date => $"DATE '{value}'",
        ValueKind.Timestamp => $"TIMESTAMP '{QueryResult.FormatValue(ValueConversion.TimestampFromMicroseconds(value.Integer).ToString("yyyy-MM-dd HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture))}'",
        _ => throw _binder.Error(PortraitDbErrorKind.NotSupported, "this parameter's value cannot be saved in an audience's definition", span),
    };

    private static ResultColumn Text(string name) => new(name, ColumnType.Text);

    private static ResultColumn Integer(string name) => new(name, ColumnType.Int64);

    private static ResultColumn Real(string name) => new(name, ColumnType.Double);
}
