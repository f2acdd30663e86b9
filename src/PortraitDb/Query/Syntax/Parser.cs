using System.Runtime.CompilerServices;

namespace PortraitDb.Query.Syntax;

/// <summary>
/// Recursive-descent parser from query text to syntax trees. <see cref="ParseScript"/> reads ';'-separated
/// statements; <see cref="ParseExpression(string)"/> reads one expression (an audience condition). Every error is a
/// <see cref="QueryException"/> of kind Syntax that says what was found and what could have come there, with the
/// exact offset in the whole text and a "did you mean" for a misspelt keyword.
/// </summary>
/// <remarks>
/// Each statement has one method, chosen by its leading keyword from <see cref="StatementParsers"/> (and, after
/// CREATE, DROP and SHOW, by the second keyword), so new statements slot in without touching the others.
/// </remarks>
internal sealed partial class Parser
{
    /// <summary>The deepest nesting of parentheses, calls, CASE and prefix operators the parser follows.</summary>
    public const int MaxNestingDepth = 256;

    /// <summary>The deepest expression tree the parser builds (long AND/OR chains count one level per operator).</summary>
    public const int MaxTreeDepth = 1000;

    private const string OperatorExpectation = "an operator";
    private const string EndOfStatement = "end of statement";

    /// <summary>The statements by leading keyword; the order is the one error messages list them in.</summary>
    private static readonly (Keyword Keyword, Func<Parser, StatementSyntax> Parse)[] StatementParsers =
    [
        (Keyword.Select, parser => parser.ParseSelect()),
        (Keyword.Explain, parser => parser.ParseExplain()),
        (Keyword.Create, parser => parser.ParseCreate()),
        (Keyword.Drop, parser => parser.ParseDrop()),
        (Keyword.Import, parser => parser.ParseImport()),
        (Keyword.Insert, parser => parser.ParseInsert()),
        (Keyword.Update, parser => parser.ParseUpdate()),
        (Keyword.Delete, parser => parser.ParseDelete()),
        (Keyword.Show, parser => parser.ParseShow()),
        (Keyword.Describe, parser => parser.ParseDescribe()),
        (Keyword.Alter, parser => parser.ParseAlter()),
        (Keyword.Rfm, parser => parser.ParseRfm()),
        (Keyword.Pareto, parser => parser.ParsePareto()),
        (Keyword.Set, parser => parser.ParseSet()),
        (Keyword.Profile, parser => parser.ParseProfile()),
        (Keyword.Compare, parser => parser.ParseCompare()),
        (Keyword.Overlap, parser => parser.ParseOverlap()),
        (Keyword.Sample, parser => parser.ParseSample()),
        (Keyword.Export, parser => parser.ParseExport()),
        (Keyword.Checkpoint, parser => new CheckpointSyntax(parser.Advance().Span)),
    ];

    /// <summary>Operator keywords offered as "did you mean" where an operator could come.</summary>
    private static readonly string[] OperatorKeywords = ["AND", "OR", "NOT", "IN", "IS", "BETWEEN", "LIKE", "ILIKE", "HAS"];

    private readonly string _text;
    private readonly List<Token> _tokens;
    private readonly List<string> _expected = [];
    private int _position;
    private int _expectedAt = -1;
    private bool _nameExpected;
    private int _nesting;
    private int _parameterCount;
    private int _implicitAliasAt = -1;

    private Parser(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        _text = text;
        _tokens = Lexer.Tokenize(text);
    }

    /// <summary>
    /// The statements of <paramref name="text"/>, separated by ';' (a trailing ';' is optional; empty statements are
    /// skipped). Positional parameters (<c>?</c>) are numbered from 1 within each statement.
    /// </summary>
    /// <exception cref="QueryException">A syntax error (kind Syntax), located in <paramref name="text"/>.</exception>
    public static IReadOnlyList<StatementSyntax> ParseScript(string text) => new Parser(text).ParseStatements();

