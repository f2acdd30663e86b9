using System.Globalization;
using System.Text;
using PortraitDb.Bitmaps;
using PortraitDb.Portrait;
using PortraitDb.Query.Binding;
using PortraitDb.Query.Syntax;
using PortraitDb.Storage;

namespace PortraitDb.Query.Execution;

/// <summary>
/// Derived tags and schema changes: CREATE [OR REPLACE] TAG (a condition, a CASE, or TIERS), DROP TAG, SHOW TAGS and
/// ALTER TABLE ADD/DROP COLUMN. Each runs in one table transaction: the column is added and filled (or dropped)
/// together, and tags that read a replaced tag are recomputed before the commit.
/// </summary>
internal sealed partial class StatementExecutor
{
    private const int ShownTagValues = 12;
    private const int MaxTierCuts = 20;

    private QueryResult CreateTag(CreateTagSyntax create)
    {
        var table = new SelectBinder(_binder, database).ResolveTable(create.Table);
        using var transaction = table.BeginTransaction();
        var data = transaction.Snapshot.Data;
        var versions = Versions(table.Name, data);
        ExpressionSyntax definition;
        string derivation;
        SubqueryRunner runner;
        if (create.Tiers is { } tiers)
        {
            derivation = TiersDerivation(tiers, data, table.Name);
            runner = new SubqueryRunner(database, derivation, null, _binder.Today, versions, cancellationToken);
            definition = Parser.ParseExpression(derivation);
        }
        else
        {
            definition = create.Definition!;
            derivation = _binder.TextOf(definition.Span).Trim();
            runner = Subqueries(versions);
        }
        var values = DefineTag(data, table.Name, create.Name, definition, derivation, runner, create.OrReplace, create.Span);
        CommitWrite(transaction, create.Span);
        var column = data.Schema.Columns[data.Schema.IndexOf(create.Name.Name)];
        string counts = CountsText(values, data.LiveRows.Cardinality, column.Type);
        return QueryResult.Statement($"{(create.OrReplace ? "defined" : "created")} tag '{column.Name}' on '{table.Name}' ({column.Type}): {counts}", data.LiveRows.Cardinality);
    }

