using PortraitDb.Storage;

namespace PortraitDb.Query.Binding;

/// <summary>A resolved expression: names turned into column ordinals, types known, constants folded.</summary>
internal abstract class BoundExpression(ValueKind kind, int scale = 0)
{
    /// <summary>The kind of every non-null value the expression yields.</summary>
    public ValueKind Kind { get; } = kind;

    /// <summary>The decimal scale when <see cref="Kind"/> is <see cref="ValueKind.Decimal"/>.</summary>
    public int Scale { get; } = scale;

    /// <summary>The expression's children, for walks that look for columns or aggregates.</summary>
    public virtual IEnumerable<BoundExpression> Children => [];

    /// <summary>True when any node below (or this one) satisfies <paramref name="predicate"/>.</summary>
    public bool Any(Func<BoundExpression, bool> predicate) => predicate(this) || Children.Any(child => child.Any(predicate));

    /// <summary>The ordinals of the table columns the expression reads.</summary>
    public IEnumerable<int> Columns() => this is BoundColumn column ? [column.Ordinal] : Children.SelectMany(child => child.Columns()).Distinct();
}

internal sealed class BoundLiteral(Value value) : BoundExpression(value.Kind, value.Scale)
{
    public Value Value { get; } = value;

    public override string ToString() => Value.Kind == ValueKind.Text ? $"'{Value.AsText.Replace("'", "''", StringComparison.Ordinal)}'" : Value.ToString();
}

internal sealed class BoundColumn(int ordinal, ColumnDefinition definition)
    : BoundExpression(KindOf(definition.Type), definition.Type.Kind == ColumnKind.Decimal ? definition.Type.Scale : 0)
{
    public int Ordinal { get; } = ordinal;

    public ColumnDefinition Definition { get; } = definition;

    public ColumnKind ColumnKind => Definition.Type.Kind;

    public static ValueKind KindOf(ColumnType type) => type.Kind switch
    {
        ColumnKind.Text or ColumnKind.Category => ValueKind.Text,
        ColumnKind.Bool => ValueKind.Bool,
        ColumnKind.Int32 or ColumnKind.Int64 => ValueKind.Integer,
        ColumnKind.Double => ValueKind.Real,
        ColumnKind.Decimal => ValueKind.Decimal,
        ColumnKind.Date => ValueKind.Date,
        ColumnKind.Timestamp => ValueKind.Timestamp,
        _ => ValueKind.Tags,
    };

    public override string ToString() => Definition.Name;
}

internal enum BoundUnaryOperator
{
    Not,
    Negate,
}

internal sealed class BoundUnary(BoundUnaryOperator op, BoundExpression operand, ValueKind kind, int scale)
    : BoundExpression(kind, scale)
{
    public BoundUnaryOperator Operator { get; } = op;

    public BoundExpression Operand { get; } = operand;

    public override IEnumerable<BoundExpression> Children => [Operand];

    public override string ToString() => Operator == BoundUnaryOperator.Not ? $"NOT ({Operand})" : $"-({Operand})";
}

internal enum BoundBinaryOperator
{
    And,
    Or,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
    Concat,
}

internal sealed class BoundBinary(BoundBinaryOperator op, BoundExpression left, BoundExpression right, ValueKind kind, int scale)
    : BoundExpression(kind, scale)
{
    public BoundBinaryOperator Operator { get; } = op;

    public BoundExpression Left { get; } = left;

    public BoundExpression Right { get; } = right;

    public bool IsComparison => Operator is >= BoundBinaryOperator.Equal and <= BoundBinaryOperator.GreaterOrEqual;

    public override IEnumerable<BoundExpression> Children => [Left, Right];

    public override string ToString() => $"({Left} {Symbol(Operator)} {Right})";

    public static string Symbol(BoundBinaryOperator op) => op switch
    {
        BoundBinaryOperator.And => "AND",
        BoundBinaryOperator.Or => "OR",
        BoundBinaryOperator.Equal => "=",
        BoundBinaryOperator.NotEqual => "<>",
        BoundBinaryOperator.Less => "<",
        BoundBinaryOperator.LessOrEqual => "<=",
        BoundBinaryOperator.Greater => ">",
        BoundBinaryOperator.GreaterOrEqual => ">=",
        BoundBinaryOperator.Add => "+",
        BoundBinaryOperator.Subtract => "-",
        BoundBinaryOperator.Multiply => "*",
        BoundBinaryOperator.Divide => "/",
        BoundBinaryOperator.Modulo => "%",
        _ => "||",
    };
}

