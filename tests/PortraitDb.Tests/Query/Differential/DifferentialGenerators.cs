using FsCheck;
using FsCheck.Fluent;

namespace PortraitDb.Tests.Query.Differential;

/// <summary>
/// FsCheck generators for the differential test: schemas, tables (rows, load mode, mutations), WHERE conditions
/// nested up to depth 3, and queries (counts, GROUP BY with aggregates and HAVING, listings, DISTINCT).
/// </summary>
public static class DifferentialGenerators
{
    private const int MaxDepth = 3;

    private static readonly string[][] CategoryFamilies =
    [
        ["北京", "上海", "广州", "深圳", "杭州", "成都", "o'hare", "Zürich"],
        ["female", "male", "other", "Female", ""],
        ["apple", "huawei", "xiaomi", "oppo", "vivo", "honor", "apple ", "APPLE"],
    ];

    private static readonly string[] CategoryNames = ["city", "gender", "brand"];
    private static readonly string[] TagFamily = ["music", "travel", "sports", "美食", "pets", "games", "books", "art"];
    private static readonly string[] ForeignText = ["Atlantis", "北", "zzz", "", "A", "appl", "o'"];
    private static readonly string[] GhostValues = ["ghost-1", "ghost-2", "ghost-3", "ghost-4", "ghost-5", "ghost-6", "ghost-7", "ghost-8", "ghost-9"];

    private static readonly object[] KeySpecials = ["c0000000", "c9999999", "c5", "", "d", "c"];
    private static readonly object[] IntSpecials = [0L, -1L, 1L, 17L, 100L, (long)int.MaxValue, (long)int.MinValue, 3_000_000_000L, -3_000_000_000L, 25.5m, -0.5m];
    private static readonly object[] BigIntSpecials = [0L, -1L, long.MaxValue, long.MinValue, 9_007_199_254_740_993L, 9_007_199_254_740_992L, 999_999_999_999L, 12.5m, -999.5m];
    private static readonly object[] DoubleSpecials = [0.0, -0.25, 0.1, 0.125, 1e15, -1000.0, 2.5m, 0L, -0.0, 1e-7];
    private static readonly object[] DecimalSpecials = [0m, 12.345m, -0.005m, 99_999_999.99m, 100_000_000m, 1000.5m, 5L, 0.01m];
    private static readonly object[] DateSpecials = [new DateOnly(1970, 1, 1), new DateOnly(1969, 12, 31), DateOnly.MinValue, DateOnly.MaxValue, new DateOnly(2020, 2, 29), new DateOnly(2021, 6, 15)];

    private static readonly CompareOp[] AllOps = Enum.GetValues<CompareOp>();

    private static Gen<int> Seed => Gen.Choose(0, int.MaxValue);

    private static Gen<bool> Chance(int inTen) => Gen.Choose(0, 9).Select(draw => draw < inTen);

    // ---------------- Schemas and tables ----------------

    public static Gen<ModelSchema> Schema =>
        from categories in Gen.Choose(1, 3)
        from present in Gen.ArrayOf(Chance(8), 7)
        from nullRates in Gen.ArrayOf(Gen.Frequency((3, Gen.Constant(0.0)), (4, Gen.Constant(0.1)), (2, Gen.Constant(0.4)), (1, Gen.Constant(1.0))), 11)
        from domains in Gen.ArrayOf(Gen.Choose(0, 1), 11)
        from seed in Seed
        select BuildSchema(categories, present, nullRates, domains, new Random(seed));

    private static ModelSchema BuildSchema(int categories, bool[] present, double[] nullRates, int[] domains, Random random)
    {
        var specs = new List<(string Name, ModelKind Kind, string[] Values, string[] Unused)> { ("id", ModelKind.Key, [], []) };
        for (int index = 0; index < categories; index++)
        {
            var family = CategoryFamilies[index].OrderBy(_ => random.Next()).ToArray();
            int used = random.Next(1, family.Length + 1);
            specs.Add((CategoryNames[index], ModelKind.Category, family[..used], family[used..]));
        }
        (string Name, ModelKind Kind)[] optional =
            [("vip", ModelKind.Bool), ("age", ModelKind.Int), ("visits", ModelKind.BigInt), ("score", ModelKind.Double),
             ("spend", ModelKind.Decimal), ("joined", ModelKind.Date), ("interests", ModelKind.Tags)];
        for (int index = 0; index < optional.Length; index++)
        {
            if (!present[index])
                continue;
            if (optional[index].Kind == ModelKind.Tags)
            {
                var tags = TagFamily.OrderBy(_ => random.Next()).ToArray();
                int used = random.Next(1, tags.Length + 1);
                specs.Add((optional[index].Name, ModelKind.Tags, tags[..used], tags[used..]));
            }
            else
            {
                specs.Add((optional[index].Name, optional[index].Kind, [], []));
            }
        }
        var ordered = specs.OrderBy(_ => random.Next()).ToList();
        return new ModelSchema([.. ordered.Select((spec, ordinal) => new ModelColumn(
            ordinal, spec.Name, spec.Kind, spec.Values, spec.Unused,
            spec.Kind == ModelKind.Key ? 0 : nullRates[ordinal], domains[ordinal]))]);
    }

