using System.Globalization;
using System.Text;
using PortraitDb.Bitmaps;
using PortraitDb.Portrait;
using PortraitDb.Query.Binding;
using PortraitDb.Query.Planning;
using PortraitDb.Query.Syntax;
using PortraitDb.Storage;

namespace PortraitDb.Query.Execution;

/// <summary>
/// RFM and PARETO. RFM scores recency, frequency and monetary value 1..n by quantile cut points (higher is better, so a
/// recent order scores high) into three INT tags, and puts each customer into one of eight segments (high or low R, F
/// and M against the mean score) in two CATEGORY tags, English and Chinese. Scores are built from range scans of the
/// measures and segments by bitmap algebra over the score bitmaps; each column keeps its definition, with the cut
/// points fixed when RFM ran, so later writes score new rows against them. PARETO reports how concentrated a measure is.
/// </summary>
internal sealed partial class StatementExecutor
{
    private const int DefaultRfmScores = 5;
    private const int MaxRfmScores = 10;
    private static readonly string[] RfmArguments = ["recency", "frequency", "monetary", "as_of"];

    private QueryResult Rfm(RfmSyntax rfm)
    {
        var table = new SelectBinder(_binder, database).ResolveTable(rfm.Table);
        var arguments = new Dictionary<string, RfmArgumentSyntax>(StringComparer.OrdinalIgnoreCase);
        foreach (var argument in rfm.Arguments)
        {
            string name = argument.Name.Name;
            if (!RfmArguments.Contains(name, StringComparer.OrdinalIgnoreCase))
                throw _binder.Error(PortraitDbErrorKind.Binding, $"unknown RFM argument '{name}'{ExpressionBinder.Suggest(name, RfmArguments)}; RFM takes recency, frequency, monetary and as_of", argument.Name.Span);
            if (!arguments.TryAdd(name, argument))
                throw _binder.Error(PortraitDbErrorKind.Binding, $"RFM argument '{name}' is given twice", argument.Name.Span);
        }
        foreach (string required in RfmArguments[..3])
        {
            if (!arguments.ContainsKey(required))
                throw _binder.Error(PortraitDbErrorKind.Binding, $"RFM needs {required} = <column> (recency, frequency and monetary name the customer's last order date, order count and spend)", rfm.Span);
        }
        int scores = DefaultRfmScores;
        if (rfm.Scores is { } scoresSyntax)
        {
            var value = Constant(scoresSyntax);
            if (value.Kind != ValueKind.Integer || value.Integer is < 2 or > MaxRfmScores)
                throw _binder.Error(PortraitDbErrorKind.Type, $"SCORES takes a whole number from 2 to {MaxRfmScores}", scoresSyntax.Span);
            scores = (int)value.Integer;
        }

        using var transaction = table.BeginTransaction();
        var data = transaction.Snapshot.Data;
        var (_, recency) = MeasureColumnOf(arguments["recency"].Value, data, table.Name, "RFM recency");
        var (_, frequency) = MeasureColumnOf(arguments["frequency"].Value, data, table.Name, "RFM frequency");
        var (_, monetary) = MeasureColumnOf(arguments["monetary"].Value, data, table.Name, "RFM monetary");
        foreach (var (name, column, syntax) in new[] { ("frequency", frequency, arguments["frequency"]), ("monetary", monetary, arguments["monetary"]) })
        {
            if (column.Type.Kind is ColumnKind.Date or ColumnKind.Timestamp)
                throw _binder.Error(PortraitDbErrorKind.Type, $"RFM {name} needs a number column; '{column.Name}' is {column.Type}", syntax.Value.Span);
        }
        foreach (var (column, syntax) in new[] { (recency, arguments["recency"]), (frequency, arguments["frequency"]), (monetary, arguments["monetary"]) })
        {
            if (RfmSegment.Columns.Contains(column.Name, StringComparer.OrdinalIgnoreCase))
                throw _binder.Error(PortraitDbErrorKind.Binding, $"'{column.Name}' is a column RFM writes; measure the customers' own columns", syntax.Value.Span);
        }
        bool recencyIsDate = recency.Type.Kind is ColumnKind.Date or ColumnKind.Timestamp;
        int? asOf = null;
        if (arguments.TryGetValue("as_of", out var asOfSyntax))
        {
            if (!recencyIsDate)
                throw _binder.Error(PortraitDbErrorKind.Binding, $"as_of applies to a DATE or TIMESTAMP recency; '{recency.Name}' is {recency.Type}, read as days since the last order", asOfSyntax.Name.Span);
            var value = Constant(asOfSyntax.Value);
            asOf = value.Kind switch
            {
                ValueKind.Date => (int)value.Integer,
                ValueKind.Timestamp => (int)Math.Floor(value.Integer / (double)Value.MicrosecondsPerDay),
                ValueKind.Text => ParseDateAt(value.AsText, asOfSyntax.Value.Span),
                _ => throw _binder.Error(PortraitDbErrorKind.Type, "as_of takes a date, e.g. DATE '1998-07-01'", asOfSyntax.Value.Span),
            };
        }

        // Re-running RFM replaces its columns; tags that read them are recomputed at the end.
        foreach (string output in RfmSegment.Columns)
        {
            int existing = data.Schema.IndexOf(output);
            if (existing >= 0 && !data.Schema.Columns[existing].IsDerived)
                throw _binder.Error(PortraitDbErrorKind.Binding, $"table '{table.Name}' has a column '{output}' that RFM did not make; RFM writes {string.Join(", ", RfmSegment.Columns)}", rfm.Table.Span);
        }
        var tags = TagMaintenance.BindTags(database, table.Name, data, cancellationToken, skipBroken: true);
        var dependents = TagMaintenance.Dependents(tags, data.Schema, RfmSegment.Columns.Where(output => data.Schema.IndexOf(output) >= 0));
        dependents.ExceptWith(RfmSegment.Columns);
        // Dropped now and added back where they were (new ones at the end), so a re-run keeps the columns' order.
        var places = RfmSegment.Columns.Select(output => (Name: output, Ordinal: data.Schema.IndexOf(output))).Where(place => place.Ordinal >= 0).OrderByDescending(place => place.Ordinal).ToList();
        foreach (var (_, ordinal) in places)
            data.DropColumn(ordinal);
        int? Place(string output) => places.FirstOrDefault(place => place.Name == output) is { Name: not null } found ? found.Ordinal : null;

        var fractions = Enumerable.Range(1, scores - 1).Select(step => ((long)step, (long)scores)).ToList();
        // Ordinals by name: dropping RFM's old columns may have moved the measures.
        QuantileCut[] Cuts(ColumnDefinition column, ExpressionSyntax syntax)
        {
            int ordinal = data.Schema.IndexOf(column.Name);
            // The last cut point asked for is the largest value: as_of defaults to the most recent order.
            var cuts = ColumnQuantiles.Compute(data, ordinal, null, [.. fractions, (1L, 1L)], cancellationToken);
            if (cuts.Length == 0)
                throw _binder.Error(PortraitDbErrorKind.Constraint, $"column '{column.Name}' has no values to score", syntax.Span);
            if (column == recency && asOf is null && recencyIsDate)
                asOf = column.Type.Kind == ColumnKind.Date ? (int)cuts[^1].Low : (int)Math.Floor(cuts[^1].Low / (double)Value.MicrosecondsPerDay);
            return cuts[..^1];
        }
        var recencyCuts = Cuts(recency, arguments["recency"].Value);
        var frequencyCuts = Cuts(frequency, arguments["frequency"].Value);
        var monetaryCuts = Cuts(monetary, arguments["monetary"].Value);
        var r = DefineGeneratedTag(data, table.Name, "r_score", ScoreDerivation(recency, recencyCuts, scores, lowerIsBetter: !recencyIsDate), rfm.Span, Place("r_score"));
        var f = DefineGeneratedTag(data, table.Name, "f_score", ScoreDerivation(frequency, frequencyCuts, scores, lowerIsBetter: false), rfm.Span, Place("f_score"));
        var m = DefineGeneratedTag(data, table.Name, "m_score", ScoreDerivation(monetary, monetaryCuts, scores, lowerIsBetter: false), rfm.Span, Place("m_score"));
        var (highR, lowR, meanR, floorR) = Split(r);
        var (highF, lowF, meanF, floorF) = Split(f);
        var (highM, lowM, meanM, floorM) = Split(m);
        var english = new List<ColumnValues>();
        var chinese = new List<ColumnValues>();
        var englishText = new StringBuilder("CASE");
        var chineseText = new StringBuilder("CASE");
        var segmentRows = new List<RoaringBitmap>();
        foreach (var segment in RfmSegment.All)
        {
            var rows = RoaringBitmap.AndMany(segment.HighRecency ? highR : lowR, segment.HighFrequency ? highF : lowF, segment.HighMonetary ? highM : lowM);
            segmentRows.Add(rows);
            string condition = $" WHEN r_score {(segment.HighRecency ? ">" : "<=")} {floorR} AND f_score {(segment.HighFrequency ? ">" : "<=")} {floorF}"
                + $" AND m_score {(segment.HighMonetary ? ">" : "<=")} {floorM} THEN ";
            englishText.Append(condition).Append(SyntaxFacts.QuoteString(segment.English));
            chineseText.Append(condition).Append(SyntaxFacts.QuoteString(segment.Chinese));
            if (rows.IsEmpty)
                continue;
            english.Add(new ColumnValues(Cell.FromText(segment.English), rows));
            chinese.Add(new ColumnValues(Cell.FromText(segment.Chinese), rows));
        }
        // The means, for whoever reads the definition: high is a score above the mean, which for whole scores is above its floor.
        string means = string.Create(CultureInfo.InvariantCulture, $" /* mean scores: R {meanR:0.###}, F {meanF:0.###}, M {meanM:0.###} */");
        AddFilledTag(data, "rfm_segment", englishText.Append(" END").Append(means).ToString(), english, Place("rfm_segment"));
        AddFilledTag(data, "rfm_segment_zh", chineseText.Append(" END").Append(means).ToString(), chinese, Place("rfm_segment_zh"));
        if (dependents.Count > 0)
            TagMaintenance.Recompute(database, table.Name, data, data.LiveRows, dependents, cancellationToken);
        CommitWrite(transaction, rfm.Span);
        return RfmSummary(table.Name, data, segmentRows, [.. new[] { recency, frequency, monetary }.Select(column => data.Schema.IndexOf(column.Name))], recencyIsDate, asOf);
    }

