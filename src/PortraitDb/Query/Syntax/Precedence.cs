namespace PortraitDb.Query.Syntax;

/// <summary>How tightly an expression binds, lowest first; the printer parenthesises an operand that binds less tightly than its place needs.</summary>
internal enum Precedence
{
    /// <summary><c>OR</c>.</summary>
    Or = 1,

    /// <summary><c>AND</c>.</summary>
    And,

    /// <summary>Prefix <c>NOT</c>.</summary>
    Not,

    /// <summary>Comparisons, <c>IS</c>, <c>IN</c>, <c>BETWEEN</c>, <c>LIKE</c>, <c>HAS</c> (left-associative).</summary>
    Comparison,

    /// <summary><c>||</c>.</summary>
    Concat,

    /// <summary><c>+</c>, <c>-</c>.</summary>
    Additive,

    /// <summary><c>*</c>, <c>/</c>, <c>%</c>.</summary>
    Multiplicative,

    /// <summary>Prefix <c>-</c>, <c>+</c> (and negative number literals).</summary>
    Unary,

    /// <summary>Postfix <c>::type</c>.</summary>
    Cast,

    /// <summary>Literals, names, calls, parentheses, CASE, CAST(...).</summary>
    Primary,
}