internal sealed class BoundBetween(BoundExpression operand, BoundExpression low, BoundExpression high) : BoundExpression(ValueKind.Bool)
{
    public BoundExpression Operand { get; } = operand;

    public BoundExpression Low { get; } = low;

    public BoundExpression High { get; } = high;

    public override IEnumerable<BoundExpression> Children => [Operand, Low, High];

    public override string ToString() => $"({Operand} BETWEEN {Low} AND {High})";
}

internal sealed class BoundInList(BoundExpression operand, IReadOnlyList<BoundExpression> items) : BoundExpression(ValueKind.Bool)
{
    public BoundExpression Operand { get; } = operand;

    public IReadOnlyList<BoundExpression> Items { get; } = items;

    public override IEnumerable<BoundExpression> Children => [Operand, .. Items];

    public override string ToString() => $"({Operand} IN ({string.Join(", ", Items)}))";
}

internal sealed class BoundIsNull(BoundExpression operand) : BoundExpression(ValueKind.Bool)
{
    public BoundExpression Operand { get; } = operand;

    public override IEnumerable<BoundExpression> Children => [Operand];

    public override string ToString() => $"({Operand} IS NULL)";
}

/// <summary>LIKE with a constant pattern, compiled once: % any run, _ one character.</summary>
internal sealed class BoundLike(BoundExpression operand, string pattern, bool caseInsensitive) : BoundExpression(ValueKind.Bool)
{
    public BoundExpression Operand { get; } = operand;

    public string Pattern { get; } = pattern;

    public bool CaseInsensitive { get; } = caseInsensitive;

    public LikeMatcher Matcher { get; } = new(pattern, caseInsensitive);

    public override IEnumerable<BoundExpression> Children => [Operand];

    public override string ToString() => $"({Operand} {(CaseInsensitive ? "ILIKE" : "LIKE")} '{Pattern}')";
}

internal enum HasMode
{
    One,
    Any,
    All,
}

internal sealed class BoundHas(BoundExpression operand, HasMode mode, IReadOnlyList<string> tags) : BoundExpression(ValueKind.Bool)
{
    public BoundExpression Operand { get; } = operand;

    public HasMode Mode { get; } = mode;

    public IReadOnlyList<string> Tags { get; } = tags;

    public override IEnumerable<BoundExpression> Children => [Operand];

    public override string ToString() => Mode == HasMode.One
        ? $"({Operand} HAS '{Tags[0]}')"
        : $"({Operand} HAS {Mode.ToString().ToUpperInvariant()} ({string.Join(", ", Tags.Select(tag => $"'{tag}'"))}))";
}

/// <summary>A scalar function; <see cref="Evaluate"/> gets its evaluated arguments.</summary>
internal sealed class BoundFunction(string name, IReadOnlyList<BoundExpression> arguments, ValueKind kind, int scale, Func<Value[], Value> evaluate)
    : BoundExpression(kind, scale)
{
    public string Name { get; } = name;

    public IReadOnlyList<BoundExpression> Arguments { get; } = arguments;

    public Func<Value[], Value> Evaluate { get; } = evaluate;

    public override IEnumerable<BoundExpression> Children => Arguments;

    public override string ToString() => $"{Name}({string.Join(", ", Arguments)})";
}