    private int ParseDateAt(string text, TextSpan span)
    {
        try
        {
            return ExpressionEvaluator.ParseDate(text);
        }
        catch (PortraitDbException error)
        {
            throw _binder.Error(PortraitDbErrorKind.Type, error.Message.TrimEnd('.'), span);
        }
    }

    /// <summary>
    /// The score of a measure as a CASE over its column: n for values above the last cut point, down to 1 for values at
    /// or below the first (for a lower-is-better measure, days since the last order, the other way round), NULL for NULL.
    /// </summary>
    private static string ScoreDerivation(ColumnDefinition column, QuantileCut[] cuts, int scores, bool lowerIsBetter)
    {
        string name = SyntaxFacts.QuoteIdentifier(column.Name);
        var text = new StringBuilder("CASE");
        if (lowerIsBetter)
        {
            for (int cut = 0; cut < cuts.Length; cut++)
                text.Append($" WHEN {name} < {BelowLiteral(cuts[cut], column.Type)} THEN {scores - cut}");
        }
        else
        {
            for (int cut = cuts.Length - 1; cut >= 0; cut--)
                text.Append($" WHEN {name} > {AboveLiteral(cuts[cut], column.Type)} THEN {cut + 2}");
        }
        return text.Append($" WHEN {name} IS NOT NULL THEN 1 END").ToString();
    }

