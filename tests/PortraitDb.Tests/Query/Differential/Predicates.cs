using System.Globalization;

namespace PortraitDb.Tests.Query.Differential;

/// <summary>
/// A WHERE condition of the differential test: it renders itself as SQL and evaluates itself on one model row
/// with three-valued logic (null is UNKNOWN), one node at a time, with no planning of any kind.
/// </summary>
public abstract record Predicate
{
    public abstract bool? Evaluate(object?[] row);

    public abstract string Sql { get; }

    /// <summary>Simpler conditions to try when a case fails: the children, then the node with a child simplified.</summary>
    public virtual IEnumerable<Predicate> Shrinks() => [];

    public sealed override string ToString() => Sql;
}

/// <summary><c>column op literal</c>, or <c>literal op' column</c> with the mirrored operator.</summary>
public sealed record Comparison(ModelColumn Column, CompareOp Op, object? Literal, bool LiteralFirst, bool PlainDate) : Predicate
{
    public override bool? Evaluate(object?[] row) => SqlSemantics.Compare(row[Column.Ordinal], Op, Literal);

    public override string Sql => LiteralFirst
        ? $"{SqlSemantics.Literal(Literal, PlainDate)} {SqlSemantics.Symbol(SqlSemantics.Mirror(Op))} {Column.Name}"
        : $"{Column.Name} {SqlSemantics.Symbol(Op)} {SqlSemantics.Literal(Literal, PlainDate)}";
}

/// <summary><c>left op right</c> over two numeric columns (a row-by-row leaf).</summary>
public sealed record ColumnComparison(ModelColumn Left, CompareOp Op, ModelColumn Right) : Predicate
{
    public override bool? Evaluate(object?[] row) => SqlSemantics.Compare(row[Left.Ordinal], Op, row[Right.Ordinal]);

    public override string Sql => $"{Left.Name} {SqlSemantics.Symbol(Op)} {Right.Name}";
}

/// <summary><c>column [NOT] BETWEEN low AND high</c>, either bound possibly NULL.</summary>
public sealed record Between(ModelColumn Column, object? Low, object? High, bool Negated) : Predicate
{
    public override bool? Evaluate(object?[] row)
    {
        object? value = row[Column.Ordinal];
        var inside = SqlSemantics.And(SqlSemantics.Compare(value, CompareOp.GreaterOrEqual, Low), SqlSemantics.Compare(value, CompareOp.LessOrEqual, High));
        return Negated ? SqlSemantics.Not(inside) : inside;
    }

    public override string Sql => $"{Column.Name} {(Negated ? "NOT " : "")}BETWEEN {SqlSemantics.Literal(Low)} AND {SqlSemantics.Literal(High)}";
}

/// <summary><c>column [NOT] IN (items)</c>; an item may be NULL.</summary>
public sealed record InList(ModelColumn Column, IReadOnlyList<object?> Items, bool Negated) : Predicate
{
    public override bool? Evaluate(object?[] row)
    {
        object? value = row[Column.Ordinal];
        bool? found = false;
        foreach (object? item in Items)
            found = SqlSemantics.Or(found, SqlSemantics.Compare(value, CompareOp.Equal, item));
        return Negated ? SqlSemantics.Not(found) : found;
    }

    public override string Sql => $"{Column.Name} {(Negated ? "NOT " : "")}IN ({string.Join(", ", Items.Select(item => SqlSemantics.Literal(item)))})";

    public override IEnumerable<Predicate> Shrinks()
    {
        if (Items.Count <= 1)
            yield break;
        for (int index = 0; index < Items.Count; index++)
            yield return this with { Items = [.. Items.Where((_, position) => position != index)] };
    }
}

/// <summary><c>column IS [NOT] NULL</c>.</summary>
public sealed record IsNull(ModelColumn Column, bool Negated) : Predicate
{
    public override bool? Evaluate(object?[] row) => row[Column.Ordinal] is null != Negated;

    public override string Sql => $"{Column.Name} IS {(Negated ? "NOT " : "")}NULL";
}

/// <summary><c>column [NOT] LIKE 'pattern'</c> on text.</summary>
public sealed record Like(ModelColumn Column, string Pattern, bool Negated) : Predicate
{
    public override bool? Evaluate(object?[] row) =>
        row[Column.Ordinal] is string text ? SqlSemantics.Like(text, Pattern) != Negated : null;

    public override string Sql => $"{Column.Name} {(Negated ? "NOT " : "")}LIKE {SqlSemantics.Literal(Pattern)}";
}

public enum HasMode
{
    One,
    Any,
    All,
}

