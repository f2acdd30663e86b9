using System.Globalization;

namespace PortraitDb.Query.Syntax;

/// <summary>Expressions, by precedence from lowest: OR; AND; NOT; comparisons and predicates; ||; + -; * / %; prefix - +; ::; primary.</summary>
internal sealed partial class Parser
{
    private const string UnitExpectation = "an interval unit (DAY, WEEK, MONTH, YEAR, HOUR, MINUTE or SECOND)";

    private ExpressionSyntax ParseExpression()
    {
        Enter();
        var expression = ParseOr();
        Leave();
        return expression;
    }

    private List<ExpressionSyntax> ParseExpressionList()
    {
        var items = new List<ExpressionSyntax> { ParseExpression() };
        while (Accept(TokenKind.Comma))
            items.Add(ParseExpression());
        return items;
    }

    private ExpressionSyntax ParseOr()
    {
        int start = Current.Span.Start;
        var left = ParseAnd();
        while (AtKeyword(Keyword.Or))
        {
            var op = Advance();
            var right = ParseAnd();
            left = Checked(new BinarySyntax(BinaryOperator.Or, left, right, op.Span, SpanFrom(start)), op.Span);
        }
        Expect(OperatorExpectation);
        return left;
    }

    private ExpressionSyntax ParseAnd()
    {
        int start = Current.Span.Start;
        var left = ParseNot();
        while (AtKeyword(Keyword.And))
        {
            var op = Advance();
            var right = ParseNot();
            left = Checked(new BinarySyntax(BinaryOperator.And, left, right, op.Span, SpanFrom(start)), op.Span);
        }
        Expect(OperatorExpectation);
        return left;
    }

    private ExpressionSyntax ParseNot()
    {
        if (!AtKeyword(Keyword.Not))
            return ParseComparison();
        var op = Advance();
        Enter();
        var operand = ParseNot();
        Leave();
        return Checked(new UnarySyntax(UnaryOperator.Not, operand, op.Span, SpanFrom(op.Span.Start)), op.Span);
    }

    private ExpressionSyntax ParseComparison()
    {
        int start = Current.Span.Start;
        var left = ParseConcat();
        while (true)
        {
            var token = Current;
            BinaryOperator? comparison = token.Kind switch
            {
                TokenKind.Equal => BinaryOperator.Equal,
                TokenKind.NotEqual => BinaryOperator.NotEqual,
                TokenKind.Less => BinaryOperator.Less,
                TokenKind.LessOrEqual => BinaryOperator.LessOrEqual,
                TokenKind.Greater => BinaryOperator.Greater,
                TokenKind.GreaterOrEqual => BinaryOperator.GreaterOrEqual,
                _ => null,
            };
            if (comparison is { } op)
            {
                Advance();
                var right = ParseConcat();
                left = Checked(new BinarySyntax(op, left, right, token.Span, SpanFrom(start)), token.Span);
                continue;
            }
            if (AtKeyword(Keyword.Is))
            {
                Advance();
                bool isNot = AcceptKeyword(Keyword.Not);
                RequireKeyword(Keyword.Null);
                left = Checked(new IsNullSyntax(left, isNot, SpanFrom(start)), token.Span);
                continue;
            }
            bool negated = false;
            if (AtKeyword(Keyword.Not) && PeekToken(1) is { Kind: TokenKind.Identifier, Keyword: Keyword.In or Keyword.Between or Keyword.Like or Keyword.Ilike or Keyword.Has })
            {
                Advance();
                negated = true;
            }
            var predicate = ParsePredicate(left, start, negated);
            if (predicate is null)
            {
                Expect(OperatorExpectation);
                return left;
            }
            left = Checked(predicate, token.Span);
        }
    }

