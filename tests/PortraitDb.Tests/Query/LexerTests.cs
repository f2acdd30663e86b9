using PortraitDb.Query;
using PortraitDb.Query.Syntax;

namespace PortraitDb.Tests.Query;

public sealed class LexerTests
{
    private static List<Token> Lex(string text) => Lexer.Tokenize(text);

    private static TokenKind[] Kinds(string text) => [.. Lex(text).Select(token => token.Kind)];

    private static QueryException LexError(string text)
    {
        var error = Assert.Throws<QueryException>(() => Lexer.Tokenize(text));
        Assert.Equal(PortraitDbErrorKind.Syntax, error.Kind);
        return error;
    }

    [Fact]
    public void Keywords_are_case_insensitive_and_quoted_names_are_never_keywords()
    {
        var tokens = Lex("select SeLeCt \"select\" day");
        Assert.Equal([Keyword.Select, Keyword.Select, Keyword.None, Keyword.None], tokens.Take(4).Select(token => token.Keyword));
        Assert.Equal(TokenKind.QuotedIdentifier, tokens[2].Kind);
        Assert.Equal("select", tokens[2].Text);
        Assert.Equal("day", tokens[3].Text);
        Assert.False(tokens[3].IsReserved);
        Assert.True(tokens[0].IsReserved);
    }

    [Fact]
    public void Every_operator_lexes()
    {
        Assert.Equal(
            [
                TokenKind.Equal, TokenKind.Equal, TokenKind.NotEqual, TokenKind.NotEqual, TokenKind.Less, TokenKind.LessOrEqual,
                TokenKind.Greater, TokenKind.GreaterOrEqual, TokenKind.Plus, TokenKind.Minus, TokenKind.Star, TokenKind.Slash,
                TokenKind.Percent, TokenKind.Concat, TokenKind.LeftParen, TokenKind.RightParen, TokenKind.Comma,
                TokenKind.Semicolon, TokenKind.Dot, TokenKind.DoubleColon, TokenKind.QuestionMark, TokenKind.EndOfInput,
            ],
            Kinds("= == <> != < <= > >= + - * / % || ( ) , ; . :: ?"));
    }

    [Fact]
    public void Comments_are_skipped_and_spans_are_offsets_in_the_whole_text()
    {
        const string text = "-- first line\nSELECT /* a\nblock */ x -- trailing\n FROM t";
        var tokens = Lex(text);
        Assert.Equal(["SELECT", "x", "FROM", "t", ""], tokens.Select(token => token.Text));
        foreach (var token in tokens.Take(4))
            Assert.Equal(token.Text, token.Span.Slice(text));
        Assert.Equal(text.Length, tokens[^1].Span.Start);
    }

    [Fact]
    public void Strings_keep_doubled_quotes_and_chinese_text()
    {
        var tokens = Lex("'it''s' '北京' '' 'a\nb'");
        Assert.Equal(["it's", "北京", "", "a\nb"], tokens.Take(4).Select(token => token.Text));
        Assert.All(tokens.Take(4), token => Assert.Equal(TokenKind.String, token.Kind));
        Assert.Equal(new TextSpan(0, 7), tokens[0].Span);
    }

    [Fact]
    public void Quoted_names_keep_case_and_doubled_quotes()
    {
        var tokens = Lex("\"Default\" \"a\"\"b\" \"城 市\"");
        Assert.Equal(["Default", "a\"b", "城 市"], tokens.Take(3).Select(token => token.Text));
    }

    [Fact]
    public void Unquoted_names_may_be_chinese_or_contain_digits_and_underscores()
    {
        var tokens = Lex("城市 _x1 a2b");
        Assert.Equal(["城市", "_x1", "a2b"], tokens.Take(3).Select(token => token.Text));
        Assert.All(tokens.Take(3), token => Assert.Equal(TokenKind.Identifier, token.Kind));
    }

    [Fact]
    public void Numbers_are_integers_when_they_fit_and_keep_their_text_otherwise()
    {
        var tokens = Lex("42 9223372036854775807 9223372036854775808 0.9 .5 1e3 2.5E-2 7.");
        Assert.Equal(TokenKind.Integer, tokens[0].Kind);
        Assert.Equal(42L, tokens[0].Value);
        Assert.Equal(long.MaxValue, tokens[1].Value);
        Assert.Equal(TokenKind.Number, tokens[2].Kind);
        Assert.Equal(["9223372036854775808", "0.9", ".5", "1e3", "2.5E-2", "7."], tokens.Skip(2).Take(6).Select(token => token.Text));
        Assert.All(tokens.Skip(2).Take(6), token => Assert.Equal(TokenKind.Number, token.Kind));
    }

    [Fact]
    public void Parameters_lex_by_name_and_position()
    {
        var tokens = Lex("$city ? $2x");
        Assert.Equal(TokenKind.NamedParameter, tokens[0].Kind);
        Assert.Equal("city", tokens[0].Text);
        Assert.Equal(TokenKind.QuestionMark, tokens[1].Kind);
        Assert.Equal("2x", tokens[2].Text);
    }

    [Theory]
    [InlineData("SELECT 'abc", 7, "unterminated string starting at line 1, column 8")]
    [InlineData("SELECT\n  \"abc", 9, "unterminated quoted name starting at line 2, column 3")]
    [InlineData("SELECT 1 /* never closed", 9, "unterminated comment starting at line 1, column 10")]
    [InlineData("SELECT 12abc", 7, "invalid number '12abc'")]
    [InlineData("SELECT 1e999", 7, "out of range")]
    [InlineData("SELECT a | b", 9, "write || to join strings")]
    [InlineData("SELECT @x", 7, "unexpected character '@'")]
    [InlineData("SELECT a ! b", 9, "unexpected character '!'")]
    [InlineData("SELECT $", 7, "parameter name")]
    [InlineData("SELECT a：b", 8, "unexpected character '：'")]
    [InlineData("SELECT a，b", 8, "full-width comma")]
    [InlineData("SELECT ‘x’", 7, "curly quote")]
    [InlineData("SELECT \"\"", 7, "cannot be empty")]
    public void Lexical_errors_point_at_the_offending_character(string text, int position, string message)
    {
        var error = LexError(text);
        Assert.Equal(position, error.Position);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("Syntax Error: ", error.Message, StringComparison.Ordinal);
    }
}
