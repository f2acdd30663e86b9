using System.Globalization;
using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary>
/// Splits query text into <see cref="Token"/>s: words (keywords are recognised in any case), double-quoted
/// names, single-quoted strings, numbers, <c>$name</c> and <c>?</c> parameters, and operators. Skips white space,
/// <c>--</c> line comments and <c>/* */</c> block comments. Errors are <see cref="QueryException"/>s of kind
/// Syntax pointing at the offending character in the whole text.
/// </summary>
internal sealed class Lexer
{
    private readonly string _text;
    private readonly List<Token> _tokens = [];
    private int _index;

    private Lexer(string text)
    {
        _text = text;
    }

    /// <summary>The tokens of <paramref name="text"/>, ending with one <see cref="TokenKind.EndOfInput"/>.</summary>
    /// <exception cref="QueryException">A character or literal that cannot start or end a token.</exception>
    public static List<Token> Tokenize(string text)
    {
        var lexer = new Lexer(text);
        lexer.Run();
        return lexer._tokens;
    }

    private void Run()
    {
        while (true)
        {
            SkipTrivia();
            if (_index >= _text.Length)
            {
                _tokens.Add(new Token(TokenKind.EndOfInput, new TextSpan(_text.Length, 0), ""));
                return;
            }
            _tokens.Add(Next());
        }
    }

    private void SkipTrivia()
    {
        while (_index < _text.Length)
        {
            char c = _text[_index];
            if (char.IsWhiteSpace(c))
            {
                _index++;
            }
            else if (c == '-' && Peek(1) == '-')
            {
                while (_index < _text.Length && _text[_index] != '\n')
                    _index++;
            }
            else if (c == '/' && Peek(1) == '*')
            {
                int end = _text.IndexOf("*/", _index + 2, StringComparison.Ordinal);
                if (end < 0)
                    throw Error(_index, 2, $"unterminated comment starting {Where(_index)}; close it with '*/'");
                _index = end + 2;
            }
            else
            {
                return;
            }
        }
    }

    private char Peek(int offset) => _index + offset < _text.Length ? _text[_index + offset] : '\0';