    /// <summary>Row counts of the many small cases: empty, one row, a few, hundreds, thousands.</summary>
    public static Gen<int> SmallRowCounts => Gen.Frequency(
        (1, Gen.Constant(0)),
        (1, Gen.Constant(1)),
        (3, Gen.Choose(2, 16)),
        (4, Gen.Choose(17, 300)),
        (2, Gen.Choose(301, 3_000)),
        (1, Gen.Choose(3_001, 12_000)));

    public static Gen<TableCase> Table(Gen<int> rowCounts) =>
        from schema in Schema
        from rowCount in rowCounts
        from seed in Seed
        from load in rowCount <= 300
            ? Gen.Frequency((6, Gen.Constant(LoadMode.Appender)), (2, Gen.Constant(LoadMode.Transaction)), (2, Gen.Constant(LoadMode.Sql)))
            : Gen.Frequency((6, Gen.Constant(LoadMode.Appender)), (2, Gen.Constant(LoadMode.Transaction)))
        from commitEvery in Gen.Frequency((2, Gen.Choose(1, 64)), (1, Gen.Choose(65, 5_000)), (3, Gen.Constant(int.MaxValue)))
        let rows = InitialRows(schema, rowCount, new Random(seed))
        from mutations in Mutations(schema, rows)
        select new TableCase(schema, rows, load, load == LoadMode.Sql ? Math.Min(commitEvery, 100) : commitEvery, mutations);

    private static List<object?[]> InitialRows(ModelSchema schema, int count, Random random)
    {
        int offset = random.Next(1_000_003);
        var rows = new List<object?[]>(count);
        for (int index = 0; index < count; index++)
            rows.Add(ValueFactory.Row(schema, ValueFactory.InitialKey(index, offset), random));
        return rows;
    }

    public static Gen<Mutation[]> Mutations(ModelSchema schema, IReadOnlyList<object?[]> rows) =>
        from count in Gen.Frequency((2, Gen.Constant(0)), (5, Gen.Choose(1, 8)), (1, Gen.Choose(9, 40)))
        from mutations in Gen.ArrayOf(Mutation(schema, rows), count)
        select mutations;

    private static Gen<string> KeyOf(ModelSchema schema, IReadOnlyList<object?[]> rows)
    {
        var fresh = Gen.Choose(0, 99).Select(number => $"n{number:D5}");
        if (rows.Count == 0)
            return fresh;
        var existing = Gen.Choose(0, rows.Count - 1).Select(index => (string)rows[index][schema.Key.Ordinal]!);
        return Gen.Frequency((4, existing), (1, fresh));
    }

    private static Gen<Mutation> Mutation(ModelSchema schema, IReadOnlyList<object?[]> rows)
    {
        var keys = KeyOf(schema, rows);
        var pools = LiteralPools.From(schema, rows);
        var delete = keys.Select(key => (Mutation)new DeleteKey(key));
        var upsert = from key in keys from seed in Seed select (Mutation)new UpsertRow(ValueFactory.Row(schema, key, new Random(seed)));
        var update =
            from key in keys
            from column in Gen.Frequency((12, Gen.Elements(schema.Columns.Where(column => column.Kind != ModelKind.Key).DefaultIfEmpty(schema.Key))), (1, Gen.Constant(schema.Key)))
            from renamed in keys
            from seed in Seed
            select (Mutation)new UpdateCell(key, column, column.Kind == ModelKind.Key ? renamed : ValueFactory.Next(column, new Random(seed)));
        var rolledBack =
            from count in Gen.Choose(1, 5)
            from seed in Seed
            from deletes in Gen.ArrayOf(keys, 2)
            from viaAppender in Chance(5)
            select (Mutation)new RolledBack(GhostRows(schema, count, new Random(seed)), deletes, viaAppender);
        var deleteRun = rows.Count == 0
            ? delete
            : from start in Gen.Choose(0, rows.Count - 1)
              from length in Gen.Frequency((3, Gen.Choose(1, 20)), (1, Gen.Constant(rows.Count)))
              select (Mutation)new DeleteKeys([.. rows.Skip(start).Take(length).Select(row => (string)row[schema.Key.Ordinal]!)]);
        var deleteWhere = Condition(schema, pools, 1).Select(condition => (Mutation)new DeleteWhere(condition));
        var updateWhere =
            from column in Gen.Elements(schema.Columns.Where(column => column.Kind != ModelKind.Key).DefaultIfEmpty(schema.Key).ToArray())
            from seed in Seed
            from condition in Condition(schema, pools, 1)
            select column.Kind == ModelKind.Key ? (Mutation)new DeleteWhere(condition) : new UpdateWhere(column, ValueFactory.Next(column, new Random(seed)), condition);
        return Gen.Frequency((4, delete), (3, upsert), (3, update), (1, rolledBack), (1, deleteRun), (1, deleteWhere), (1, updateWhere));
    }