/// <summary><c>tags [NOT] HAS 'x'</c>, <c>HAS ANY (...)</c>, <c>HAS ALL (...)</c>.</summary>
public sealed record Has(ModelColumn Column, HasMode Mode, IReadOnlyList<string> Tags, bool Negated) : Predicate
{
    public override bool? Evaluate(object?[] row)
    {
        if (row[Column.Ordinal] is not string[] tags)
            return null;
        bool result = Mode == HasMode.All ? Tags.All(tags.Contains) : Tags.Any(tags.Contains);
        return result != Negated;
    }

    public override string Sql
    {
        get
        {
            string not = Negated ? "NOT " : "";
            return Mode == HasMode.One
                ? $"{Column.Name} {not}HAS {SqlSemantics.Literal(Tags[0])}"
                : $"{Column.Name} {not}HAS {(Mode == HasMode.All ? "ALL" : "ANY")} ({string.Join(", ", Tags.Select(tag => SqlSemantics.Literal(tag)))})";
        }
    }
}

/// <summary>A bare BOOL column as the condition.</summary>
public sealed record BoolColumn(ModelColumn Column) : Predicate
{
    public override bool? Evaluate(object?[] row) => (bool?)row[Column.Ordinal];

    public override string Sql => Column.Name;
}

/// <summary><c>COALESCE(column, fallback) op literal</c>: a function of one column, TRUE on some NULL rows.</summary>
public sealed record CoalesceComparison(ModelColumn Column, object Fallback, CompareOp Op, object Literal) : Predicate
{
    public override bool? Evaluate(object?[] row) => SqlSemantics.Compare(row[Column.Ordinal] ?? Fallback, Op, Literal);

    public override string Sql => $"COALESCE({Column.Name}, {SqlSemantics.Literal(Fallback)}) {SqlSemantics.Symbol(Op)} {SqlSemantics.Literal(Literal)}";
}

/// <summary><c>CARDINALITY(tags) op n</c>.</summary>
public sealed record CardinalityComparison(ModelColumn Column, CompareOp Op, int Count) : Predicate
{
    public override bool? Evaluate(object?[] row) =>
        row[Column.Ordinal] is string[] tags ? SqlSemantics.Compare((long)SqlSemantics.TagSet(tags).Length, Op, (long)Count) : null;

    public override string Sql => $"CARDINALITY({Column.Name}) {SqlSemantics.Symbol(Op)} {Count.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary><c>column + shift op literal</c> on an INT column (arithmetic cannot overflow 64 bits).</summary>
public sealed record ShiftedComparison(ModelColumn Column, long Shift, CompareOp Op, long Literal) : Predicate
{
    public override bool? Evaluate(object?[] row) =>
        row[Column.Ordinal] is int value ? SqlSemantics.Compare(value + Shift, Op, Literal) : null;

    public override string Sql =>
        $"{Column.Name} {(Shift < 0 ? "-" : "+")} {Math.Abs(Shift).ToString(CultureInfo.InvariantCulture)} {SqlSemantics.Symbol(Op)} {SqlSemantics.Literal(Literal)}";
}

/// <summary>TRUE, FALSE or NULL as a condition.</summary>
public sealed record ConstantCondition(bool? Value) : Predicate
{
    public override bool? Evaluate(object?[] row) => Value;

    public override string Sql => Value switch
    {
        null => "NULL",
        true => "TRUE",
        false => "FALSE",
    };
}

public sealed record NotCondition(Predicate Operand) : Predicate
{
    public override bool? Evaluate(object?[] row) => SqlSemantics.Not(Operand.Evaluate(row));

    public override string Sql => $"NOT ({Operand.Sql})";

    public override IEnumerable<Predicate> Shrinks() =>
        [Operand, .. Operand.Shrinks().Select(operand => new NotCondition(operand))];
}

public sealed record AndCondition(Predicate Left, Predicate Right) : Predicate
{
    public override bool? Evaluate(object?[] row) => SqlSemantics.And(Left.Evaluate(row), Right.Evaluate(row));

    public override string Sql => $"({Left.Sql} AND {Right.Sql})";

    public override IEnumerable<Predicate> Shrinks() =>
        [Left, Right, .. Left.Shrinks().Select(left => this with { Left = left }), .. Right.Shrinks().Select(right => this with { Right = right })];
}

public sealed record OrCondition(Predicate Left, Predicate Right) : Predicate
{
    public override bool? Evaluate(object?[] row) => SqlSemantics.Or(Left.Evaluate(row), Right.Evaluate(row));

    public override string Sql => $"({Left.Sql} OR {Right.Sql})";

    public override IEnumerable<Predicate> Shrinks() =>
        [Left, Right, .. Left.Shrinks().Select(left => this with { Left = left }), .. Right.Shrinks().Select(right => this with { Right = right })];
}
