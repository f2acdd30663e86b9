using PortraitDb.Query.Syntax;
using PortraitDb.Storage;

namespace PortraitDb.Tests.Query;

public sealed class ParserExpressionTests
{
    private static ExpressionSyntax Parse(string text) => Parser.ParseExpression(text);

    /// <summary>The canonical text of <paramref name="text"/>, after checking that it parses back to the same tree.</summary>
    private static string Canonical(string text)
    {
        var tree = Parse(text);
        string canonical = tree.ToString();
        Assert.True(tree.IsEquivalentTo(Parse(canonical)), $"'{canonical}' does not parse back to the tree of '{text}'");
        return canonical;
    }

    private static T Is<T>(ExpressionSyntax expression)
        where T : ExpressionSyntax => Assert.IsType<T>(expression);

    private static void IsColumn(ExpressionSyntax expression, string name) => Assert.Equal(name, Is<ColumnSyntax>(expression).ColumnName);

    [Fact]
    public void Literals_of_every_kind()
    {
        Assert.Equal(LiteralKind.Null, Is<LiteralSyntax>(Parse("NULL")).Kind);
        Assert.True(Is<LiteralSyntax>(Parse("true")).BooleanValue);
        Assert.False(Is<LiteralSyntax>(Parse("FALSE")).BooleanValue);
        Assert.Equal(42L, Is<LiteralSyntax>(Parse("42")).IntegerValue);
        Assert.Equal("北京", Is<LiteralSyntax>(Parse("'北京'")).StringValue);
        Assert.Equal("it's", Is<LiteralSyntax>(Parse("'it''s'")).Value);

        var fraction = Is<LiteralSyntax>(Parse("0.9"));
        Assert.Equal(LiteralKind.Number, fraction.Kind);
        Assert.False(fraction.IsInteger);
        Assert.Equal("0.9", fraction.NumberText);
        Assert.Equal(0.9, fraction.DoubleValue);
        Assert.Equal(0.9m, fraction.DecimalValue);

        var exponent = Is<LiteralSyntax>(Parse("1.5e300"));
        Assert.Null(exponent.DecimalValue);
        Assert.Equal(1.5e300, exponent.DoubleValue);
    }

    [Fact]
    public void A_minus_sign_folds_into_a_number_so_the_smallest_bigint_is_an_integer()
    {
        var smallest = Is<LiteralSyntax>(Parse("-9223372036854775808"));
        Assert.Equal(LiteralKind.Integer, smallest.Kind);
        Assert.Equal(long.MinValue, smallest.IntegerValue);
        Assert.Equal(new TextSpan(0, 20), smallest.Span);

        var tooLarge = Is<LiteralSyntax>(Parse("9223372036854775808"));
        Assert.Equal(LiteralKind.Number, tooLarge.Kind);
        Assert.True(tooLarge.IsInteger);
        Assert.Equal(9223372036854775808m, tooLarge.DecimalValue);

        Assert.Equal("-2.50", Is<LiteralSyntax>(Parse("- 2.50")).NumberText);
        Assert.Equal(5L, Is<LiteralSyntax>(Parse("-(-5)")).IntegerValue);
        Assert.Equal(UnaryOperator.Negate, Is<UnarySyntax>(Parse("-x")).Operator);
        Assert.Equal(UnaryOperator.Plus, Is<UnarySyntax>(Parse("+5")).Operator);
    }