    /// <summary>
    /// Adds (or replaces) tag <paramref name="nameSyntax"/>: binds the definition, checks it (a condition or a CASE of
    /// constants, no parameters, no TODAY(), no cycle), adds the column with its definition, computes every live row,
    /// and recomputes the tags that read a replaced one. Returns the values written.
    /// </summary>
    private List<ColumnValues> DefineTag(
        TableData data, string tableName, IdentifierSyntax nameSyntax, ExpressionSyntax definition, string derivation,
        SubqueryRunner runner, bool orReplace, TextSpan statementSpan, int? position = null)
    {
        string name = nameSyntax.Name;
        int existing = data.Schema.IndexOf(name);
        if (existing >= 0)
        {
            if (!data.Schema.Columns[existing].IsDerived)
                throw _binder.Error(PortraitDbErrorKind.Binding, $"table '{tableName}' already has a column '{name}' that is not a tag", nameSyntax.Span);
            if (!orReplace)
                throw _binder.Error(PortraitDbErrorKind.Binding, $"tag '{name}' already exists on table '{tableName}'; use CREATE OR REPLACE TAG to redefine it", nameSyntax.Span);
        }
        var binder = runner.CreateBinder();
        var bound = TagEvaluation.Normalize(binder.Bind(definition, new BindingScope(tableName, null, data), null));
        if (binder.ReadsParameter)
            throw _binder.Error(PortraitDbErrorKind.NotSupported, "a tag's definition cannot use parameters: it is stored and computed again on every write; write the values", definition.Span);
        if (binder.ReadsToday || runner.ReadsToday)
            throw _binder.Error(PortraitDbErrorKind.NotSupported, "a tag's definition cannot use TODAY() or CURRENT_DATE: the stored values would go stale; compare with a DATE literal", definition.Span);
        var type = TagEvaluation.TypeOf(bound)
            ?? throw _binder.Error(PortraitDbErrorKind.Type, $"a tag is a condition or a CASE ... END; this definition gives {ExpressionBinder.TypeName(bound.Kind)}", definition.Span);
        if (bound is BoundCase branches && !TagEvaluation.HasConstantResults(branches))
            throw _binder.Error(PortraitDbErrorKind.NotSupported, "the THEN and ELSE values of a tag must be constants (labels or numbers)", definition.Span);
        var reads = bound.Columns().Select(ordinal => data.Schema.Columns[ordinal].Name).ToList();
        List<string> dependents = [];
        if (existing >= 0)
        {
            if (reads.Contains(name, StringComparer.OrdinalIgnoreCase))
                throw _binder.Error(PortraitDbErrorKind.Binding, $"tag '{name}' cannot read itself", definition.Span);
            var tags = TagMaintenance.BindTags(database, tableName, data, cancellationToken, skipBroken: true);
            dependents = [.. TagMaintenance.Dependents(tags, data.Schema, [name])];
            if (dependents.FirstOrDefault(dependent => reads.Contains(dependent, StringComparer.OrdinalIgnoreCase)) is { } cycle)
                throw _binder.Error(PortraitDbErrorKind.Binding, $"tag '{name}' cannot read '{cycle}', which reads '{name}'", definition.Span);
            data.DropColumn(existing);
        }
        // A redefined tag keeps its place among the columns.
        int ordinal = existing >= 0 ? existing : position ?? data.Schema.Columns.Count;
        data.AddColumn(new ColumnDefinition(name, type, IsKey: false, Derivation: derivation), ordinal);
        // Bound again: dropping the old column moved the ordinals after it (the subqueries' answers are kept).
        bound = TagEvaluation.Normalize(runner.CreateBinder().Bind(definition, new BindingScope(tableName, null, data), null));
        List<ColumnValues> values;
        try
        {
            values = TagEvaluation.Evaluate(data, bound, type, data.LiveRows, cancellationToken);
            data.SetValues(ordinal, data.LiveRows, values);
            if (dependents.Count > 0)
                TagMaintenance.Recompute(database, tableName, data, data.LiveRows, dependents.ToHashSet(StringComparer.OrdinalIgnoreCase), cancellationToken);
        }
        catch (Exception error) when (error is PortraitDbException and not QueryException or OverflowException or FormatException)
        {
            throw _binder.Error(error is PortraitDbException known ? known.Kind : PortraitDbErrorKind.Type, error.Message.TrimEnd('.'), statementSpan);
        }
        return values;
    }

    /// <summary>
    /// Adds a tag whose definition the engine wrote (RFM scores): bound, added and computed like CREATE TAG, at
    /// <paramref name="position"/> (the end when null).
    /// </summary>
    private List<ColumnValues> DefineGeneratedTag(TableData data, string tableName, string name, string derivation, TextSpan statementSpan, int? position)
    {
        var runner = new SubqueryRunner(database, derivation, null, _binder.Today, Versions(tableName, data), cancellationToken);
        return DefineTag(data, tableName, new IdentifierSyntax(name, statementSpan), Parser.ParseExpression(derivation), derivation, runner, orReplace: true, statementSpan, position);
    }

    private QueryResult DropTag(DropTagSyntax drop)
    {
        string name = drop.Name.Name;
        Table table;
        if (drop.Table is { } tableName)
        {
            table = new SelectBinder(_binder, database).ResolveTable(tableName);
            int ordinal = table.Schema.IndexOf(name);
            if (ordinal < 0)
            {
                if (drop.IfExists)
                    return QueryResult.Statement($"no tag '{name}' on '{table.Name}'");
                throw _binder.Error(PortraitDbErrorKind.Binding, $"table '{table.Name}' has no tag '{name}'{ExpressionBinder.Suggest(name, TagNames(table))}", drop.Name.Span);
            }
            if (!table.Schema.Columns[ordinal].IsDerived)
                throw _binder.Error(PortraitDbErrorKind.Binding, $"column '{name}' of table '{table.Name}' is not a tag; drop it with ALTER TABLE {table.Name} DROP COLUMN {name}", drop.Name.Span);
        }
        else
        {
            var owners = database.Tables.Where(candidate => TagNames(candidate).Contains(name, StringComparer.OrdinalIgnoreCase)).ToList();
            if (owners.Count == 0)
            {
                if (drop.IfExists)
                    return QueryResult.Statement($"no tag '{name}'");
                throw _binder.Error(PortraitDbErrorKind.Binding, $"no table has a tag '{name}'{ExpressionBinder.Suggest(name, database.Tables.SelectMany(TagNames))}", drop.Name.Span);
            }
            if (owners.Count > 1)
                throw _binder.Error(PortraitDbErrorKind.Binding, $"tables {string.Join(" and ", owners.Select(owner => $"'{owner.Name}'"))} both have a tag '{name}'; say which with DROP TAG {name} ON table", drop.Name.Span);
            table = owners[0];
        }
        using var transaction = table.BeginTransaction();
        var data = transaction.Snapshot.Data;
        RefuseDependents(data, table.Name, name, drop.Name.Span);
        transaction.DropColumn(name);
        CommitWrite(transaction, drop.Span);
        return QueryResult.Statement($"dropped tag '{name}' from '{table.Name}'");
    }

