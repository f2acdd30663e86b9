namespace PortraitDb.Kernels;

/// <summary>
/// A comparison of a column value with an operand. For doubles the IEEE rules hold: a NaN compares false with
/// everything, except <see cref="NotEqual"/>, which is true.
/// </summary>
internal enum CompareOp
{
    /// <summary><c>value = operand</c>.</summary>
    Equal,

    /// <summary><c>value &lt;&gt; operand</c> (true for NaN).</summary>
    NotEqual,

    /// <summary><c>value &lt; operand</c>.</summary>
    Less,

    /// <summary><c>value &lt;= operand</c>.</summary>
    LessOrEqual,

    /// <summary><c>value &gt; operand</c>.</summary>
    Greater,

    /// <summary><c>value &gt;= operand</c>.</summary>
    GreaterOrEqual,
}