    [Fact]
    public void Typed_literals_and_intervals()
    {
        var date = Is<TypedLiteralSyntax>(Parse("DATE '2026-01-31'"));
        Assert.Equal(ColumnType.Date, date.Type);
        Assert.Equal("2026-01-31", date.Value);
        Assert.Equal(ColumnType.Timestamp, Is<TypedLiteralSyntax>(Parse("timestamp '2026-01-31 10:00:00'")).Type);

        foreach (string text in new[] { "INTERVAL 30 DAY", "interval '30' days", "INTERVAL '30 days'", "INTERVAL ' 30Day '" })
        {
            var interval = Is<IntervalSyntax>(Parse(text));
            Assert.Equal(IntervalUnit.Day, interval.Unit);
            Assert.Equal(30L, Is<LiteralSyntax>(interval.Quantity).IntegerValue);
            Assert.Equal("INTERVAL 30 DAY", interval.ToString());
        }
        Assert.Equal("INTERVAL '-1' MONTH", Canonical("INTERVAL '-1 month'"));
        Assert.Equal("INTERVAL $n WEEK", Canonical("INTERVAL $n WEEKS"));
        Assert.Equal(1, Is<ParameterSyntax>(Is<IntervalSyntax>(Parse("INTERVAL ? YEAR")).Quantity).Position);
        foreach (string unit in new[] { "SECOND", "MINUTE", "HOUR", "DAY", "WEEK", "MONTH", "YEAR" })
            Assert.Equal($"INTERVAL 2 {unit}", Canonical($"INTERVAL 2 {unit.ToLowerInvariant()}s"));
    }

    [Fact]
    public void Date_interval_and_timestamp_are_names_where_no_literal_follows()
    {
        IsColumn(Parse("date"), "date");
        IsColumn(Is<BinarySyntax>(Parse("interval + 1")).Left, "interval");
        Assert.Equal("DATE", Is<FunctionCallSyntax>(Parse("DATE(ts)")).Name);
        Assert.Equal("last_order_date >= today() - INTERVAL 30 DAY", Canonical("last_order_date >= today() - interval 30 day"));
    }

    [Fact]
    public void Columns_may_be_qualified_and_quoted()
    {
        var column = Is<ColumnSyntax>(Parse("p.\"Default\""));
        Assert.Equal("p", column.TableName);
        Assert.Equal("Default", column.ColumnName);
        Assert.Equal(new TextSpan(0, 1), column.Table!.Span);
        Assert.Equal(new TextSpan(2, 9), column.Name.Span);
        Assert.Equal("p.Default", column.ToString());
        Assert.Equal("\"select\"", Canonical("\"select\""));
        Assert.Equal("\"a b\"", Canonical("\"a b\""));
        Assert.Equal("\"if\"", Canonical("\"if\""));
        Assert.Equal("day + month + key + type", Canonical("day + month + key + type"));
        Assert.Equal("城市 = '北京'", Canonical("城市 = '北京'"));
    }

    [Fact]
    public void Positional_parameters_are_numbered_in_text_order()
    {
        var tree = Parse("? + ? * f(?, $name) BETWEEN ? AND ?");
        var between = Is<BetweenSyntax>(tree);
        var add = Is<BinarySyntax>(between.Operand);
        Assert.Equal(1, Is<ParameterSyntax>(add.Left).Position);
        var multiply = Is<BinarySyntax>(add.Right);
        Assert.Equal(2, Is<ParameterSyntax>(multiply.Left).Position);
        var call = Is<FunctionCallSyntax>(multiply.Right);
        Assert.Equal(3, Is<ParameterSyntax>(call.Arguments[0]).Position);
        Assert.Equal("name", Is<ParameterSyntax>(call.Arguments[1]).Name);
        Assert.Equal(4, Is<ParameterSyntax>(between.Low).Position);
        Assert.Equal(5, Is<ParameterSyntax>(between.High).Position);
    }