    private static IEnumerable<string> TagNames(Table table) => table.Schema.Columns.Where(column => column.IsDerived).Select(column => column.Name);

    /// <summary>Refuses to drop a column that a tag reads (tags that no longer bind are not in the way).</summary>
    private void RefuseDependents(TableData data, string tableName, string column, TextSpan span)
    {
        var tags = TagMaintenance.BindTags(database, tableName, data, cancellationToken, skipBroken: true);
        var readers = TagMaintenance.Dependents(tags, data.Schema, [column]);
        if (readers.Count > 0)
        {
            var names = readers.Order(StringComparer.OrdinalIgnoreCase).Select(reader => $"'{reader}'").ToList();
            string who = names.Count == 1 ? $"tag {names[0]} reads" : $"tags {string.Join(", ", names.SkipLast(1))} and {names[^1]} read";
            throw _binder.Error(PortraitDbErrorKind.Constraint, $"{who} '{column}'; drop or redefine {(names.Count == 1 ? "it" : "them")} first", span);
        }
    }

    private QueryResult ShowTags(ShowTagsSyntax show)
    {
        var tables = show.Table is { } name ? [new SelectBinder(_binder, database).ResolveTable(name)] : database.Tables;
        var rows = new List<object?[]>();
        foreach (var table in tables)
        {
            var data = table.GetSnapshot().Data;
            foreach (var column in data.Schema.Columns.Where(column => column.IsDerived))
            {
                var counts = RunInternalQuery(
                    $"SELECT {SyntaxFacts.QuoteIdentifier(column.Name)}, COUNT(*) FROM {SyntaxFacts.QuoteIdentifier(table.Name)} GROUP BY 1",
                    Versions(table.Name, data));
                var ordered = counts.Rows.OrderByDescending(row => (long)row[1]!).ThenBy(row => row[0] is null).ThenBy(row => QueryResult.FormatValue(row[0]), StringComparer.Ordinal).ToList();
                string values = string.Join(", ", ordered.Take(ShownTagValues).Select(row => $"{QueryResult.FormatValue(row[0])} {(long)row[1]!:N0}"));
                if (ordered.Count > ShownTagValues)
                    values += $", … ({ordered.Count:N0} values)";
                rows.Add([column.Name, table.Name, column.Type.ToString(), column.Derivation, values]);
            }
        }
        return new QueryResult(
            [new ResultColumn("tag", ColumnType.Text), new ResultColumn("table", ColumnType.Text), new ResultColumn("type", ColumnType.Text),
             new ResultColumn("definition", ColumnType.Text), new ResultColumn("values", ColumnType.Text)], rows);
    }