    private Token Next()
    {
        int start = _index;
        char c = _text[_index];
        if (SyntaxFacts.IdentifierCharLength(_text, _index, first: true) > 0)
            return Word(start);
        if (char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(Peek(1))))
            return NumberToken(start);
        switch (c)
        {
            case '\'':
                return StringToken(start);
            case '"':
                return QuotedIdentifier(start);
            case '$':
                return NamedParameter(start);
            case '?':
                return Single(TokenKind.QuestionMark, 1);
            case '=':
                return Peek(1) == '=' ? Single(TokenKind.Equal, 2) : Single(TokenKind.Equal, 1);
            case '<':
                return Peek(1) switch
                {
                    '=' => Single(TokenKind.LessOrEqual, 2),
                    '>' => Single(TokenKind.NotEqual, 2),
                    _ => Single(TokenKind.Less, 1),
                };
            case '>':
                return Peek(1) == '=' ? Single(TokenKind.GreaterOrEqual, 2) : Single(TokenKind.Greater, 1);
            case '!':
                if (Peek(1) == '=')
                    return Single(TokenKind.NotEqual, 2);
                throw Error(start, 1, "unexpected character '!'; write != or <> for 'not equal', and NOT for negation");
            case '|':
                if (Peek(1) == '|')
                    return Single(TokenKind.Concat, 2);
                throw Error(start, 1, "unexpected character '|'; write || to join strings");
            case ':':
                if (Peek(1) == ':')
                    return Single(TokenKind.DoubleColon, 2);
                throw Error(start, 1, "unexpected character ':'; write :: to cast, as in x::INT");
            case '+':
                return Single(TokenKind.Plus, 1);
            case '-':
                return Single(TokenKind.Minus, 1);
            case '*':
                return Single(TokenKind.Star, 1);
            case '/':
                return Single(TokenKind.Slash, 1);
            case '%':
                return Single(TokenKind.Percent, 1);
            case '(':
                return Single(TokenKind.LeftParen, 1);
            case ')':
                return Single(TokenKind.RightParen, 1);
            case ',':
                return Single(TokenKind.Comma, 1);
            case ';':
                return Single(TokenKind.Semicolon, 1);
            case '.':
                return Single(TokenKind.Dot, 1);
            default:
                throw UnexpectedCharacter(start);
        }
    }

    private Token Single(TokenKind kind, int length)
    {
        var token = new Token(kind, new TextSpan(_index, length), OperatorText(_text.AsSpan(_index, length)));
        _index += length;
        return token;
    }

    /// <summary>The operator's text as a constant, so operator tokens allocate nothing.</summary>
    private static string OperatorText(ReadOnlySpan<char> text) => text switch
    {
        "=" => "=",
        "==" => "==",
        "<>" => "<>",
        "!=" => "!=",
        "<" => "<",
        "<=" => "<=",
        ">" => ">",
        ">=" => ">=",
        "+" => "+",
        "-" => "-",
        "*" => "*",
        "/" => "/",
        "%" => "%",
        "||" => "||",
        "(" => "(",
        ")" => ")",
        "," => ",",
        ";" => ";",
        "." => ".",
        "::" => "::",
        "?" => "?",
        _ => text.ToString(),
    };

    private Token Word(int start)
    {
        while (_index < _text.Length)
        {
            int length = SyntaxFacts.IdentifierCharLength(_text, _index, first: false);
            if (length == 0)
                break;
            _index += length;
        }
        string word = _text[start.._index];
        return new Token(TokenKind.Identifier, new TextSpan(start, _index - start), word, Keywords.Lookup(word));
    }

    private Token NumberToken(int start)
    {
        bool integer = true;
        SkipDigits();
        if (_index < _text.Length && _text[_index] == '.')
        {
            integer = false;
            _index++;
            SkipDigits();
        }
        if (_index < _text.Length && (_text[_index] == 'e' || _text[_index] == 'E'))
        {
            int exponent = _index + 1;
            if (exponent < _text.Length && (_text[exponent] == '+' || _text[exponent] == '-'))
                exponent++;
            if (exponent < _text.Length && char.IsAsciiDigit(_text[exponent]))
            {
                integer = false;
                _index = exponent;
                SkipDigits();
            }
        }
        // "12abc" or "1e" is one malformed number, not a number followed by a name.
        if (_index < _text.Length && (SyntaxFacts.IdentifierCharLength(_text, _index, first: false) > 0 || _text[_index] == '.'))
        {
            int end = _index;
            while (end < _text.Length && (SyntaxFacts.IdentifierCharLength(_text, end, first: false) > 0 || _text[end] == '.'))
                end++;
            throw Error(start, end - start, $"invalid number '{_text[start..end]}'");
        }
        var span = new TextSpan(start, _index - start);
        string text = _text[start.._index];
        if (integer && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value))
            return new Token(TokenKind.Integer, span, text, Value: value);
        if (!double.IsFinite(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)))
            throw Error(start, span.Length, $"the number {text} is out of range");
        return new Token(TokenKind.Number, span, text);
    }

    private void SkipDigits()
    {
        while (_index < _text.Length && char.IsAsciiDigit(_text[_index]))
            _index++;
    }

    private Token StringToken(int start)
    {
        string value = Quoted(start, '\'', "string");
        return new Token(TokenKind.String, new TextSpan(start, _index - start), value, Value: value);
    }

    private Token QuotedIdentifier(int start)
    {
        string name = Quoted(start, '"', "quoted name");
        if (name.Length == 0)
            throw Error(start, 2, "a quoted name cannot be empty");
        return new Token(TokenKind.QuotedIdentifier, new TextSpan(start, _index - start), name);
    }

    /// <summary>Reads a quoted run from the opening quote at <paramref name="start"/>; a doubled quote stands for one.</summary>
    private string Quoted(int start, char quote, string what)
    {
        var value = new StringBuilder();
        int index = start + 1;
        while (true)
        {
            int close = _text.IndexOf(quote, index);
            if (close < 0)
                throw Error(start, 1, $"unterminated {what} starting {Where(start)}; close it with {quote}");
            value.Append(_text, index, close - index);
            if (close + 1 < _text.Length && _text[close + 1] == quote)
            {
                value.Append(quote);
                index = close + 2;
                continue;
            }
            _index = close + 1;
            return value.ToString();
        }
    }

    private Token NamedParameter(int start)
    {
        _index++;
        while (_index < _text.Length)
        {
            int length = SyntaxFacts.IdentifierCharLength(_text, _index, first: false);
            if (length == 0)
                break;
            _index += length;
        }
        if (_index == start + 1)
            throw Error(start, 1, "expected a parameter name after '$', as in $city");
        return new Token(TokenKind.NamedParameter, new TextSpan(start, _index - start), _text[(start + 1).._index]);
    }

    private QueryException UnexpectedCharacter(int start)
    {
        char c = _text[start];
        int length = char.IsHighSurrogate(c) && start + 1 < _text.Length && char.IsLowSurrogate(_text[start + 1]) ? 2 : 1;
        string shown = _text.Substring(start, length);
        string? hint = c switch
        {
            '，' => "a full-width comma; write ','",
            '（' => "a full-width parenthesis; write '('",
            '）' => "a full-width parenthesis; write ')'",
            '；' => "a full-width semicolon; write ';'",
            '＝' => "a full-width equals sign; write '='",
            '‘' or '’' => "a curly quote; strings are written between straight quotes '...'",
            '“' or '”' => "a curly quote; names are quoted with straight double quotes \"...\"",
            '`' => "names are quoted with double quotes \"...\", not backticks",
            _ => null,
        };
        string detail = char.IsControl(c) ? $"unexpected character U+{(int)c:X4}" : $"unexpected character '{shown}'";
        return Error(start, length, hint is null ? detail : $"{detail} ({hint})");
    }

    private string Where(int position)
    {
        int line = 1;
        int lineStart = 0;
        for (int index = 0; index < position; index++)
        {
            if (_text[index] == '\n')
            {
                line++;
                lineStart = index + 1;
            }
        }
        return $"at line {line}, column {position - lineStart + 1}";
    }

    private QueryException Error(int position, int length, string detail) =>
        new(PortraitDbErrorKind.Syntax, detail, _text, position, length);
}