    [Theory]
    [InlineData("a OR b AND c", "a OR b AND c")]
    [InlineData("(a OR b) AND c", "(a OR b) AND c")]
    [InlineData("a OR (b OR c)", "a OR (b OR c)")]
    [InlineData("(a OR b) OR c", "a OR b OR c")]
    [InlineData("NOT a = 1", "NOT a = 1")]
    [InlineData("(NOT a) = 1", "(NOT a) = 1")]
    [InlineData("NOT NOT a", "NOT NOT a")]
    [InlineData("a AND NOT b OR c", "a AND NOT b OR c")]
    [InlineData("1 + 2 * 3", "1 + 2 * 3")]
    [InlineData("(1 + 2) * 3", "(1 + 2) * 3")]
    [InlineData("1 - 2 - 3", "1 - 2 - 3")]
    [InlineData("1 - (2 - 3)", "1 - (2 - 3)")]
    [InlineData("a || b = c || d", "a || b = c || d")]
    [InlineData("a || (b + 1)", "a || b + 1")]
    [InlineData("(a || b) + 1", "(a || b) + 1")]
    [InlineData("-a::INT", "-CAST(a AS INT)")]
    [InlineData("(-a)::INT", "CAST(-a AS INT)")]
    [InlineData("- 2 * 3", "-2 * 3")]
    [InlineData("-(2 * 3)", "-(2 * 3)")]
    [InlineData("2 - -3", "2 - -3")]
    [InlineData("- -x", "- -x")]
    [InlineData("a = 1 = b", "a = 1 = b")]
    [InlineData("a = (1 = b)", "a = (1 = b)")]
    [InlineData("x BETWEEN 1 + 1 AND 5 AND y", "x BETWEEN 1 + 1 AND 5 AND y")]
    [InlineData("x BETWEEN (a AND b) AND c", "x BETWEEN (a AND b) AND c")]
    [InlineData("x = 1 IS NULL", "x = 1 IS NULL")]
    [InlineData("x IN (1, 2) = TRUE", "x IN (1, 2) = TRUE")]
    [InlineData("a % 7 / 2 * 3", "a % 7 / 2 * 3")]
    [InlineData("x::INT::TEXT", "CAST(CAST(x AS INT) AS TEXT)")]
    public void Precedence_and_canonical_parentheses(string text, string canonical) => Assert.Equal(canonical, Canonical(text));

    [Fact]
    public void Not_binds_looser_than_comparisons()
    {
        var not = Is<UnarySyntax>(Parse("NOT x = 1"));
        Assert.Equal(UnaryOperator.Not, not.Operator);
        Assert.Equal(BinaryOperator.Equal, Is<BinarySyntax>(not.Operand).Operator);

        var notHas = Is<UnarySyntax>(Parse("NOT likes HAS 'Action'"));
        Assert.Equal(HasMode.One, Is<HasSyntax>(notHas.Operand).Mode);

        var or = Is<BinarySyntax>(Parse("a = 1 AND NOT b = 2 OR c"));
        Assert.Equal(BinaryOperator.Or, or.Operator);
        var and = Is<BinarySyntax>(or.Left);
        Assert.Equal(BinaryOperator.And, and.Operator);
        Assert.Equal(UnaryOperator.Not, Is<UnarySyntax>(and.Right).Operator);
    }

    [Theory]
    [InlineData("a = 1", "Equal")]
    [InlineData("a == 1", "Equal")]
    [InlineData("a <> 1", "NotEqual")]
    [InlineData("a != 1", "NotEqual")]
    [InlineData("a < 1", "Less")]
    [InlineData("a <= 1", "LessOrEqual")]
    [InlineData("a > 1", "Greater")]
    [InlineData("a >= 1", "GreaterOrEqual")]
    [InlineData("a + 1", "Add")]
    [InlineData("a - 1", "Subtract")]
    [InlineData("a * 1", "Multiply")]
    [InlineData("a / 1", "Divide")]
    [InlineData("a % 1", "Modulo")]
    [InlineData("a || 1", "Concat")]
    [InlineData("a AND 1", "And")]
    [InlineData("a OR 1", "Or")]
    public void Every_binary_operator(string text, string expected)
    {
        var binary = Is<BinarySyntax>(Parse(text));
        Assert.Equal(Enum.Parse<BinaryOperator>(expected), binary.Operator);
        Assert.Equal(new TextSpan(0, text.Length), binary.Span);
        Assert.Equal(text[2..^2], binary.OperatorSpan.Slice(text));
    }