    private QueryResult AlterTable(AlterTableSyntax alter)
    {
        var table = new SelectBinder(_binder, database).ResolveTable(alter.Table);
        using var transaction = table.BeginTransaction();
        var data = transaction.Snapshot.Data;
        if (alter.Added is { } added)
        {
            string name = added.Name.Name;
            if (data.Schema.IndexOf(name) >= 0)
            {
                if (alter.IfClause)
                    return QueryResult.Statement($"table '{table.Name}' already has a column '{name}'");
                throw _binder.Error(PortraitDbErrorKind.Binding, $"table '{table.Name}' already has a column '{name}'", added.Name.Span);
            }
            if (added.IsKey)
                throw _binder.Error(PortraitDbErrorKind.NotSupported, "a KEY column cannot be added; a table's key is chosen when it is created", added.Span);
            transaction.AddColumn(new ColumnDefinition(name, added.Type.Type));
            CommitWrite(transaction, alter.Span);
            return QueryResult.Statement($"added column '{name}' {added.Type.Type} to '{table.Name}'");
        }
        var dropped = alter.Dropped!;
        int ordinal = data.Schema.IndexOf(dropped.Name);
        if (ordinal < 0)
        {
            if (alter.IfClause)
                return QueryResult.Statement($"table '{table.Name}' has no column '{dropped.Name}'");
            throw _binder.Error(PortraitDbErrorKind.Binding,
                $"unknown column '{dropped.Name}' in table '{table.Name}'{ExpressionBinder.Suggest(dropped.Name, data.Schema.Columns.Select(column => column.Name))}", dropped.Span);
        }
        if (data.Schema.Columns[ordinal].IsKey)
            throw _binder.Error(PortraitDbErrorKind.NotSupported, $"column '{dropped.Name}' is the table's KEY and cannot be dropped", dropped.Span);
        if (data.Schema.Columns.Count == 1)
            throw _binder.Error(PortraitDbErrorKind.NotSupported, $"column '{dropped.Name}' is the table's only column; drop the table instead", dropped.Span);
        RefuseDependents(data, table.Name, data.Schema.Columns[ordinal].Name, dropped.Span);
        transaction.DropColumn(dropped.Name);
        CommitWrite(transaction, alter.Span);
        return QueryResult.Statement($"dropped column '{dropped.Name}' from '{table.Name}'");
    }

    // ---- TIERS ----

    /// <summary>
    /// The CASE a TIERS definition stands for, with its cut points computed now: <c>CASE WHEN m &gt;= c2 THEN 'high'
    /// WHEN m &gt;= c1 THEN 'middle' WHEN m IS NOT NULL THEN 'low' END</c>. Quantile cut points are fixed when the tag is
    /// created (later writes place new rows against them); CREATE OR REPLACE TAG cuts again.
    /// </summary>
    private string TiersDerivation(TiersSyntax tiers, TableData data, string tableName)
    {
        var (ordinal, column) = MeasureColumnOf(tiers.Measure, data, tableName, "TIERS");
        if (tiers.Cuts.Count > MaxTierCuts)
            throw _binder.Error(PortraitDbErrorKind.NotSupported, $"TIERS takes at most {MaxTierCuts} cut points", tiers.Cuts[MaxTierCuts].Span);
        var labels = tiers.Labels.Select(label => ConstantString(label, "a tier label")).ToList();
        int tierCount = tiers.Cuts.Count + 1;
        if (labels.Count == 0)
        {
            labels = tierCount switch
            {
                2 => ["low", "high"],
                3 => ["low", "middle", "high"],
                _ => throw _binder.Error(PortraitDbErrorKind.Binding, $"{tierCount} tiers need their names: add LABELS ('...', ...) with {tierCount} labels, lowest first", tiers.Span),
            };
        }
        if (labels.Count != tierCount)
            throw _binder.Error(PortraitDbErrorKind.Binding, $"{tiers.Cuts.Count} cut points make {tierCount} tiers, but {labels.Count} labels were given", tiers.Labels[0].Span);
        if (labels.Distinct(StringComparer.Ordinal).Count() != labels.Count)
            throw _binder.Error(PortraitDbErrorKind.Binding, "the tier labels must differ", tiers.Labels[0].Span);
        var thresholds = new List<string>();
        if (tiers.Quantiles)
        {
            var fractions = new List<(long Numerator, long Denominator)>();
            decimal previous = 0;
            foreach (var cut in tiers.Cuts)
            {
                var value = Constant(cut);
                // Exact as written: 0.8 is 8/10 (a DOUBLE quantile is taken at its decimal value).
                decimal fraction = value.Kind is ValueKind.Integer or ValueKind.Decimal || value.Kind == ValueKind.Real && double.IsFinite(value.Real) ? value.AsDecimal : -1;
                if (!value.IsNumeric || fraction <= previous || fraction >= 1)
                    throw _binder.Error(PortraitDbErrorKind.Type, "QUANTILES are ascending numbers between 0 and 1 (exclusive)", cut.Span);
                previous = fraction;
                long denominator = ValueConversion.PowerOfTen(Math.Min((int)fraction.Scale, ColumnType.MaxDecimalPrecision));
                fractions.Add(((long)decimal.Round(fraction * denominator), denominator));
            }
            var cuts = ColumnQuantiles.Compute(data, ordinal, null, fractions, cancellationToken);
            if (cuts.Length == 0)
                throw _binder.Error(PortraitDbErrorKind.Constraint, $"column '{column.Name}' has no values to cut at quantiles", tiers.Measure.Span);
            foreach (var cut in cuts)
                thresholds.Add(AtLeastLiteral(cut, column.Type));
        }
        else
        {
            Value? previous = null;
            foreach (var cut in tiers.Cuts)
            {
                // Bound as "measure >= cut" so a threshold is checked and converted as that comparison would be.
                var comparison = new BinarySyntax(BinaryOperator.GreaterOrEqual, tiers.Measure, cut, cut.Span, cut.Span);
                if (_binder.Bind(comparison, new BindingScope(tableName, null, data), null) is not BoundBinary { Right: BoundLiteral { Value: var value } } || value.IsNull)
                    throw _binder.Error(PortraitDbErrorKind.Type, "a tier threshold must be a constant", cut.Span);
                if (previous is { } last && Value.Compare(value, last) <= 0)
                    throw _binder.Error(PortraitDbErrorKind.Binding, "tier thresholds must be ascending", cut.Span);
                previous = value;
                thresholds.Add(_binder.TextOf(cut.Span).Trim());
            }
        }
        string measureName = SyntaxFacts.QuoteIdentifier(column.Name);
        var text = new StringBuilder("CASE");
        for (int tier = thresholds.Count - 1; tier >= 0; tier--)
            text.Append($" WHEN {measureName} >= {thresholds[tier]} THEN {SyntaxFacts.QuoteString(labels[tier + 1])}");
        text.Append($" WHEN {measureName} IS NOT NULL THEN {SyntaxFacts.QuoteString(labels[0])} END");
        return text.ToString();
    }

