using System.Diagnostics;
using System.Globalization;
using PortraitDb.Ingest;
using PortraitDb.Query.Binding;
using PortraitDb.Query.Syntax;
using PortraitDb.Storage;

namespace PortraitDb.Query.Execution;

/// <summary>
/// Runs parsed statements against a database: binds each, plans and executes it. A data statement runs in one
/// table transaction, so a failure part-way leaves the table as it was.
/// </summary>
internal sealed partial class StatementExecutor(PortraitDatabase database, string text, QueryParameters? parameters, CancellationToken cancellationToken)
{
    private static readonly string[] ImportOptionNames =
        ["header", "delimiter", "quote", "escape", "null", "tag_separator", "skip", "columns", "types", "key", "on_error", "sample_rows", "max_errors", "encoding"];

    private readonly ExpressionBinder _binder =
        new SubqueryRunner(database, text, parameters, DateOnly.FromDateTime(DateTime.Now), null, cancellationToken).CreateBinder();

    /// <summary>A runner for the statement's subqueries; <paramref name="versions"/> are table versions to read instead of the committed ones.</summary>
    private SubqueryRunner Subqueries(IReadOnlyDictionary<string, TableData>? versions) =>
        new(database, text, parameters, _binder.Today, versions, cancellationToken);

    public QueryResult Execute(StatementSyntax statement)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return statement switch
        {
            SelectSyntax select => GuardedSelect(select).Execute(),
            ExplainSyntax explain => Explain(explain),
            CreateTableSyntax create => CreateTable(create),
            DropTableSyntax drop => DropTable(drop),
            ImportSyntax import => Import(import),
            InsertSyntax insert => Insert(insert),
            UpdateSyntax update => Update(update),
            DeleteSyntax delete => Delete(delete),
            ShowTablesSyntax => ShowTables(),
            DescribeSyntax describe => Describe(describe),
            CheckpointSyntax => Checkpoint(),
            CreateTagSyntax createTag => CreateTag(createTag),
            DropTagSyntax dropTag => DropTag(dropTag),
            ShowTagsSyntax showTags => ShowTags(showTags),
            AlterTableSyntax alter => AlterTable(alter),
            RfmSyntax rfm => Rfm(rfm),
            ParetoSyntax pareto => Pareto(pareto),
            _ => ExecutePortrait(statement),
        };
    }

    /// <summary>The rows of a query, read lazily when it is a plain listing.</summary>
    public IEnumerable<object?[]> Stream(StatementSyntax statement)
    {
        if (statement is not SelectSyntax select)
            return Execute(statement).Rows;
        return GuardedSelect(select).Stream();
    }

    /// <summary>The audience of <paramref name="tableName"/> where <paramref name="condition"/> holds.</summary>
    public Portrait.Audience Audience(string tableName, ExpressionSyntax condition)
    {
        if (!database.TryGetTable(tableName, out var table))
            throw new QueryException(PortraitDbErrorKind.Binding, $"unknown table '{tableName}'{ExpressionBinder.Suggest(tableName, database.Tables.Select(candidate => candidate.Name))}");
        var data = table.GetSnapshot().Data;
        var bound = _binder.Bind(condition, new BindingScope(table.Name, null, data), null);
        if (bound.Kind is not (ValueKind.Bool or ValueKind.Null))
            throw _binder.Error(PortraitDbErrorKind.Type, $"an audience needs a condition, not {ExpressionBinder.TypeName(bound.Kind)}", condition.Span);
        var filter = new Planning.FilterPlanner(data).Plan(bound);
        var rows = new FilterExecutor(data, cancellationToken).Evaluate(filter);
        return new Portrait.Audience(table.Name, data, rows, text);
    }

    private QueryResult Explain(ExplainSyntax explain)
    {
        if (explain.Statement is not SelectSyntax select)
            throw _binder.Error(PortraitDbErrorKind.NotSupported, "EXPLAIN takes a SELECT", explain.Statement.Span);
        var bound = new SelectBinder(_binder, database).Bind(select);
        var executor = new SelectExecutor(bound, cancellationToken);
        var lines = new List<string>();
        if (bound.Data is null)
        {
            lines.Add("CONSTANT (no table)");
        }
        else
        {
            var filter = executor.PlanFilter();
            lines.Add($"SCAN {bound.TableName} ({bound.Data.LiveRows.Cardinality:N0} live rows in {bound.Data.Segments.Length} segments)");
            lines.Add("FILTER");
            filter.Describe(lines, 1);
            lines.Add(AggregationPlan(bound, filter));
        }
        if (explain.Analyze)
        {
            var clock = Stopwatch.StartNew();
            var result = executor.Execute();
            lines.Add($"EXECUTED in {clock.Elapsed.TotalMilliseconds:F3} ms, {result.RowCount:N0} result rows");
            foreach (var step in executor.Steps)
                lines.Add($"  {step.Name}: {step.Rows:N0} rows, {step.Elapsed.TotalMilliseconds:F3} ms");
        }
        return new QueryResult([new ResultColumn("plan", ColumnType.Text)], [.. lines.Select(line => new object?[] { line })]);
    }

    private static string AggregationPlan(BoundSelect select, Planning.FilterNode filter)
    {
        if (!select.IsAggregate)
            return select.OrderBy.Count == 0 && select.Limit is { } limit ? $"LIST first {select.Offset + limit:N0} rows in row order" : "LIST rows";
        if (select.GroupKeys.Count == 0 && select.Aggregates.All(aggregate => aggregate.Function == AggregateFunction.CountStar))
            return filter is Planning.AndFilter { Children: var children } && children.All(child => child is Planning.BitmapFilter)
                ? "COUNT by multi-way AND cardinality (no rows materialised)"
                : "COUNT by bitmap cardinality";
        return $"GROUP BY {(select.GroupKeys.Count == 0 ? "(all rows)" : string.Join(", ", select.GroupKeys))}: {string.Join(", ", select.Aggregates)}";
    }

    private QueryResult CreateTable(CreateTableSyntax create)
    {
        string name = create.Name.Name;
        if (database.TryGetTable(name, out _))
        {
            if (create.IfNotExists)
                return QueryResult.Statement($"table '{name}' already exists");
            throw _binder.Error(PortraitDbErrorKind.Binding, $"table '{name}' already exists", create.Name.Span);
        }
        if (create.AsSelect is { } select)
            return CreateTableAs(name, select);
        var columns = new List<ColumnDefinition>();
        foreach (var column in create.Columns)
        {
            if (columns.Any(existing => string.Equals(existing.Name, column.Name.Name, StringComparison.OrdinalIgnoreCase)))
                throw _binder.Error(PortraitDbErrorKind.Binding, $"column '{column.Name.Name}' is declared twice", column.Name.Span);
            if (column.IsKey && column.Type.Type.Kind is not (ColumnKind.Text or ColumnKind.Int64 or ColumnKind.Int32))
                throw _binder.Error(PortraitDbErrorKind.Type, "a KEY column must be TEXT, INT or BIGINT", column.Type.Span);
            if (column.IsPii && column.Type.Type.Kind != ColumnKind.Text)
                throw _binder.Error(PortraitDbErrorKind.Type, $"only TEXT columns can be PII; '{column.Name.Name}' is {column.Type.Type}", column.Span);
            var type = column.IsKey && column.Type.Type.Kind == ColumnKind.Int32 ? ColumnType.Int64 : column.Type.Type;
            columns.Add(new ColumnDefinition(column.Name.Name, type, column.IsKey, IsPii: column.IsPii));
        }
        try
        {
            database.CreateTable(name, new TableSchema(columns));
        }
        catch (PortraitDbException error) when (error is not QueryException)
        {
            throw _binder.Error(error.Kind, error.Message.TrimEnd('.'), create.Span);
        }
        return QueryResult.Statement($"created table '{name}'");
    }

    private QueryResult CreateTableAs(string name, SelectSyntax select)
    {
        var result = new SelectExecutor(new SelectBinder(_binder, database).Bind(select), cancellationToken).Execute();
        var columns = new List<ColumnDefinition>();
        foreach (var column in result.Columns)
        {
            if (columns.Any(existing => string.Equals(existing.Name, column.Name, StringComparison.OrdinalIgnoreCase)))
                throw _binder.Error(PortraitDbErrorKind.Binding, $"the query gives two columns named '{column.Name}'; name them with AS", select.Span);
            columns.Add(new ColumnDefinition(column.Name, column.Type));
        }
        var table = database.CreateTable(name, new TableSchema(columns));
        try
        {
            using var transaction = table.BeginTransaction();
            foreach (var row in result.Rows)
                transaction.Insert(row);
            transaction.Commit();
        }
        catch
        {
            database.DropTable(name);
            throw;
        }
        return QueryResult.Statement($"created table '{name}' with {result.RowCount:N0} rows", result.RowCount);
    }

    private QueryResult DropTable(DropTableSyntax drop)
    {
        if (database.DropTable(drop.Name.Name) || drop.IfExists)
            return QueryResult.Statement($"dropped table '{drop.Name.Name}'");
        new SelectBinder(_binder, database).ResolveTable(drop.Name);
        return QueryResult.Statement($"dropped table '{drop.Name.Name}'");
    }

    private QueryResult Checkpoint()
    {
        database.Checkpoint();
        return QueryResult.Statement(database.DirectoryPath is null ? "nothing to checkpoint: the database is in memory" : "checkpoint written");
    }

    private QueryResult ShowTables()
    {
        var rows = database.Tables.Select(table => new object?[] { table.Name, table.RowCount, (long)table.Schema.Columns.Count }).ToList();
        return new QueryResult([new ResultColumn("name", ColumnType.Text), new ResultColumn("rows", ColumnType.Int64), new ResultColumn("columns", ColumnType.Int64)], rows);
    }

    private QueryResult Describe(DescribeSyntax describe)
    {
        var table = new SelectBinder(_binder, database).ResolveTable(describe.Table);
        var snapshot = table.GetSnapshot();
        var rows = new List<object?[]>();
        for (int ordinal = 0; ordinal < snapshot.Schema.Columns.Count; ordinal++)
        {
            var column = snapshot.Schema.Columns[ordinal];
            long? distinct = column.Type.Kind is ColumnKind.Category or ColumnKind.Tags ? snapshot.Data.DictionaryCounts[ordinal] : null;
            rows.Add([column.Name, column.Type.ToString(), column.IsKey, snapshot.Data.NullRows[ordinal].Cardinality, distinct, column.IsPii]);
        }
        return new QueryResult(
            [new ResultColumn("column", ColumnType.Text), new ResultColumn("type", ColumnType.Text), new ResultColumn("key", ColumnType.Bool),
             new ResultColumn("nulls", ColumnType.Int64), new ResultColumn("values", ColumnType.Int64), new ResultColumn("pii", ColumnType.Bool)], rows);
    }

    private QueryResult Import(ImportSyntax import)
    {
        var csv = CsvOptions.Default;
        var options = new ImportOptions();
        foreach (var option in import.Options)
        {
            string name = option.Name.Name.ToLowerInvariant();
            var value = option.Value;
            switch (name)
            {
                case "header":
                    csv = csv with { HasHeader = OptionBool(option) };
                    break;
                case "delimiter":
                    {
                        string delimiter = OptionText(option);
                        csv = delimiter.Trim().Length == 0 && delimiter.Length > 0
                            ? csv with { WhitespaceDelimited = true }
                            : csv with { Delimiter = delimiter };
                        break;
                    }
                case "quote":
                    csv = csv with { Quote = OptionChar(option) };
                    break;
                case "escape":
                    csv = csv with { Escape = OptionChar(option) };
                    break;
                case "null":
                    csv = csv with { NullToken = OptionText(option) };
                    break;
                case "encoding":
                    {
                        string encoding = OptionText(option).Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();
                        csv = csv with
                        {
                            Latin1 = encoding switch
                            {
                                "utf8" => false,
                                "latin1" or "iso88591" => true,
                                _ => throw _binder.Error(PortraitDbErrorKind.Binding, $"encoding is 'utf-8' or 'latin1', not '{OptionText(option)}'", option.Value.Span),
                            },
                        };
                        break;
                    }
                case "tag_separator":
                    csv = csv with { TagSeparator = OptionText(option) };
                    break;
                case "skip":
                    csv = csv with { SkipLines = (int)OptionInteger(option) };
                    break;
                case "sample_rows":
                    options = options with { SampleRows = (int)OptionInteger(option) };
                    break;
                case "max_errors":
                    options = options with { MaxReportedErrors = (int)OptionInteger(option) };
                    break;
                case "key":
                    options = options with { Key = value.Kind == OptionValueKind.Name ? value.Name!.Name : OptionText(option) };
                    break;
                case "on_error":
                    {
                        string mode = (value.Kind == OptionValueKind.Name ? value.Name!.Name : OptionText(option)).ToLowerInvariant();
                        options = options with
                        {
                            OnError = mode switch
                            {
                                "skip" => ImportErrorMode.Skip,
                                "abort" or "fail" => ImportErrorMode.Abort,
                                _ => throw _binder.Error(PortraitDbErrorKind.Binding, $"on_error is 'abort' or 'skip', not '{mode}'", value.Span),
                            },
                        };
                        break;
                    }
                case "columns":
                    {
                        var items = OptionList(option);
                        options = options with { ColumnNames = [.. items.Select(item => item.Name!.Name)] };
                        var typed = items.Where(item => item.Type is not null).ToDictionary(item => item.Name!.Name, item => item.Type!.Type, StringComparer.OrdinalIgnoreCase);
                        if (typed.Count > 0)
                            options = options with { ColumnTypes = Merge(options.ColumnTypes, typed) };
                        break;
                    }
                case "types":
                    {
                        var items = OptionList(option);
                        if (items.FirstOrDefault(item => item.Type is null) is { } untyped)
                            throw _binder.Error(PortraitDbErrorKind.Syntax, "types = (...) lists a column name and its type, e.g. types = (age INT)", untyped.Span);
                        options = options with { ColumnTypes = Merge(options.ColumnTypes, items.ToDictionary(item => item.Name!.Name, item => item.Type!.Type, StringComparer.OrdinalIgnoreCase)) };
                        break;
                    }
                default:
                    throw _binder.Error(PortraitDbErrorKind.Binding, $"unknown IMPORT option '{option.Name.Name}'{ExpressionBinder.Suggest(option.Name.Name, ImportOptionNames)}", option.Name.Span);
            }
        }
        options = options with { Csv = csv };
        try
        {
            csv.Validate();
        }
        catch (PortraitDbException error)
        {
            throw _binder.Error(error.Kind, error.Message.TrimEnd('.'), import.Span);
        }
        if (!File.Exists(import.Path))
            throw _binder.Error(PortraitDbErrorKind.Io, $"file '{import.Path}' does not exist", import.PathSpan);
        bool parquet = import.Path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase);
        var report = parquet
            ? ParquetImporter.Import(database, import.Path, import.Table.Name, options, database.ImportProgress, cancellationToken)
            : CsvImporter.Import(database, import.Path, import.Table.Name, options, database.ImportProgress, cancellationToken);
        string message = $"imported {report.RowsImported:N0} rows into '{report.Table}' in {report.Elapsed.TotalSeconds:F2} s";
        if (report.RowsSkipped > 0)
            message += $"; skipped {report.RowsSkipped:N0} bad rows, first: {string.Join(" | ", report.Errors.Take(3).Select(error => error.Message))}";
        return QueryResult.Statement(message, report.RowsImported);
    }

    private static Dictionary<string, ColumnType> Merge(IReadOnlyDictionary<string, ColumnType>? existing, Dictionary<string, ColumnType> added)
    {
        var merged = new Dictionary<string, ColumnType>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, type) in existing ?? new Dictionary<string, ColumnType>())
            merged[key] = type;
        foreach (var (key, type) in added)
            merged[key] = type;
        return merged;
    }

    private LiteralSyntax OptionLiteral(OptionSyntax option) =>
        option.Value.Kind == OptionValueKind.Literal ? option.Value.Literal! : throw _binder.Error(PortraitDbErrorKind.Type, $"option '{option.Name.Name}' takes a constant", option.Value.Span);

    private bool OptionBool(OptionSyntax option)
    {
        var literal = OptionLiteral(option);
        return literal.Kind == LiteralKind.Boolean ? literal.BooleanValue : throw _binder.Error(PortraitDbErrorKind.Type, $"option '{option.Name.Name}' takes true or false", literal.Span);
    }

    private string OptionText(OptionSyntax option)
    {
        var literal = OptionLiteral(option);
        return literal.StringValue ?? throw _binder.Error(PortraitDbErrorKind.Type, $"option '{option.Name.Name}' takes a string", literal.Span);
    }

    private char? OptionChar(OptionSyntax option)
    {
        string value = OptionText(option);
        return value.Length switch
        {
            0 => null,
            1 => value[0],
            _ => throw _binder.Error(PortraitDbErrorKind.Type, $"option '{option.Name.Name}' takes one character or ''", option.Value.Span),
        };
    }

    private long OptionInteger(OptionSyntax option)
    {
        var literal = OptionLiteral(option);
        return literal.Kind == LiteralKind.Integer && literal.IntegerValue >= 0
            ? literal.IntegerValue
            : throw _binder.Error(PortraitDbErrorKind.Type, $"option '{option.Name.Name}' takes a whole number", literal.Span);
    }

    private IReadOnlyList<OptionListItemSyntax> OptionList(OptionSyntax option)
    {
        if (option.Value.Kind != OptionValueKind.List)
            throw _binder.Error(PortraitDbErrorKind.Type, $"option '{option.Name.Name}' takes a list in parentheses", option.Value.Span);
        var items = option.Value.Items;
        if (items.FirstOrDefault(item => item.Name is null) is { } literal)
            throw _binder.Error(PortraitDbErrorKind.Type, "expected a column name", literal.Span);
        return items;
    }

    private QueryResult Insert(InsertSyntax insert)
    {
        var table = new SelectBinder(_binder, database).ResolveTable(insert.Table);
        var schema = table.Schema;
        var targets = new List<int>();
        if (insert.Columns.Count == 0)
        {
            // Tags are computed: a row without a column list gives the stored columns only.
            targets.AddRange(Enumerable.Range(0, schema.Columns.Count).Where(ordinal => !schema.Columns[ordinal].IsDerived));
        }
        else
        {
            foreach (var column in insert.Columns)
            {
                int ordinal = schema.IndexOf(column.Name);
                if (ordinal < 0)
                    throw _binder.Error(PortraitDbErrorKind.Binding, $"unknown column '{column.Name}' in table '{table.Name}'{ExpressionBinder.Suggest(column.Name, schema.Columns.Select(definition => definition.Name))}", column.Span);
                if (schema.Columns[ordinal].IsDerived)
                    throw TagWritten(schema.Columns[ordinal], column.Span);
                targets.Add(ordinal);
            }
        }
        var rows = new List<object?[]>();
        if (insert.Query is { } query)
        {
            var result = new SelectExecutor(new SelectBinder(_binder, database).Bind(query), cancellationToken).Execute();
            if (result.Columns.Count != targets.Count)
                throw _binder.Error(PortraitDbErrorKind.Binding, $"the query gives {result.Columns.Count} columns; {targets.Count} are inserted", query.Span);
            foreach (var values in result.Rows)
                rows.Add(RowFor(schema, targets, values.Select(Value.FromObject).ToArray(), query.Span));
        }
        else
        {
            foreach (var row in insert.Rows)
            {
                if (row.Values.Count != targets.Count)
                    throw _binder.Error(PortraitDbErrorKind.Binding, $"{row.Values.Count} values were given for {targets.Count} columns", row.Span);
                var values = new Value[row.Values.Count];
                for (int index = 0; index < values.Length; index++)
                {
                    var bound = _binder.Bind(row.Values[index], null, null);
                    var context = default(EvaluationContext);
                    values[index] = ExpressionEvaluator.Evaluate(bound, ref context);
                }
                rows.Add(RowFor(schema, targets, values, row.Span));
            }
        }
        using var transaction = table.BeginTransaction();
        if (!ReferenceEquals(transaction.Snapshot.Schema, schema))
            throw _binder.Error(PortraitDbErrorKind.Constraint, $"the columns of table '{table.Name}' changed while the statement ran; run it again", insert.Table.Span);
        for (int index = 0; index < rows.Count; index++)
        {
            try
            {
                if (insert.OrReplace)
                    transaction.Upsert(rows[index]);
                else
                    transaction.Insert(rows[index]);
            }
            catch (PortraitDbException error) when (error is not QueryException)
            {
                var span = insert.Rows.Count > index ? insert.Rows[index].Span : insert.Span;
                throw _binder.Error(error.Kind, error.Message.TrimEnd('.'), span);
            }
        }
        CommitWrite(transaction, insert.Span);
        return QueryResult.Statement($"{(insert.OrReplace ? "upserted" : "inserted")} {rows.Count:N0} rows", rows.Count);
    }

    /// <summary>A full row for the table: given values converted to their columns' types, the rest NULL.</summary>
    private object?[] RowFor(TableSchema schema, List<int> targets, Value[] values, TextSpan span)
    {
        var row = new object?[schema.Columns.Count];
        for (int index = 0; index < targets.Count; index++)
            row[targets[index]] = ToColumn(values[index], schema.Columns[targets[index]], span);
        return row;
    }

    private object? ToColumn(Value value, ColumnDefinition column, TextSpan span)
    {
        if (value.IsNull)
            return null;
        try
        {
            if (column.Type.Kind == ColumnKind.Tags)
            {
                return value.Kind switch
                {
                    ValueKind.Tags => value.AsTags,
                    ValueKind.Text => value.AsText.Length == 0 ? [] : value.AsText.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
                    _ => throw new PortraitDbException(PortraitDbErrorKind.Type, $"column '{column.Name}' takes TAGS ('a|b|c'), not {ExpressionBinder.TypeName(value.Kind)}"),
                };
            }
            var kind = BoundColumn.KindOf(column.Type);
            if (kind == ValueKind.Text && value.Kind != ValueKind.Text)
                throw new PortraitDbException(PortraitDbErrorKind.Type, $"column '{column.Name}' takes text, not {ExpressionBinder.TypeName(value.Kind)}");
            return ExpressionEvaluator.Convert(value, kind, column.Type.Kind == ColumnKind.Decimal ? column.Type.Scale : 0).ToObject();
        }
        catch (Exception error) when (error is PortraitDbException or OverflowException or FormatException)
        {
            throw _binder.Error(PortraitDbErrorKind.Type, $"column '{column.Name}': {error.Message.TrimEnd('.')}", span);
        }
    }

    private QueryResult Update(UpdateSyntax update)
    {
        var table = new SelectBinder(_binder, database).ResolveTable(update.Table);
        using var transaction = table.BeginTransaction();
        var data = transaction.Snapshot.Data;
        var scope = new BindingScope(table.Name, null, data);
        var assignments = new List<(int Ordinal, BoundExpression Value, AssignmentSyntax Syntax)>();
        foreach (var assignment in update.Assignments)
        {
            int ordinal = data.Schema.IndexOf(assignment.Column.Name);
            if (ordinal < 0)
                throw _binder.Error(PortraitDbErrorKind.Binding, $"unknown column '{assignment.Column.Name}' in table '{table.Name}'{ExpressionBinder.Suggest(assignment.Column.Name, data.Schema.Columns.Select(column => column.Name))}", assignment.Column.Span);
            if (data.Schema.Columns[ordinal].IsDerived)
                throw TagWritten(data.Schema.Columns[ordinal], assignment.Column.Span);
            assignments.Add((ordinal, _binder.Bind(assignment.Value, scope, null), assignment));
        }
        var rows = Matching(data, scope, update.Where);
        // Every new value is computed from the rows as they were, before any is written.
        var reader = new RowReader(data);
        var changes = new List<(uint Row, object?[] Values)>();
        foreach (uint row in rows)
        {
            var context = new EvaluationContext { Reader = reader, Row = row };
            var values = new object?[assignments.Count];
            for (int index = 0; index < assignments.Count; index++)
            {
                var (ordinal, expression, syntax) = assignments[index];
                values[index] = ToColumn(ExpressionEvaluator.Evaluate(expression, ref context), data.Schema.Columns[ordinal], syntax.Span);
            }
            changes.Add((row, values));
        }
        foreach (var (row, values) in changes)
        {
            for (int index = 0; index < assignments.Count; index++)
            {
                try
                {
                    transaction.UpdateRow(row, assignments[index].Ordinal, values[index]);
                }
                catch (PortraitDbException error) when (error is not QueryException)
                {
                    throw _binder.Error(error.Kind, error.Message.TrimEnd('.'), assignments[index].Syntax.Span);
                }
            }
        }
        CommitWrite(transaction, update.Span);
        return QueryResult.Statement($"updated {changes.Count:N0} rows", changes.Count);
    }

    private QueryResult Delete(DeleteSyntax delete)
    {
        var table = new SelectBinder(_binder, database).ResolveTable(delete.Table);
        using var transaction = table.BeginTransaction();
        var data = transaction.Snapshot.Data;
        var rows = Matching(data, new BindingScope(table.Name, null, data), delete.Where).ToArray();
        foreach (uint row in rows)
            transaction.DeleteRow(row);
        transaction.Commit();
        return QueryResult.Statement($"deleted {rows.Length:N0} rows", rows.Length);
    }

    private Bitmaps.RoaringBitmap Matching(TableData data, BindingScope scope, ExpressionSyntax? where)
    {
        var condition = where is null ? null : _binder.Bind(where, scope, null);
        var filter = new Planning.FilterPlanner(data).Plan(condition);
        // Copy: the filter may return an index bitmap, and the transaction changes indexes as it writes.
        return new FilterExecutor(data, cancellationToken).Evaluate(filter).Clone();
    }
}