    /// <summary>Exactly one statement (an optional trailing ';' allowed).</summary>
    /// <exception cref="QueryException">A syntax error, no statement, or more than one.</exception>
    public static StatementSyntax ParseStatement(string text)
    {
        var parser = new Parser(text);
        var statements = parser.ParseStatements();
        if (statements.Count == 1)
            return statements[0];
        var span = statements.Count == 0 ? new TextSpan(text.Length, 0) : statements[1].Span;
        throw parser.Error(span, statements.Count == 0 ? "expected a statement" : "expected one statement, found more than one");
    }

    /// <summary>One expression making up the whole of <paramref name="text"/>, e.g. <c>gender = 'female' AND city = '北京'</c>.</summary>
    /// <exception cref="QueryException">A syntax error (kind Syntax).</exception>
    public static ExpressionSyntax ParseExpression(string text)
    {
        var parser = new Parser(text);
        var expression = parser.ParseExpression();
        if (!parser.At(TokenKind.EndOfInput))
        {
            parser.Expect("end of input");
            throw parser.Unexpected();
        }
        return expression;
    }

    private List<StatementSyntax> ParseStatements()
    {
        var statements = new List<StatementSyntax>();
        while (true)
        {
            while (At(TokenKind.Semicolon))
                Advance();
            if (At(TokenKind.EndOfInput))
                return statements;
            _parameterCount = 0;
            statements.Add(ParseStatement());
            if (At(TokenKind.Semicolon) || At(TokenKind.EndOfInput))
                continue;
            Expect(EndOfStatement);
            throw Unexpected();
        }
    }

    private StatementSyntax ParseStatement()
    {
        if (Current.Kind == TokenKind.Identifier)
        {
            var keyword = Current.Keyword == Keyword.Desc ? Keyword.Describe : Current.Keyword;
            foreach (var (leading, parse) in StatementParsers)
            {
                if (leading == keyword)
                    return parse(this);
            }
        }
        foreach (var (leading, _) in StatementParsers)
            Expect(Keywords.Name(leading));
        throw Unexpected();
    }

    // ---- Tokens ----

    private Token Current => _tokens[_position];

    private Token Previous => _tokens[Math.Max(0, _position - 1)];

    private Token PeekToken(int offset) => _tokens[Math.Min(_position + offset, _tokens.Count - 1)];

    private bool At(TokenKind kind) => Current.Kind == kind;

    private bool AtKeyword(Keyword keyword) => Current.Kind == TokenKind.Identifier && Current.Keyword == keyword;

    private Token Advance()
    {
        var token = Current;
        if (token.Kind != TokenKind.EndOfInput)
            _position++;
        return token;
    }

    /// <summary>The span from <paramref name="start"/> to the end of the last token read.</summary>
    private TextSpan SpanFrom(int start) => new(start, Math.Max(0, Previous.Span.End - start));

    /// <summary>Notes that <paramref name="description"/> could have come at the current token, for error messages.</summary>
    private void Expect(string description, bool isName = false)
    {
        if (_expectedAt != _position)
        {
            _expected.Clear();
            _nameExpected = false;
            _expectedAt = _position;
        }
        if (!_expected.Contains(description))
            _expected.Add(description);
        _nameExpected |= isName;
    }

    private bool Accept(TokenKind kind)
    {
        if (At(kind))
        {
            Advance();
            return true;
        }
        Expect(Describe(kind));
        return false;
    }

    private bool AcceptKeyword(Keyword keyword, string? description = null)
    {
        if (AtKeyword(keyword))
        {
            Advance();
            return true;
        }
        Expect(description ?? Keywords.Name(keyword));
        return false;
    }

    private Token Require(TokenKind kind)
    {
        if (At(kind))
            return Advance();
        Expect(Describe(kind));
        throw Unexpected();
    }

    private Token RequireKeyword(Keyword keyword)
    {
        if (AtKeyword(keyword))
            return Advance();
        Expect(Keywords.Name(keyword));
        throw Unexpected();
    }