    /// <summary>The column a measure names (a bare column of a number, date or timestamp type).</summary>
    private (int Ordinal, ColumnDefinition Column) MeasureColumnOf(ExpressionSyntax measure, TableData data, string tableName, string statement)
    {
        if (measure is not ColumnSyntax { TableName: null } column)
            throw _binder.Error(PortraitDbErrorKind.NotSupported, $"{statement} measures a column; name one (compute expressions into a column with CREATE TABLE ... AS SELECT)", measure.Span);
        int ordinal = data.Schema.IndexOf(column.ColumnName);
        if (ordinal < 0)
        {
            throw _binder.Error(PortraitDbErrorKind.Binding,
                $"unknown column '{column.ColumnName}' in table '{tableName}'{ExpressionBinder.Suggest(column.ColumnName, data.Schema.Columns.Select(definition => definition.Name))}", column.Span);
        }
        var definition = data.Schema.Columns[ordinal];
        if (!MeasureColumn.IsMeasurable(definition.Type))
            throw _binder.Error(PortraitDbErrorKind.Type, $"{statement} needs a number, date or timestamp column; '{definition.Name}' is {definition.Type}", column.Span);
        return (ordinal, definition);
    }

    /// <summary>A literal for "value &gt;= cut": the smallest stored value that passes, for integral kinds.</summary>
    private static string AtLeastLiteral(QuantileCut cut, ColumnType type) =>
        type.Kind == ColumnKind.Double ? RealLiteral(cut.Real) : UnitsLiteral(cut.Ceiling, type);

    /// <summary>A literal for "value &gt; cut": the largest stored value that does not pass, for integral kinds.</summary>
    private static string AboveLiteral(QuantileCut cut, ColumnType type) =>
        type.Kind == ColumnKind.Double ? RealLiteral(cut.Real) : UnitsLiteral(cut.Floor, type);

    /// <summary>A literal for "value &lt; cut": the smallest stored value that does not pass, for integral kinds.</summary>
    private static string BelowLiteral(QuantileCut cut, ColumnType type) =>
        type.Kind == ColumnKind.Double ? RealLiteral(cut.Real) : UnitsLiteral(cut.Ceiling, type);

    private static string RealLiteral(double value) => double.IsFinite(value)
        ? value.ToString("R", CultureInfo.InvariantCulture)
        : $"CAST('{value.ToString(CultureInfo.InvariantCulture)}' AS DOUBLE)";

