namespace PortraitDb.Query.Binding;

/// <summary>
/// <c>x IN (SELECT ...)</c> with the subquery already run: its distinct non-NULL values in the operand's kind, and
/// whether it gave a NULL. SQL semantics: an empty set gives FALSE (whatever x is); else a NULL x gives NULL, a value
/// in the set TRUE, and any other value NULL when the set holds a NULL, else FALSE. NOT IN is NOT of this.
/// </summary>
internal sealed class BoundInSet(BoundExpression operand, HashSet<Value> values, bool hasNull, string query) : BoundExpression(ValueKind.Bool)
{
    public BoundExpression Operand { get; } = operand;

    /// <summary>The subquery's distinct non-NULL values, converted to the operand's kind.</summary>
    public HashSet<Value> Values { get; } = values;

    /// <summary>True when the subquery gave a NULL.</summary>
    public bool HasNull { get; } = hasNull;

    /// <summary>The subquery as written, for plans and messages.</summary>
    public string Query { get; } = query;

    /// <summary>True when the subquery gave no rows at all.</summary>
    public bool IsEmpty => Values.Count == 0 && !HasNull;

    public override IEnumerable<BoundExpression> Children => [Operand];

    /// <summary>The same test of another operand (when a query's outputs are rewritten over groups).</summary>
    public BoundInSet WithOperand(BoundExpression operand) => new(operand, Values, HasNull, Query);

    /// <summary>The test's value for an operand value.</summary>
    public Value Test(Value operand)
    {
        if (IsEmpty)
            return Value.FromBool(false);
        if (operand.IsNull)
            return Value.Null;
        if (Values.Contains(operand))
            return Value.FromBool(true);
        return HasNull ? Value.Null : Value.FromBool(false);
    }

    public override string ToString() => $"({Operand} IN ({Query}))";
}
