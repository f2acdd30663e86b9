namespace PortraitDb.Query.Syntax;

/// <summary>What a <see cref="Token"/> is.</summary>
internal enum TokenKind
{
    /// <summary>The end of the text; always the last token.</summary>
    EndOfInput,

    /// <summary>A word: a name or a keyword (see <see cref="Token.Keyword"/>).</summary>
    Identifier,

    /// <summary>A double-quoted name; never a keyword.</summary>
    QuotedIdentifier,

    /// <summary>A single-quoted string; <see cref="Token.Text"/> is its value.</summary>
    String,

    /// <summary>Digits only, fitting a 64-bit integer; <see cref="Token.Value"/> is the <see cref="long"/>.</summary>
    Integer,

    /// <summary>Any other number (a fraction, an exponent, or an integer too large for 64 bits); <see cref="Token.Text"/> as written.</summary>
    Number,

    /// <summary><c>$name</c>; <see cref="Token.Text"/> is the name without the '$'.</summary>
    NamedParameter,

    /// <summary><c>?</c>, a positional parameter.</summary>
    QuestionMark,

    /// <summary><c>=</c> or <c>==</c>.</summary>
    Equal,

    /// <summary><c>&lt;&gt;</c> or <c>!=</c>.</summary>
    NotEqual,

    /// <summary><c>&lt;</c>.</summary>
    Less,

    /// <summary><c>&lt;=</c>.</summary>
    LessOrEqual,

    /// <summary><c>&gt;</c>.</summary>
    Greater,

    /// <summary><c>&gt;=</c>.</summary>
    GreaterOrEqual,

    /// <summary><c>+</c>.</summary>
    Plus,

    /// <summary><c>-</c>.</summary>
    Minus,

    /// <summary><c>*</c>.</summary>
    Star,

    /// <summary><c>/</c>.</summary>
    Slash,

    /// <summary><c>%</c>.</summary>
    Percent,

    /// <summary><c>||</c>.</summary>
    Concat,

    /// <summary><c>(</c>.</summary>
    LeftParen,

    /// <summary><c>)</c>.</summary>
    RightParen,

    /// <summary><c>,</c>.</summary>
    Comma,

    /// <summary><c>;</c>.</summary>
    Semicolon,

    /// <summary><c>.</c>.</summary>
    Dot,

    /// <summary><c>::</c>.</summary>
    DoubleColon,
}