    /// <summary>A value in a column's storage units (integers, scaled decimals, days, microseconds) as a SQL literal of that type.</summary>
    private static string UnitsLiteral(long units, ColumnType type) => type.Kind switch
    {
        ColumnKind.Decimal => ValueConversion.DecimalFromScaled(units, type.Scale).ToString(CultureInfo.InvariantCulture),
        ColumnKind.Date => $"DATE '{ValueConversion.DateFromDays((int)units).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}'",
        ColumnKind.Timestamp => $"TIMESTAMP '{ValueConversion.TimestampFromMicroseconds(units).ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture)}'",
        _ => units.ToString(CultureInfo.InvariantCulture),
    };

    // ---- shared ----

    private static Dictionary<string, TableData> Versions(string tableName, TableData data) =>
        new(StringComparer.OrdinalIgnoreCase) { [tableName] = data };

    /// <summary>Runs a query the engine wrote (table versions pinned), e.g. the counts of SHOW TAGS.</summary>
    private QueryResult RunInternalQuery(string sql, IReadOnlyDictionary<string, TableData> versions)
    {
        var binder = new ExpressionBinder(sql, null, _binder.Today);
        var select = (SelectSyntax)Parser.ParseStatement(sql);
        return new SelectExecutor(new SelectBinder(binder, database, versions).Bind(select), cancellationToken).Execute();
    }

    /// <summary>Commits a write; a tag that cannot be computed for the rows written becomes an error at the statement.</summary>
    private void CommitWrite(TableTransaction transaction, TextSpan span)
    {
        try
        {
            transaction.Commit();
        }
        catch (PortraitDbException error) when (error is not QueryException)
        {
            throw _binder.Error(error.Kind, error.Message.TrimEnd('.'), span);
        }
    }

    private QueryException TagWritten(ColumnDefinition column, TextSpan span) => _binder.Error(PortraitDbErrorKind.NotSupported,
        $"column '{column.Name}' is a tag computed from {column.Derivation}; it cannot be written (change the columns it reads, or redefine it with CREATE OR REPLACE TAG)", span);

    private Value Constant(ExpressionSyntax syntax)
    {
        var bound = _binder.Bind(syntax, null, null);
        return bound is BoundLiteral literal ? literal.Value : throw _binder.Error(PortraitDbErrorKind.Type, "expected a constant", syntax.Span);
    }

    private string ConstantString(ExpressionSyntax syntax, string what)
    {
        var value = Constant(syntax);
        return value.Kind == ValueKind.Text ? value.AsText : throw _binder.Error(PortraitDbErrorKind.Type, $"{what} must be a string", syntax.Span);
    }

    /// <summary>"true 483, false 410, NULL 50": the rows per value written to a tag, most frequent first.</summary>
    private static string CountsText(List<ColumnValues> values, long liveRows, ColumnType type)
    {
        var parts = values.Select(value => (Text: CellText(value.Value, type), Count: value.Rows.Cardinality)).OrderByDescending(part => part.Count).ThenBy(part => part.Text, StringComparer.Ordinal).ToList();
        long nulls = liveRows - parts.Sum(part => part.Count);
        var shown = parts.Take(ShownTagValues).Select(part => $"{part.Text} {part.Count:N0}").ToList();
        if (parts.Count > ShownTagValues)
            shown.Add($"… ({parts.Count:N0} values)");
        if (nulls > 0)
            shown.Add($"NULL {nulls:N0}");
        return shown.Count == 0 ? "no rows" : string.Join(", ", shown);
    }

    private static string CellText(Cell cell, ColumnType type) => type.Kind switch
    {
        ColumnKind.Category or ColumnKind.Text => cell.Text!,
        ColumnKind.Bool => cell.Integer != 0 ? "true" : "false",
        ColumnKind.Double => cell.Real.ToString("R", CultureInfo.InvariantCulture),
        ColumnKind.Decimal => ValueConversion.DecimalFromScaled(cell.Integer, type.Scale).ToString(CultureInfo.InvariantCulture),
        ColumnKind.Date or ColumnKind.Timestamp => UnitsLiteral(cell.Integer, type),
        _ => cell.Integer.ToString(CultureInfo.InvariantCulture),
    };
}