/// <summary>BUCKET(x, e1, e2, ...): the label of the range holding x (<c>[25,35)</c>), or NULL for NULL.</summary>
internal sealed class BoundBucket(BoundExpression operand, Value[] edges, string[] labels) : BoundExpression(ValueKind.Text)
{
    public BoundExpression Operand { get; } = operand;

    /// <summary>Ascending edges; bucket i holds edges[i-1] &lt;= x &lt; edges[i].</summary>
    public Value[] Edges { get; } = edges;

    /// <summary>One label per bucket, edges.Length + 1 of them.</summary>
    public string[] Labels { get; } = labels;

    public override IEnumerable<BoundExpression> Children => [Operand];

    public int BucketOf(Value value)
    {
        int low = 0;
        int high = Edges.Length;
        while (low < high)
        {
            int middle = (low + high) >>> 1;
            if (Value.Compare(Edges[middle], value) <= 0)
                low = middle + 1;
            else
                high = middle;
        }
        return low;
    }

    public override string ToString() => $"BUCKET({Operand}, {string.Join(", ", Edges)})";
}

internal sealed class BoundCase(IReadOnlyList<(BoundExpression When, BoundExpression Then)> branches, BoundExpression? otherwise, ValueKind kind, int scale)
    : BoundExpression(kind, scale)
{
    public IReadOnlyList<(BoundExpression When, BoundExpression Then)> Branches { get; } = branches;

    public BoundExpression? Else { get; } = otherwise;

    public override IEnumerable<BoundExpression> Children =>
        [.. Branches.SelectMany(branch => new[] { branch.When, branch.Then }), .. Else is null ? Array.Empty<BoundExpression>() : [Else]];

    public override string ToString() =>
        $"CASE {string.Join(" ", Branches.Select(branch => $"WHEN {branch.When} THEN {branch.Then}"))}{(Else is null ? "" : $" ELSE {Else}")} END";
}

internal sealed class BoundCast(BoundExpression operand, ValueKind kind, int scale) : BoundExpression(kind, scale)
{
    public BoundExpression Operand { get; } = operand;

    public override IEnumerable<BoundExpression> Children => [Operand];

    public override string ToString() => $"CAST({Operand} AS {Kind})";
}

internal enum AggregateFunction
{
    CountStar,
    Count,
    Sum,
    Average,
    Min,
    Max,
    QuantileContinuous,
    QuantileDiscrete,
}

/// <summary>An aggregate call. After aggregation it is read through <see cref="BoundAggregateReference"/>.</summary>
internal sealed class BoundAggregate(AggregateFunction function, BoundExpression? argument, bool distinct, double fraction, ValueKind kind, int scale, string text)
    : BoundExpression(kind, scale)
{
    public AggregateFunction Function { get; } = function;

    public BoundExpression? Argument { get; } = argument;

    public bool Distinct { get; } = distinct;

    /// <summary>The quantile for QUANTILE_CONT/QUANTILE/MEDIAN (0.5).</summary>
    public double Fraction { get; } = fraction;

    public string Text { get; } = text;

    public override IEnumerable<BoundExpression> Children => Argument is null ? [] : [Argument];

    public override string ToString() => Text;
}

/// <summary>The value of the aggregate at <see cref="Index"/> for the current group.</summary>
internal sealed class BoundAggregateReference(int index, BoundAggregate aggregate) : BoundExpression(aggregate.Kind, aggregate.Scale)
{
    public int Index { get; } = index;

    public override string ToString() => aggregate.ToString();
}

/// <summary>The value of the GROUP BY key at <see cref="Index"/> for the current group.</summary>
internal sealed class BoundGroupReference(int index, BoundExpression key) : BoundExpression(key.Kind, key.Scale)
{
    public int Index { get; } = index;

    public BoundExpression Key { get; } = key;

    public override string ToString() => Key.ToString() ?? "";
}