    /// <summary>The rows with a score above the mean score and those at or below it, the mean, and its floor (scores are whole).</summary>
    private static (RoaringBitmap High, RoaringBitmap Low, double Mean, long Floor) Split(List<ColumnValues> scores)
    {
        long total = scores.Sum(score => score.Value.Integer * score.Rows.Cardinality);
        long count = scores.Sum(score => score.Rows.Cardinality);
        double mean = count == 0 ? 0 : total / (double)count;
        // Exact: score > mean ⇔ score > ⌊mean⌋ for a whole score, and ⌊total / count⌋ is computed in integers.
        long floor = count == 0 ? 0 : (long)Math.Floor(total / (decimal)count);
        var high = scores.Where(score => score.Value.Integer > floor).Select(score => score.Rows).ToArray();
        var low = scores.Where(score => score.Value.Integer <= floor).Select(score => score.Rows).ToArray();
        return (RoaringBitmap.OrMany(high), RoaringBitmap.OrMany(low), mean, floor);
    }

    /// <summary>Adds a tag whose values were computed by bitmap algebra rather than by evaluating its definition.</summary>
    private static void AddFilledTag(TableData data, string name, string derivation, List<ColumnValues> values, int? position)
    {
        int ordinal = position ?? data.Schema.Columns.Count;
        data.AddColumn(new ColumnDefinition(name, ColumnType.Category, IsKey: false, Derivation: derivation), ordinal);
        data.SetValues(ordinal, data.LiveRows, values);
    }