    // Rows of a transaction that will be dropped: fresh keys, and category values and tags no committed row has.
    private static object?[][] GhostRows(ModelSchema schema, int count, Random random)
    {
        var ghostly = new ModelSchema([.. schema.Columns.Select(column => column.Kind is ModelKind.Category or ModelKind.Tags
            ? column with { Values = [.. GhostValues.OrderBy(_ => random.Next()).Take(random.Next(1, GhostValues.Length + 1))], NullRate = 0 }
            : column)]);
        return [.. Enumerable.Range(0, count).Select(index => ValueFactory.Row(ghostly, $"r{index:D4}", random))];
    }

    // ---------------- Conditions ----------------

    /// <summary>A WHERE condition: a leaf, or AND / OR / NOT of conditions, nested up to <paramref name="depth"/>.</summary>
    public static Gen<Predicate> Condition(ModelSchema schema, LiteralPools pools, int depth)
    {
        var leaf = Leaf(schema, pools);
        if (depth == 0)
            return leaf;
        var below = Gen.Choose(0, depth - 1).SelectMany(next => Condition(schema, pools, next));
        return Gen.Frequency(
            (4, leaf),
            (2, from left in below from right in below select (Predicate)new AndCondition(left, right)),
            (2, from left in below from right in below select (Predicate)new OrCondition(left, right)),
            (1, below.Select(operand => (Predicate)new NotCondition(operand))));
    }

    public static Gen<Predicate?> Where(ModelSchema schema, LiteralPools pools) => Gen.Frequency(
        (1, Gen.Constant<Predicate?>(null)),
        (6, Gen.Choose(0, MaxDepth).SelectMany(depth => Condition(schema, pools, depth)).Select(condition => (Predicate?)condition)));

    private static Gen<Predicate> Leaf(ModelSchema schema, LiteralPools pools) => Gen.Frequency(
        (40, Gen.Elements(schema.Columns.ToArray()).SelectMany(column => LeafOn(schema, pools, column))),
        (1, Gen.Elements<bool?>(true, false, null).Select(value => (Predicate)new ConstantCondition(value))));

