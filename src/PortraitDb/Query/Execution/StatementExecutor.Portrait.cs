using System.Globalization;
using PortraitDb.Bitmaps;
using PortraitDb.Portrait;
using PortraitDb.Query.Binding;
using PortraitDb.Query.Planning;
using PortraitDb.Query.Syntax;
using PortraitDb.Storage;

namespace PortraitDb.Query.Execution;

/// <summary>
/// The portrait statements: saved audiences (CREATE, DROP, SHOW, EXPORT, SAMPLE), the settings (SET, SHOW SETTINGS),
/// and the privacy guard that SELECT passes through; PROFILE, COMPARE and OVERLAP are in StatementExecutor.Profile.cs.
/// </summary>
internal sealed partial class StatementExecutor
{
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

    // ---- Helpers ----

    /// <summary>The rows of <paramref name="tableName"/> where a condition is TRUE; shared, never modify it.</summary>
    private RoaringBitmap EvaluateCondition(ExpressionSyntax condition, string tableName, TableData data, string what)
    {
        var bound = _binder.Bind(condition, new BindingScope(tableName, null, data), null);
        if (bound.Kind is not (ValueKind.Bool or ValueKind.Null))
            throw _binder.Error(PortraitDbErrorKind.Type, $"{what} needs a condition, not {ExpressionBinder.TypeName(bound.Kind)}", condition.Span);
        var plan = new FilterPlanner(data).Plan(bound);
        return new FilterExecutor(data, cancellationToken).Evaluate(plan);
    }


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