    private static string Describe(TokenKind kind) => kind switch
    {
        TokenKind.LeftParen => "'('",
        TokenKind.RightParen => "')'",
        TokenKind.Comma => "','",
        TokenKind.Equal => "'='",
        TokenKind.Star => "'*'",
        TokenKind.Dot => "'.'",
        TokenKind.Semicolon => "';'",
        TokenKind.String => "a string",
        _ => kind.ToString(),
    };

    /// <summary>A name: a quoted name or an unreserved word.</summary>
    private IdentifierSyntax ParseName(string description)
    {
        var token = Current;
        if (token.IsName)
        {
            Advance();
            return new IdentifierSyntax(token.Text, token.Span);
        }
        Expect(description, isName: true);
        throw Unexpected();
    }

    // ---- Errors ----

    private QueryException Error(TextSpan span, string detail) =>
        new(PortraitDbErrorKind.Syntax, detail, _text, span.Start, Math.Max(1, span.Length));

    /// <summary>"unexpected X; expected A, B or C", with a suggestion when X looks like a misspelt keyword.</summary>
    private QueryException Unexpected()
    {
        var token = Current;
        List<string> expected = _expectedAt == _position ? _expected : [];
        string detail = $"unexpected {token.Describe()}";
        if (expected.Count > 0)
            detail += "; expected " + JoinOr(expected);
        var candidates = KeywordCandidates(expected);

        // "SELECT COUNT(*) FORM adult": FORM was read as an alias, and the error shows only at 'adult'.
        if (_implicitAliasAt >= 0 && _implicitAliasAt == _position - 1)
        {
            var alias = _tokens[_implicitAliasAt];
            if (alias.Kind == TokenKind.Identifier && Suggestions.Closest(alias.Text, candidates) is { } meant)
                return Error(alias.Span, $"unexpected {token.Describe()} after '{alias.Text}', which reads as an alias here; did you mean '{meant}'?");
        }
        if (token.Kind == TokenKind.Identifier)
        {
            if (_nameExpected && token.IsReserved)
                detail += $" ('{token.Text}' is a reserved word; write \"{token.Text}\" to use it as a name)";
            else if (Suggestions.Closest(token.Text, candidates) is { } meant && !string.Equals(meant, token.Text, StringComparison.OrdinalIgnoreCase))
                detail += $"; did you mean '{meant}'?";
        }
        return Error(token.Span, detail);
    }

    /// <summary>The keywords among the expectations (first word of "GROUP BY"), then the operator keywords if an operator could come.</summary>
    private static List<string> KeywordCandidates(List<string> expected)
    {
        var candidates = new List<string>();
        foreach (string entry in expected)
        {
            string word = entry.Split(' ')[0];
            if (word.Length > 0 && word.All(char.IsAsciiLetterUpper))
                candidates.Add(word);
        }
        if (expected.Contains(OperatorExpectation))
            candidates.AddRange(OperatorKeywords);
        return candidates;
    }

    private static string JoinOr(List<string> items) =>
        items.Count == 1 ? items[0] : string.Join(", ", items.Take(items.Count - 1)) + " or " + items[^1];

    // ---- Depth ----

    /// <summary>Counts one level of recursion; refuses to go deeper than <see cref="MaxNestingDepth"/> or the stack allows.</summary>
    private void Enter()
    {
        if (++_nesting > MaxNestingDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw Error(Current.Span, $"the expression is nested too deeply (more than {MaxNestingDepth} levels)");
    }

    private void Leave() => _nesting--;

    /// <summary>Refuses a tree deeper than <see cref="MaxTreeDepth"/>, pointing at <paramref name="at"/>.</summary>
    private T Checked<T>(T expression, TextSpan at)
        where T : ExpressionSyntax
    {
        if (expression.Depth > MaxTreeDepth)
            throw Error(at, $"the expression is too deep (more than {MaxTreeDepth} nested operations); split it, or use IN (...) for long lists of alternatives");
        return expression;
    }
}