    private static Gen<Predicate> LeafOn(ModelSchema schema, LiteralPools pools, ModelColumn column)
    {
        var literal = Literal(pools, column);
        var op = Gen.Elements(AllOps);
        var comparison =
            from o in op
            from value in literal
            from literalFirst in Chance(2)
            from plainDate in Chance(5)
            select (Predicate)new Comparison(column, o, value, literalFirst, plainDate);
        var between =
            from low in literal
            from high in literal
            from ordered in Chance(7)
            from negated in Chance(3)
            select (Predicate)new Between(column, ordered ? Lower(low, high) : low, ordered ? Upper(low, high) : high, negated);
        var inList =
            from count in Gen.Choose(1, 4)
            from items in Gen.ArrayOf(literal, count)
            from negated in Chance(4)
            select (Predicate)new InList(column, items, negated);
        var isNull = Chance(5).Select(negated => (Predicate)new IsNull(column, negated));
        // COALESCE(bigint, 0.5) is a DECIMAL of 18 digits in this engine, which a BIGINT near its limits does not fit
        // (an error where DuckDB widens to DECIMAL(38)): a BIGINT column only gets whole fallbacks.
        var coalesce =
            from fallback in NonNullLiteral(pools, column).Select(value => column.Kind == ModelKind.BigInt && value is decimal exact ? (long)exact : value)
            from o in op
            from value in NonNullLiteral(pools, column)
            select (Predicate)new CoalesceComparison(column, fallback, o, value);
        switch (column.Kind)
        {
            case ModelKind.Key:
                return Gen.Frequency((3, comparison), (2, inList), (2, Like(pools, column)), (1, isNull));
            case ModelKind.Category:
                {
                    var choices = new List<(int, Gen<Predicate>)> { (4, comparison), (2, inList), (2, Like(pools, column)), (1, isNull), (1, between), (1, coalesce) };
                    var others = schema.OfKind(ModelKind.Category).Where(other => other != column).ToArray();
                    if (others.Length > 0)
                        choices.Add((1, from o in op from other in Gen.Elements(others) select (Predicate)new ColumnComparison(column, o, other)));
                    return Gen.Frequency(choices);
                }
            case ModelKind.Bool:
                return Gen.Frequency(
                    (3, Gen.Constant((Predicate)new BoolColumn(column))),
                    (1, Gen.Constant((Predicate)new NotCondition(new BoolColumn(column)))),
                    (1, comparison), (1, isNull), (1, inList));
            case ModelKind.Tags:
                return Gen.Frequency((5, HasCondition(column)), (1, isNull),
                    (1, from o in op from count in Gen.Choose(0, 4) select (Predicate)new CardinalityComparison(column, o, count)));
            case ModelKind.Date:
                return Gen.Frequency((4, comparison), (2, between), (1, inList), (1, isNull));
            default:
                {
                    var others = schema.Columns.Where(other => other.IsNumeric && other != column).ToArray();
                    var choices = new List<(int, Gen<Predicate>)> { (4, comparison), (2, between), (1, inList), (1, isNull), (1, coalesce) };
                    if (others.Length > 0)
                        choices.Add((1, from o in op from other in Gen.Elements(others) select (Predicate)new ColumnComparison(column, o, other)));
                    if (column.Kind == ModelKind.Int)
                    {
                        choices.Add((1, from shift in Gen.Choose(-50, 50)
                                        from o in op
                                        from value in Gen.Choose(-60, 180)
                                        select (Predicate)new ShiftedComparison(column, shift, o, value)));
                    }
                    return Gen.Frequency(choices);
                }
        }
    }

    private static object? Lower(object? low, object? high) => low is null || high is null || SqlSemantics.Compare(low, high) <= 0 ? low : high;

    private static object? Upper(object? low, object? high) => low is null || high is null || SqlSemantics.Compare(low, high) <= 0 ? high : low;

    private static Gen<Predicate> HasCondition(ModelColumn column)
    {
        string[] tags = [.. column.Values, .. column.Unused.Take(2), "nope"];
        return from mode in Gen.Elements(HasMode.One, HasMode.Any, HasMode.All)
               from count in Gen.Choose(1, 3)
               from chosen in Gen.ArrayOf(Gen.Elements(tags), mode == HasMode.One ? 1 : count)
               from negated in Chance(3)
               select (Predicate)new Has(column, mode, chosen, negated);
    }

    private static Gen<Predicate> Like(LiteralPools pools, ModelColumn column) =>
        from text in NonNullLiteral(pools, column).Select(value => (string)value)
        from shape in Gen.Choose(0, 6)
        from first in Gen.Choose(0, Math.Max(0, text.Length))
        from second in Gen.Choose(0, Math.Max(0, text.Length))
        from negated in Chance(3)
        select (Predicate)new Like(column, LikePattern(text, shape, Math.Min(first, second), Math.Max(first, second)), negated);

    // Prefix, suffix and contains patterns (the matcher's fast paths), exact text, '_' wildcards and '%' alone.
    private static string LikePattern(string text, int shape, int first, int second) => shape switch
    {
        0 => text[..second] + "%",
        1 => "%" + text[first..],
        2 => "%" + text[first..second] + "%",
        3 => text,
        4 => text.Length == 0 ? "_" : string.Concat(text[..first], "_", text[Math.Min(text.Length, first + 1)..]),
        5 => text[..first] + "%" + text[second..],
        _ => "%",
    };

    // ---------------- Literals ----------------

    private static Gen<object?> Literal(LiteralPools pools, ModelColumn column) => Gen.Frequency(
        (12, NonNullLiteral(pools, column).Select(value => (object?)value)),
        (1, Gen.Constant<object?>(null)));