    /// <summary>The summary RFM returns: per segment its customers, share and mean recency (in days), frequency and spend.</summary>
    private QueryResult RfmSummary(string tableName, TableData data, IReadOnlyList<RoaringBitmap> segments, int[] measures, bool recencyIsDate, int? asOf)
    {
        var groups = GroupMeans.Compute(data, segments, measures, cancellationToken);
        long scored = groups.Sum(group => group.Rows);
        var rows = new List<object?[]>();
        for (int index = 0; index < RfmSegment.All.Count; index++)
        {
            var segment = RfmSegment.All[index];
            var (customers, means) = groups[index];
            double? recency = means[0];
            if (recencyIsDate && recency is { } mean)
            {
                // Days since the last order, against as_of: a date's mean is a day number, a timestamp's in microseconds.
                double days = data.Schema.Columns[measures[0]].Type.Kind == ColumnKind.Timestamp ? mean / Value.MicrosecondsPerDay : mean;
                recency = asOf!.Value - days;
            }
            rows.Add([segment.English, segment.Chinese, customers, scored == 0 ? null : customers / (double)scored, recency, means[1], means[2]]);
        }
        return new QueryResult(
            [new ResultColumn("segment", ColumnType.Text), new ResultColumn("segment_zh", ColumnType.Text), new ResultColumn("customers", ColumnType.Int64),
             new ResultColumn("share", ColumnType.Double), new ResultColumn("avg_recency_days", ColumnType.Double),
             new ResultColumn("avg_frequency", ColumnType.Double), new ResultColumn("avg_monetary", ColumnType.Double)],
            rows, $"scored {scored:N0} customers of '{tableName}'", scored);
    }

    // ---- PARETO ----

    private const double ParetoShare = 0.8;

    private QueryResult Pareto(ParetoSyntax pareto)
    {
        var table = new SelectBinder(_binder, database).ResolveTable(pareto.Table);
        var data = table.GetSnapshot().Data;
        var (ordinal, column) = MeasureColumnOf(pareto.Measure, data, table.Name, "PARETO");
        if (column.Type.Kind is ColumnKind.Date or ColumnKind.Timestamp)
            throw _binder.Error(PortraitDbErrorKind.Type, $"PARETO needs a number column; '{column.Name}' is {column.Type}", pareto.Measure.Span);
        RoaringBitmap? rows = null;
        if (pareto.Where is { } where)
        {
            var condition = _binder.Bind(where, new BindingScope(table.Name, null, data), null);
            if (condition.Kind is not (ValueKind.Bool or ValueKind.Null))
                throw _binder.Error(PortraitDbErrorKind.Type, $"WHERE needs a condition, not {ExpressionBinder.TypeName(condition.Kind)}", where.Span);
            rows = new FilterExecutor(data, cancellationToken).Evaluate(new FilterPlanner(data).Plan(condition));
        }
        var measure = MeasureColumn.Gather(data, ordinal, rows, cancellationToken);
        var points = ParetoCurve.Compute(measure, ParetoShare, column.Name);
        long customers = measure.Count;
        double total = points.Count == 0 ? 0 : Convert.ToDouble(points[^1].Sum, CultureInfo.InvariantCulture);
        var type = measure.IsReal ? ColumnType.Double : column.Type.Kind == ColumnKind.Decimal ? ColumnType.Decimal(ColumnType.MaxDecimalPrecision, column.Type.Scale) : ColumnType.Decimal(ColumnType.MaxDecimalPrecision, 0);
        var result = points.Select(point => new object?[]
        {
            point.Label,
            point.Customers,
            customers == 0 ? null : point.Customers / (double)customers,
            point.Sum,
            total == 0 ? null : Convert.ToDouble(point.Sum, CultureInfo.InvariantCulture) / total,
        }).ToList();
        return new QueryResult(
            [new ResultColumn("point", ColumnType.Text), new ResultColumn("customers", ColumnType.Int64), new ResultColumn("customer_share", ColumnType.Double),
             new ResultColumn(column.Name, type), new ResultColumn($"{column.Name}_share", ColumnType.Double)],
            result);
    }
}