    [Fact]
    public void Predicates_and_their_negations()
    {
        var between = Is<BetweenSyntax>(Parse("age NOT BETWEEN 30 AND 39"));
        Assert.True(between.Negated);
        Assert.Equal(30L, Is<LiteralSyntax>(between.Low).IntegerValue);

        var inList = Is<InListSyntax>(Parse("workclass NOT IN ('Private', 'Self-emp-not-inc')"));
        Assert.True(inList.Negated);
        Assert.Equal(2, inList.Items.Count);
        Assert.False(Is<InListSyntax>(Parse("x IN (1)")).Negated);

        Assert.False(Is<IsNullSyntax>(Parse("workclass IS NULL")).Negated);
        Assert.True(Is<IsNullSyntax>(Parse("workclass is not null")).Negated);

        var like = Is<LikeSyntax>(Parse("education LIKE '%th'"));
        Assert.False(like.Negated || like.CaseInsensitive);
        Assert.Null(like.Escape);
        var ilike = Is<LikeSyntax>(Parse("city NOT ILIKE 'bei%' ESCAPE '\\'"));
        Assert.True(ilike.Negated && ilike.CaseInsensitive);
        Assert.Equal("\\", Is<LiteralSyntax>(ilike.Escape!).StringValue);
        Assert.Equal("city NOT ILIKE 'bei%' ESCAPE '\\'", ilike.ToString());
    }

    [Fact]
    public void Has_one_any_all_and_not_has()
    {
        var one = Is<HasSyntax>(Parse("likes HAS 'Sci-Fi'"));
        Assert.Equal(HasMode.One, one.Mode);
        IsColumn(one.Operand, "likes");
        Assert.Equal("Sci-Fi", Is<LiteralSyntax>(Assert.Single(one.Values)).StringValue);

        var any = Is<HasSyntax>(Parse("likes HAS ANY ('Horror', 'Film-Noir')"));
        Assert.Equal(HasMode.Any, any.Mode);
        Assert.Equal(2, any.Values.Count);

        var all = Is<HasSyntax>(Parse("likes has all ('Romance', 'War', 'Western')"));
        Assert.Equal(HasMode.All, all.Mode);
        Assert.Equal(3, all.Values.Count);

        var notHas = Is<HasSyntax>(Parse("likes NOT HAS ANY ($a, $b)"));
        Assert.True(notHas.Negated);
        Assert.Equal("likes NOT HAS ANY ($a, $b)", notHas.ToString());

        var and = Is<BinarySyntax>(Parse("age >= 35 AND likes HAS 'Romance' AND NOT likes HAS 'Action'"));
        Assert.IsType<UnarySyntax>(and.Right);
    }

    [Fact]
    public void Function_calls()
    {
        var countStar = Is<FunctionCallSyntax>(Parse("COUNT(*)"));
        Assert.True(countStar.IsStar);
        Assert.Empty(countStar.Arguments);
        Assert.Equal(new TextSpan(0, 5), countStar.NameSpan);

        var distinct = Is<FunctionCallSyntax>(Parse("count(DISTINCT occupation)"));
        Assert.True(distinct.Distinct);
        Assert.False(distinct.IsStar);
        Assert.Equal("count", distinct.Name);

        var today = Is<FunctionCallSyntax>(Parse("TODAY()"));
        Assert.Empty(today.Arguments);
        Assert.False(today.IsStar);

        Assert.Equal(5, Is<FunctionCallSyntax>(Parse("BUCKET(age, 18, 25, 35, 45)")).Arguments.Count);
        Assert.Equal("QUANTILE_CONT(balance, 0.9)", Canonical("QUANTILE_CONT(balance, 0.9)"));
        Assert.Equal("ROUND(100.0 * SUM(CASE WHEN income = '>50K' THEN 1 ELSE 0 END) / COUNT(*), 2)",
            Canonical("ROUND(100.0 * SUM(CASE WHEN income = '>50K' THEN 1 ELSE 0 END) / COUNT(*), 2)"));
        Assert.Equal("date_trunc('month', last_order_date)", Canonical("date_trunc('month', last_order_date)"));
        Assert.Equal("left", Is<FunctionCallSyntax>(Parse("\"left\"(x)")).Name);
        Assert.Equal("\"cast\"(x)", Canonical("\"cast\"(x)"));
    }