    private static Gen<object> NonNullLiteral(LiteralPools pools, ModelColumn column)
    {
        object[] specials = column.Kind switch
        {
            ModelKind.Key => KeySpecials,
            ModelKind.Category => [.. column.Unused, .. column.Values, .. ForeignText],
            ModelKind.Bool => [true, false],
            ModelKind.Int => IntSpecials,
            ModelKind.BigInt => BigIntSpecials,
            ModelKind.Double => DoubleSpecials,
            ModelKind.Decimal => DecimalSpecials,
            ModelKind.Date => DateSpecials,
            _ => [.. column.Values, .. column.Unused, "nope"],
        };
        var samples = pools.Samples(column);
        return samples.Count == 0
            ? Gen.Elements(specials)
            : Gen.Frequency((6, Gen.Elements(samples.ToArray())), (3, Gen.Elements(specials)));
    }

    // ---------------- Queries ----------------

    /// <summary>A query; <paramref name="listWeight"/> sets how often it lists rows (costly on large tables) rather than aggregating.</summary>
    public static Gen<DifferentialQuery> Query(ModelSchema schema, LiteralPools pools, int listWeight = 3)
    {
        var conditions = Where(schema, pools);
        var count = conditions.Select(condition => (DifferentialQuery)new CountQuery(condition));
        var choices = new List<(int, Gen<DifferentialQuery>)>
        {
            (3, count),
            (4, Aggregate(schema, pools, conditions, GroupKeys(schema, pools, 1))),
            (2, Aggregate(schema, pools, conditions, GroupKeys(schema, pools, 2))),
            (2, Aggregate(schema, pools, conditions, Gen.Constant(Array.Empty<GroupKey>()))),
            (listWeight, List(schema, conditions)),
        };
        var distinctColumns = schema.OfKind(ModelKind.Category, ModelKind.Bool, ModelKind.Int, ModelKind.Date, ModelKind.Decimal).ToArray();
        if (distinctColumns.Length > 0)
            choices.Add((1, from column in Gen.Elements(distinctColumns) from condition in conditions select (DifferentialQuery)new DistinctQuery(column, condition)));
        return Gen.Frequency(choices);
    }

    /// <summary>One or two GROUP BY keys, never the same twice: categories most often, BOOL, INT and DATE columns, BUCKETs.</summary>
    private static Gen<GroupKey[]> GroupKeys(ModelSchema schema, LiteralPools pools, int count)
    {
        var families = new List<(int Weight, Gen<GroupKey> Key)>();
        foreach (var column in schema.OfKind(ModelKind.Category))
            families.Add((5, Gen.Constant((GroupKey)new ColumnKey(column))));
        foreach (var column in schema.OfKind(ModelKind.Bool, ModelKind.Int, ModelKind.Date))
            families.Add((2, Gen.Constant((GroupKey)new ColumnKey(column))));
        foreach (var column in schema.OfKind(ModelKind.Int, ModelKind.BigInt))
            families.Add((3, Bucket(pools, column)));
        foreach (var column in schema.OfKind(ModelKind.Date))
            families.Add((1, Gen.Constant((GroupKey)new YearKey(column))));
        Gen<int> Pick(int excluded) => Gen.Frequency(families.Select((family, index) => (index == excluded ? 0 : family.Weight, Gen.Constant(index))).Where(choice => choice.Item1 > 0));
        return from first in Pick(-1)
               from second in count < 2 || families.Count < 2 ? Gen.Constant(-1) : Pick(first)
               from keys in Gen.CollectToList(new[] { first, second }.Where(index => index >= 0), index => families[index].Key)
               select keys.ToArray();
    }