    /// <summary>IN, BETWEEN, LIKE, ILIKE or HAS after <paramref name="left"/>, or null when none comes next.</summary>
    private ExpressionSyntax? ParsePredicate(ExpressionSyntax left, int start, bool negated)
    {
        switch (Current.Kind == TokenKind.Identifier ? Current.Keyword : Keyword.None)
        {
            case Keyword.In:
                {
                    Advance();
                    Require(TokenKind.LeftParen);
                    if (AtKeyword(Keyword.Select))
                    {
                        Enter();
                        var query = ParseSelect();
                        Leave();
                        Require(TokenKind.RightParen);
                        return new InSubquerySyntax(left, query, negated, SpanFrom(start));
                    }
                    var items = ParseExpressionList();
                    Require(TokenKind.RightParen);
                    return new InListSyntax(left, items, negated, SpanFrom(start));
                }
            case Keyword.Between:
                {
                    Advance();
                    var low = ParseConcat();
                    RequireKeyword(Keyword.And);
                    var high = ParseConcat();
                    return new BetweenSyntax(left, low, high, negated, SpanFrom(start));
                }
            case Keyword.Like:
            case Keyword.Ilike:
                {
                    bool caseInsensitive = Advance().Keyword == Keyword.Ilike;
                    var pattern = ParseConcat();
                    var escape = AcceptKeyword(Keyword.Escape) ? ParseConcat() : null;
                    return new LikeSyntax(left, pattern, escape, negated, caseInsensitive, SpanFrom(start));
                }
            case Keyword.Has:
                {
                    Advance();
                    var mode = AcceptKeyword(Keyword.Any) ? HasMode.Any : AcceptKeyword(Keyword.All) ? HasMode.All : HasMode.One;
                    List<ExpressionSyntax> values;
                    if (mode == HasMode.One)
                    {
                        values = [ParseConcat()];
                    }
                    else
                    {
                        Require(TokenKind.LeftParen);
                        values = ParseExpressionList();
                        Require(TokenKind.RightParen);
                    }
                    return new HasSyntax(left, mode, values, negated, SpanFrom(start));
                }
            default:
                return null;
        }
    }

    private ExpressionSyntax ParseConcat()
    {
        int start = Current.Span.Start;
        var left = ParseAdditive();
        while (At(TokenKind.Concat))
        {
            var op = Advance();
            var right = ParseAdditive();
            left = Checked(new BinarySyntax(BinaryOperator.Concat, left, right, op.Span, SpanFrom(start)), op.Span);
        }
        Expect(OperatorExpectation);
        return left;
    }

    private ExpressionSyntax ParseAdditive()
    {
        int start = Current.Span.Start;
        var left = ParseMultiplicative();
        while (At(TokenKind.Plus) || At(TokenKind.Minus))
        {
            var op = Advance();
            var right = ParseMultiplicative();
            var @operator = op.Kind == TokenKind.Plus ? BinaryOperator.Add : BinaryOperator.Subtract;
            left = Checked(new BinarySyntax(@operator, left, right, op.Span, SpanFrom(start)), op.Span);
        }
        Expect(OperatorExpectation);
        return left;
    }

    private ExpressionSyntax ParseMultiplicative()
    {
        int start = Current.Span.Start;
        var left = ParseUnary();
        while (At(TokenKind.Star) || At(TokenKind.Slash) || At(TokenKind.Percent))
        {
            var op = Advance();
            var right = ParseUnary();
            var @operator = op.Kind switch
            {
                TokenKind.Star => BinaryOperator.Multiply,
                TokenKind.Slash => BinaryOperator.Divide,
                _ => BinaryOperator.Modulo,
            };
            left = Checked(new BinarySyntax(@operator, left, right, op.Span, SpanFrom(start)), op.Span);
        }
        Expect(OperatorExpectation);
        return left;
    }

    private ExpressionSyntax ParseUnary()
    {
        if (!At(TokenKind.Minus) && !At(TokenKind.Plus))
            return ParsePostfix();
        var op = Advance();
        Enter();
        var operand = ParseUnary();
        Leave();
        var span = SpanFrom(op.Span.Start);
        // -5 is the literal -5 (so the smallest BIGINT can be written), not the negation of 5.
        if (op.Kind == TokenKind.Minus && operand is LiteralSyntax { IsNumber: true } number)
            return number.Negate(span);
        var @operator = op.Kind == TokenKind.Minus ? UnaryOperator.Negate : UnaryOperator.Plus;
        return Checked(new UnarySyntax(@operator, operand, op.Span, span), op.Span);
    }