    [Fact]
    public void Case_in_both_forms()
    {
        var searched = Is<CaseSyntax>(Parse("CASE WHEN a > 1 THEN 'x' WHEN a > 0 THEN 'y' END"));
        Assert.Null(searched.Operand);
        Assert.Equal(2, searched.Whens.Count);
        Assert.Null(searched.Else);

        var simple = Is<CaseSyntax>(Parse("case gender when 'M' then 1 else 0 end"));
        IsColumn(simple.Operand!, "gender");
        Assert.Single(simple.Whens);
        Assert.Equal(0L, Is<LiteralSyntax>(simple.Else!).IntegerValue);
        Assert.Equal("CASE gender WHEN 'M' THEN 1 ELSE 0 END", simple.ToString());
    }

    [Fact]
    public void Casts_in_both_forms_resolve_their_types()
    {
        var cast = Is<CastSyntax>(Parse("CAST(x AS DECIMAL(12, 2))"));
        Assert.Equal(ColumnType.Decimal(12, 2), cast.Type.Type);
        var shorthand = Is<CastSyntax>(Parse("x::varchar(20)"));
        Assert.Equal(ColumnType.Text, shorthand.Type.Type);
        Assert.Equal(20, shorthand.Type.Precision);
        Assert.Equal("CAST(x AS VARCHAR(20))", shorthand.ToString());
        Assert.Equal(ColumnType.Double, Is<CastSyntax>(Parse("x::double precision")).Type.Type);
    }

    [Fact]
    public void In_audience_is_a_condition()
    {
        var and = Is<BinarySyntax>(Parse("IN AUDIENCE vip AND city = '北京'"));
        Assert.Equal("vip", Is<InAudienceSyntax>(and.Left).Audience.Name);
        var not = Is<UnarySyntax>(Parse("NOT IN AUDIENCE \"高价值\""));
        Assert.Equal("高价值", Is<InAudienceSyntax>(not.Operand).Audience.Name);
        Assert.Equal("NOT IN AUDIENCE 高价值", not.ToString());
    }

    [Fact]
    public void Audience_condition_with_chinese_values()
    {
        var tree = Parse("gender = 'female' AND city = '北京'");
        Assert.Equal("gender = 'female' AND city = '北京'", tree.ToString());
        var right = Is<BinarySyntax>(Is<BinarySyntax>(tree).Right);
        Assert.Equal("北京", Is<LiteralSyntax>(right.Right).StringValue);
        Assert.Equal(new TextSpan(29, 4), right.Right.Span);
    }

    [Fact]
    public void Spans_cover_the_text_including_parentheses_at_the_start()
    {
        const string text = "(a + b) * c";
        var multiply = Is<BinarySyntax>(Parse(text));
        Assert.Equal(new TextSpan(0, text.Length), multiply.Span);
        Assert.Equal(new TextSpan(1, 5), multiply.Left.Span);
        const string call = "  ROUND(AVG(age), 2)  ";
        Assert.Equal("ROUND(AVG(age), 2)", Parse(call).Span.Slice(call));
    }

    [Fact]
    public void Structural_equality_ignores_spans_case_of_names_and_redundant_parentheses()
    {
        Assert.True(Parse("A = 'x' AND b = 1").IsEquivalentTo(Parse("((a) = 'x') and (B = 1)")));
        Assert.False(Parse("a = 'x'").IsEquivalentTo(Parse("a = 'X'")));
        Assert.False(Parse("a - b - c").IsEquivalentTo(Parse("a - (b - c)")));
        Assert.Equal(Parse("COUNT(*)"), Parse("count( * )"), SyntaxEquality.Instance);
        Assert.Equal(
            SyntaxEquality.Instance.GetHashCode(Parse("Sum(X)")),
            SyntaxEquality.Instance.GetHashCode(Parse("sum(x)")));
    }
}