    private static Gen<GroupKey> Bucket(LiteralPools pools, ModelColumn column)
    {
        long[] candidates = [.. pools.Samples(column).Select(value => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)), -5, 0, 18, 30, 50, 65, 1_000_000];
        return from count in Gen.Choose(1, 4)
               from edges in Gen.ArrayOf(Gen.Elements(candidates), count)
               select (GroupKey)new BucketKey(column, [.. edges.Distinct().Order()]);
    }

    private static Gen<AggregateSpec> AggregateSpecs(ModelSchema schema)
    {
        var all = schema.Columns.ToArray();
        var numeric = schema.Columns.Where(column => column.IsNumeric).ToArray();
        var orderable = schema.Columns.Where(column => column.IsOrderable).ToArray();
        var choices = new List<(int, Gen<AggregateSpec>)>
        {
            (2, Gen.Constant(new AggregateSpec(AggregateKind.CountStar, null))),
            (2, Gen.Elements(all).Select(column => new AggregateSpec(AggregateKind.Count, column))),
            (2, Gen.Elements(all).Select(column => new AggregateSpec(AggregateKind.CountDistinct, column))),
            (2, from column in Gen.Elements(orderable) from distinct in Chance(1) select new AggregateSpec(AggregateKind.Min, column, distinct)),
            (2, from column in Gen.Elements(orderable) from distinct in Chance(1) select new AggregateSpec(AggregateKind.Max, column, distinct)),
        };
        if (numeric.Length > 0)
        {
            choices.Add((3, from column in Gen.Elements(numeric)
                            from distinct in Chance(2)
                            from factor in Multiplier(column)
                            select new AggregateSpec(AggregateKind.Sum, column, distinct, factor)));
            choices.Add((2, from column in Gen.Elements(numeric)
                            from distinct in Chance(2)
                            from factor in Multiplier(column)
                            select new AggregateSpec(AggregateKind.Average, column, distinct, factor)));
            choices.Add((1, from column in Gen.Elements(numeric)
                            from maximum in Chance(5)
                            from factor in Multiplier(column)
                            select new AggregateSpec(maximum ? AggregateKind.Max : AggregateKind.Min, column, false, factor)));
        }
        return Gen.Frequency(choices);
    }

    // An aggregate over `column * k` runs through the row interpreter instead of reading the chunk. Never on a BIGINT,
    // which may overflow (an error in DuckDB too).
    private static Gen<object?> Multiplier(ModelColumn column) => column.Kind == ModelKind.BigInt
        ? Gen.Constant<object?>(null)
        : Gen.Frequency((4, Gen.Constant<object?>(null)), (1, Gen.Elements<object?>(2L, -1L, 0.5m, 1.25m)));

    private static Gen<DifferentialQuery> Aggregate(ModelSchema schema, LiteralPools pools, Gen<Predicate?> conditions, Gen<GroupKey[]> keys) =>
        from groupKeys in keys
        from count in Gen.Choose(1, 4)
        from aggregates in Gen.ArrayOf(AggregateSpecs(schema), count)
        from condition in conditions
        from having in groupKeys.Length == 0 ? Gen.Constant<long?>(null) : Gen.Frequency((3, Gen.Constant<long?>(null)), (1, Gen.Choose(0, 5).Select(value => (long?)value)))
        from directions in Gen.ArrayOf(Chance(3), groupKeys.Length)
        from limit in groupKeys.Length == 0 ? Gen.Constant<int?>(null) : Gen.Frequency((4, Gen.Constant<int?>(null)), (1, Gen.Choose(0, 6).Select(value => (int?)value)))
        from style in Gen.Elements(KeyStyle.Expression, KeyStyle.Alias, KeyStyle.Position)
        from countFirst in groupKeys.Length == 0 ? Gen.Constant(false) : Chance(2)
        select (DifferentialQuery)new AggregateQuery(groupKeys, aggregates, condition, having, directions, limit, style, countFirst);

    private static Gen<DifferentialQuery> List(ModelSchema schema, Gen<Predicate?> conditions)
    {
        var others = schema.Columns.Where(column => column.Kind != ModelKind.Key).ToArray();
        var sortable = others.Where(column => column.IsOrderable).ToArray();
        var orderItem =
            from column in Gen.Elements(sortable.DefaultIfEmpty(schema.Key))
            from downward in Chance(4)
            from nullsFirst in Chance(2)
            select new OrderItem(column, downward, nullsFirst);
        return from shown in Gen.SubListOf(others).Select(columns => columns.Take(3).ToArray())
               from condition in conditions
               from ordered in Chance(7)
               from orderCount in Gen.Choose(0, 2)
               from items in Gen.ArrayOf(orderItem, orderCount)
               from keyDescending in Chance(2)
               from limit in Gen.Frequency((1, Gen.Constant<int?>(null)), (2, Gen.Choose(0, 25).Select(value => (int?)value)))
               from offset in Gen.Frequency((2, Gen.Constant<int?>(null)), (1, Gen.Choose(0, 40).Select(value => (int?)value)))
               select (DifferentialQuery)new ListQuery(
                   [schema.Key, .. shown],
                   condition,
                   ordered ? [.. items.DistinctBy(item => item.Column.Name).Where(item => item.Column.Kind != ModelKind.Key), new OrderItem(schema.Key, keyDescending, false)] : [],
                   ordered ? limit : null,
                   ordered ? offset : null);
    }
}