    private ExpressionSyntax ParsePostfix()
    {
        int start = Current.Span.Start;
        var expression = ParsePrimary();
        while (At(TokenKind.DoubleColon))
        {
            var op = Advance();
            var type = ParseTypeName();
            expression = Checked(new CastSyntax(expression, type, SpanFrom(start)), op.Span);
        }
        Expect(OperatorExpectation);
        return expression;
    }

    private ExpressionSyntax ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Integer:
                Advance();
                return LiteralSyntax.Integer((long)token.Value!, token.Span);
            case TokenKind.Number:
                Advance();
                return LiteralSyntax.Number(token.Text, token.Span);
            case TokenKind.String:
                Advance();
                return LiteralSyntax.String(token.Text, token.Span);
            case TokenKind.NamedParameter:
                Advance();
                return new ParameterSyntax(token.Text, token.Span);
            case TokenKind.QuestionMark:
                Advance();
                return new ParameterSyntax(++_parameterCount, token.Span);
            case TokenKind.LeftParen:
                {
                    Advance();
                    var inner = ParseExpression();
                    Require(TokenKind.RightParen);
                    return inner;
                }
            case TokenKind.QuotedIdentifier:
                return ParseNameOrCall();
            case TokenKind.Identifier:
                switch (token.Keyword)
                {
                    case Keyword.Null:
                        Advance();
                        return LiteralSyntax.Null(token.Span);
                    case Keyword.True:
                    case Keyword.False:
                        Advance();
                        return LiteralSyntax.Boolean(token.Keyword == Keyword.True, token.Span);
                    case Keyword.Case:
                        return ParseCase();
                    case Keyword.Cast:
                        return ParseCast();
                    case Keyword.In when PeekToken(1) is { Kind: TokenKind.Identifier, Keyword: Keyword.Audience }:
                        return ParseInAudience();
                    case Keyword.Interval when PeekToken(1).Kind is TokenKind.String or TokenKind.Integer or TokenKind.NamedParameter or TokenKind.QuestionMark:
                        return ParseInterval();
                    case Keyword.Date or Keyword.Timestamp when PeekToken(1).Kind == TokenKind.String:
                        return ParseTypedLiteral();
                }
                if (!token.IsReserved)
                    return ParseNameOrCall();
                break;
        }
        Expect("an expression");
        throw Unexpected();
    }

    /// <summary>A column (<c>age</c>, <c>p.age</c>) or a call (<c>COUNT(*)</c>).</summary>
    private ExpressionSyntax ParseNameOrCall()
    {
        var first = Advance();
        var firstName = new IdentifierSyntax(first.Text, first.Span);
        if (At(TokenKind.LeftParen))
            return ParseCall(first);
        if (!At(TokenKind.Dot))
            return new ColumnSyntax(null, firstName, first.Span);
        Advance();
        if (At(TokenKind.Star))
            throw Error(Current.Span, $"'{first.Text}.*' is only allowed as an item of a select list");
        var column = ParseName("a column name");
        return new ColumnSyntax(firstName, column, SpanFrom(first.Span.Start));
    }

    private ExpressionSyntax ParseCall(Token name)
    {
        Require(TokenKind.LeftParen);
        if (Accept(TokenKind.Star))
        {
            Require(TokenKind.RightParen);
            return new FunctionCallSyntax(name.Text, name.Span, [], distinct: false, isStar: true, SpanFrom(name.Span.Start));
        }
        if (Accept(TokenKind.RightParen))
            return new FunctionCallSyntax(name.Text, name.Span, [], distinct: false, isStar: false, SpanFrom(name.Span.Start));
        bool distinct = AcceptKeyword(Keyword.Distinct);
        var arguments = ParseExpressionList();
        Require(TokenKind.RightParen);
        return Checked(new FunctionCallSyntax(name.Text, name.Span, arguments, distinct, isStar: false, SpanFrom(name.Span.Start)), name.Span);
    }

    private ExpressionSyntax ParseCase()
    {
        var caseToken = Advance();
        ExpressionSyntax? operand = null;
        if (!AtKeyword(Keyword.When))
        {
            Expect("WHEN");
            operand = ParseExpression();
        }
        var whens = new List<CaseWhenSyntax>();
        do
        {
            var when = RequireKeyword(Keyword.When);
            var condition = ParseExpression();
            RequireKeyword(Keyword.Then);
            var result = ParseExpression();
            whens.Add(new CaseWhenSyntax(condition, result, SpanFrom(when.Span.Start)));
        }
        while (AtKeyword(Keyword.When) || Expected("WHEN"));
        var @else = AcceptKeyword(Keyword.Else) ? ParseExpression() : null;
        RequireKeyword(Keyword.End);
        return Checked(new CaseSyntax(operand, whens, @else, SpanFrom(caseToken.Span.Start)), caseToken.Span);
    }

    /// <summary>Notes an expectation and returns false (for loop conditions).</summary>
    private bool Expected(string description)
    {
        Expect(description);
        return false;
    }

    private ExpressionSyntax ParseCast()
    {
        var cast = Advance();
        Require(TokenKind.LeftParen);
        var operand = ParseExpression();
        RequireKeyword(Keyword.As);
        var type = ParseTypeName();
        Require(TokenKind.RightParen);
        return Checked(new CastSyntax(operand, type, SpanFrom(cast.Span.Start)), cast.Span);
    }

    private InAudienceSyntax ParseInAudience()
    {
        var inToken = Advance();
        Advance();
        var name = ParseName("an audience name");
        return new InAudienceSyntax(name, SpanFrom(inToken.Span.Start));
    }

    private TypedLiteralSyntax ParseTypedLiteral()
    {
        var typeToken = Advance();
        var value = Advance();
        var type = typeToken.Keyword == Keyword.Date ? Storage.ColumnType.Date : Storage.ColumnType.Timestamp;
        return new TypedLiteralSyntax(type, value.Text, value.Span, SpanFrom(typeToken.Span.Start));
    }

    /// <summary><c>INTERVAL 30 DAY</c>, <c>INTERVAL '30' DAY</c>, <c>INTERVAL '30 days'</c>, <c>INTERVAL $n DAY</c>.</summary>
    private IntervalSyntax ParseInterval()
    {
        var intervalToken = Advance();
        var quantityToken = Advance();
        ExpressionSyntax quantity;
        IntervalUnit? unit = null;
        var unitSpan = default(TextSpan);
        switch (quantityToken.Kind)
        {
            case TokenKind.Integer:
                quantity = LiteralSyntax.Integer((long)quantityToken.Value!, quantityToken.Span);
                break;
            case TokenKind.NamedParameter:
                quantity = new ParameterSyntax(quantityToken.Text, quantityToken.Span);
                break;
            case TokenKind.QuestionMark:
                quantity = new ParameterSyntax(++_parameterCount, quantityToken.Span);
                break;
            default:
                quantity = ParseIntervalString(quantityToken, out unit);
                unitSpan = quantityToken.Span;
                break;
        }
        if (unit is null)
        {
            var unitToken = Current;
            if (unitToken.Kind == TokenKind.Identifier && IntervalSyntax.ParseUnit(unitToken.Text) is { } parsed)
            {
                Advance();
                unit = parsed;
                unitSpan = unitToken.Span;
            }
            else
            {
                Expect(UnitExpectation);
                throw UnexpectedUnit(unitToken);
            }
        }
        return new IntervalSyntax(quantity, unit.Value, unitSpan, SpanFrom(intervalToken.Span.Start));
    }

    /// <summary>'30', '-7', '30 days', '1 month': a whole number, optionally followed by a unit.</summary>
    private LiteralSyntax ParseIntervalString(Token token, out IntervalUnit? unit)
    {
        unit = null;
        string text = token.Text.Trim();
        int index = 0;
        if (index < text.Length && (text[index] == '-' || text[index] == '+'))
            index++;
        int digitsStart = index;
        while (index < text.Length && char.IsAsciiDigit(text[index]))
            index++;
        int numberEnd = index;
        while (index < text.Length && char.IsWhiteSpace(text[index]))
            index++;
        string unitText = text[index..];
        if (numberEnd == digitsStart || (unitText.Length > 0 && !unitText.All(char.IsAsciiLetter)))
            throw Error(token.Span, $"invalid interval {SyntaxFacts.QuoteString(token.Text)}; write a whole number and a unit, as in INTERVAL '30 days' or INTERVAL 30 DAY");
        if (!long.TryParse(text.AsSpan(0, numberEnd), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
            throw Error(token.Span, $"the interval {SyntaxFacts.QuoteString(token.Text)} is out of range");
        if (unitText.Length > 0)
        {
            unit = IntervalSyntax.ParseUnit(unitText);
            if (unit is null)
                throw Error(token.Span, $"unknown interval unit '{unitText}'{UnitSuggestion(unitText)}; the units are DAY, WEEK, MONTH, YEAR, HOUR, MINUTE and SECOND");
        }
        return LiteralSyntax.Integer(value, token.Span);
    }

    private QueryException UnexpectedUnit(Token token)
    {
        var error = Unexpected();
        if (token.Kind != TokenKind.Identifier)
            return error;
        string suggestion = UnitSuggestion(token.Text);
        return suggestion.Length == 0 ? error : Error(token.Span, error.Detail + suggestion);
    }

    private static string UnitSuggestion(string word)
    {
        string[] names = [.. Enum.GetValues<IntervalUnit>().SelectMany(unit => new[] { IntervalSyntax.UnitName(unit), IntervalSyntax.UnitName(unit) + "S" })];
        return Suggestions.Closest(word, names) is { } meant ? $"; did you mean '{meant}'?" : "";
    }

    /// <summary><c>INT</c>, <c>DECIMAL(12, 2)</c>, <c>VARCHAR(20)</c>, <c>DOUBLE PRECISION</c>; resolved now, so an unknown name is a syntax error.</summary>
    private TypeNameSyntax ParseTypeName()
    {
        var token = Current;
        if (token.Kind != TokenKind.Identifier || token.IsReserved)
        {
            Expect("a type name");
            throw Unexpected();
        }
        Advance();
        string name = token.Text;
        if (string.Equals(name, "DOUBLE", StringComparison.OrdinalIgnoreCase) && Current is { Kind: TokenKind.Identifier } next
            && string.Equals(next.Text, "PRECISION", StringComparison.OrdinalIgnoreCase))
            Advance();
        int? precision = null;
        int? scale = null;
        if (At(TokenKind.LeftParen) && TypeNameSyntax.KnownNames.Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            Advance();
            precision = ParseTypeParameter();
            if (Accept(TokenKind.Comma))
                scale = ParseTypeParameter();
            Require(TokenKind.RightParen);
        }
        var span = SpanFrom(token.Span.Start);
        if (!TypeNameSyntax.TryResolve(name, precision, scale, out var type, out string? error))
            throw Error(TypeNameSyntax.KnownNames.Contains(name, StringComparer.OrdinalIgnoreCase) ? span : token.Span, error!);
        return new TypeNameSyntax(name, precision, scale, type, span);
    }

    private int ParseTypeParameter()
    {
        var token = Current;
        if (token.Kind == TokenKind.Integer && (long)token.Value! <= 1000)
        {
            Advance();
            return (int)(long)token.Value!;
        }
        if (token.Kind == TokenKind.Integer)
            throw Error(token.Span, $"the type parameter {token.Text} is out of range");
        Expect("a number");
        throw Unexpected();
    }
}
