namespace PortraitDb.Query.Syntax;

/// <summary>One token of the query text.</summary>
/// <param name="Kind">What the token is.</param>
/// <param name="Span">Where it is in the whole script text.</param>
/// <param name="Text">A name without quotes, a string's value, a number or operator as written.</param>
/// <param name="Keyword">The keyword an unquoted word spells, or <see cref="Keyword.None"/>.</param>
/// <param name="Value">A literal's value: <see cref="long"/> for <see cref="TokenKind.Integer"/>, <see cref="string"/> for <see cref="TokenKind.String"/>; otherwise null.</param>
internal readonly record struct Token(TokenKind Kind, TextSpan Span, string Text, Keyword Keyword = Keyword.None, object? Value = null)
{
    /// <summary>True for an unquoted word that is a reserved keyword (it cannot be a name unless quoted).</summary>
    public bool IsReserved => Keywords.IsReserved(Keyword);

    /// <summary>True for a token that can be a name here: a quoted name, or an unquoted word that is not reserved.</summary>
    public bool IsName => Kind == TokenKind.QuotedIdentifier || (Kind == TokenKind.Identifier && !IsReserved);

    /// <summary>The token as an error message names it: <c>'FORM'</c>, <c>the string 'abc'</c>, <c>end of input</c>.</summary>
    public string Describe() => Kind switch
    {
        TokenKind.EndOfInput => "end of input",
        TokenKind.String => $"the string {SyntaxFacts.QuoteString(Shorten(Text))}",
        TokenKind.QuotedIdentifier => $"the name {SyntaxFacts.QuoteIdentifier(Shorten(Text), always: true)}",
        TokenKind.Integer or TokenKind.Number => $"the number {Text}",
        TokenKind.NamedParameter => $"the parameter '${Text}'",
        _ => $"'{Shorten(Text)}'",
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
