using System.Text;
using PortraitDb.Query;
using PortraitDb.Query.Syntax;

namespace PortraitDb.Tests.Query;

public sealed class ParserErrorTests
{
    private static QueryException ScriptError(string text)
    {
        var error = Assert.Throws<QueryException>(() => Parser.ParseScript(text));
        Assert.Equal(PortraitDbErrorKind.Syntax, error.Kind);
        Assert.StartsWith("Syntax Error: ", error.Message, StringComparison.Ordinal);
        return error;
    }

    private static QueryException ExpressionError(string text)
    {
        var error = Assert.Throws<QueryException>(() => Parser.ParseExpression(text));
        Assert.Equal(PortraitDbErrorKind.Syntax, error.Kind);
        return error;
    }

    private static void AssertAt(QueryException error, string text, string token)
    {
        Assert.Equal(text.IndexOf(token, StringComparison.Ordinal), error.Position);
        Assert.Equal(token.Length, error.Length);
    }

    [Fact]
    public void A_misspelt_leading_keyword_gets_a_suggestion_a_caret_and_the_statement_list()
    {
        var error = ScriptError("SELEC COUNT(*) FROM adult");
        Assert.Equal(
            "Syntax Error: unexpected 'SELEC'; expected SELECT, EXPLAIN, CREATE, DROP, IMPORT, INSERT, UPDATE, DELETE, SHOW, DESCRIBE, ALTER, RFM, PARETO, SET, PROFILE, COMPARE, OVERLAP, SAMPLE, EXPORT or CHECKPOINT; "
            + "did you mean 'SELECT'? (line 1, column 1)" + Environment.NewLine
            + "  SELEC COUNT(*) FROM adult" + Environment.NewLine
            + "  ^^^^^",
            error.Message);
        Assert.Contains("did you mean 'SELECT'?", error.Message, StringComparison.Ordinal);
        Assert.Equal("DELETE", Suggestions.Closest("delet", ["SELECT", "DELETE"]));
    }

    [Fact]
    public void A_misspelt_keyword_read_as_an_alias_is_pointed_out()
    {
        const string text = "SELECT COUNT(*) FORM adult";
        var error = ScriptError(text);
        AssertAt(error, text, "FORM");
        Assert.Equal(
            "Syntax Error: unexpected 'adult' after 'FORM', which reads as an alias here; did you mean 'FROM'? (line 1, column 17)" + Environment.NewLine
            + "  SELECT COUNT(*) FORM adult" + Environment.NewLine
            + "                  ^^^^",
            error.Message);

        const string where = "SELECT * FROM adult WEHRE age > 3";
        var whereError = ScriptError(where);
        AssertAt(whereError, where, "WEHRE");
        Assert.Contains("did you mean 'WHERE'?", whereError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_clause_keyword_after_an_expression_gets_a_suggestion()
    {
        const string text = "SELECT * FROM adult WHERE age > 3 ODER BY age";
        var error = ScriptError(text);
        AssertAt(error, text, "ODER");
        Assert.Equal(
            "Syntax Error: unexpected 'ODER'; expected an operator, GROUP BY, HAVING, ORDER BY, LIMIT, OFFSET or end of statement; did you mean 'ORDER'? (line 1, column 35)"
            + Environment.NewLine + "  SELECT * FROM adult WHERE age > 3 ODER BY age" + Environment.NewLine
            + "                                    ^^^^",
            error.Message);

        var and = ExpressionError("a = 1 ADN b = 2");
        Assert.Contains("did you mean 'AND'?", and.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT FROM t", "FROM", "unexpected 'FROM'; expected DISTINCT, '*' or an expression")]
    [InlineData("SELECT a FROM t GROUP age", "age", "unexpected 'age'; expected BY")]
    [InlineData("SELECT a FROM t WHERE", "", "unexpected end of input; expected an expression")]
    [InlineData("SELECT (1 + 2 FROM t", "FROM", "expected an operator or ')'")]
    [InlineData("SELECT a FROM t LIMIT 1 SELECT 2", "SELECT 2", "unexpected 'SELECT'; expected an operator, OFFSET or end of statement")]
    [InlineData("SELECT a b c FROM t", "c", "unexpected 'c'; expected ','")]
    [InlineData("SELECT x IN () FROM t", ")", "unexpected ')'; expected an expression")]
    [InlineData("SELECT x NOT = 1", "NOT", "unexpected 'NOT'")]
    [InlineData("SELECT a FROM t WHERE p.* = 1", "*", "'p.*' is only allowed as an item of a select list")]
    [InlineData("SELECT CASE END", "END", "unexpected 'END'; expected WHEN or an expression")]
    [InlineData("SELECT CASE WHEN a THEN b", "", "unexpected end of input; expected an operator, WHEN, ELSE or END")]
    [InlineData("SELECT CAST(x INT)", "INT", "expected an operator or AS")]
    [InlineData("SELECT x IS 1", "1", "expected NOT or NULL")]
    [InlineData("SELECT likes HAS ANY 'x'", "'x'", "unexpected the string 'x'; expected '('")]
    [InlineData("SELECT * FROM order", "order", "'order' is a reserved word; write \"order\" to use it as a name")]
    [InlineData("EXPLAIN EXPLAIN SELECT 1", "EXPLAIN SELECT", "EXPLAIN cannot explain another EXPLAIN")]
    [InlineData("CREATE TABLE t (a INTT)", "INTT", "unknown type 'INTT'; did you mean 'INT'?")]
    [InlineData("CREATE TABLE t (a FOO)", "FOO", "unknown type 'FOO'; the types are INT, BIGINT")]
    [InlineData("CREATE TABLE t (a DECIMAL(20, 2))", "DECIMAL(20, 2)", "DECIMAL precision must be between 1 and 18, not 20")]
    [InlineData("CREATE TABLE t (a DECIMAL(4, 5))", "DECIMAL(4, 5)", "DECIMAL scale must be between 0 and the precision (4), not 5")]
    [InlineData("CREATE TABLE t (a INT(5))", "INT(5)", "INT takes no parameters")]
    [InlineData("CREATE TABLE t (a INT, )", ")", "expected a column name")]
    [InlineData("CREATE VIEW v", "VIEW", "unexpected 'VIEW'; expected TABLE")]
    [InlineData("CREATE TABLE t (a INT PRIMARY)", ")", "expected KEY")]
    [InlineData("DROP TABLE IF t", "t", "expected EXISTS")]
    [InlineData("IMPORT data.csv INTO t", "data", "expected a file path in single quotes")]
    [InlineData("IMPORT 'x.csv' INTO t WITH header = true", "header", "expected '('")]
    [InlineData("IMPORT 'x.csv' INTO t WITH (header = )", ")", "unexpected ')'; expected an option value")]
    [InlineData("INSERT INTO t VALUES 1", "1", "expected '('")]
    [InlineData("INSERT INTO t (a) 1", "1", "expected SELECT or VALUES")]
    [InlineData("INSERT OR IGNORE INTO t VALUES (1)", "IGNORE", "expected REPLACE")]
    [InlineData("UPDATE t SET a 1", "1", "expected '='")]
    [InlineData("DELETE t", "t", "expected FROM")]
    [InlineData("SHOW TABLE", "TABLE", "expected AUDIENCES, SETTINGS, TAGS or TABLES")]
    [InlineData("CREATE TAGG vip ON t AS a", "TAGG", "expected TABLE, TAG, AUDIENCE or OR REPLACE; did you mean 'TAG'?")]
    [InlineData("CREATE OR REPLACE TABLE t (a INT)", "TABLE", "expected TAG or AUDIENCE")]
    [InlineData("CREATE TAG vip t AS a", "t", "expected ON")]
    [InlineData("CREATE TAG vip ON t a", "a", "expected AS")]
    [InlineData("RFM t recency = a", "recency", "expected '('")]
    [InlineData("RFM t (recency a)", "a", "expected '='")]
    [InlineData("PARETO t spend", "spend", "expected BY")]
    [InlineData("ALTER TABLE t RENAME a", "RENAME", "expected ADD or DROP")]
    [InlineData("SELECT a FROM t WHERE a IN (SELECT b FROM u", "", "or ')'")]
    [InlineData("SELECT INTERVAL 3 DYA", "DYA", "expected an interval unit (DAY, WEEK, MONTH, YEAR, HOUR, MINUTE or SECOND); did you mean 'DAY'?")]
    [InlineData("SELECT INTERVAL 'abc'", "'abc'", "invalid interval 'abc'")]
    [InlineData("SELECT INTERVAL '3 fortnights'", "'3 fortnights'", "unknown interval unit 'fortnights'")]
    [InlineData("SELECT INTERVAL '99999999999999999999 days'", "'99999999999999999999 days'", "out of range")]
    [InlineData("SELECT a FROM t ORDER BY a NULLS", "", "expected FIRST or LAST")]
    public void Errors_say_what_was_found_and_what_was_expected(string text, string token, string message)
    {
        var error = ScriptError(text);
        Assert.Contains(message, error.Detail, StringComparison.Ordinal);
        if (token.Length == 0)
        {
            Assert.Equal(text.Length, error.Position);
        }
        else
        {
            string first = token.Split(' ')[0];
            Assert.Equal(text.IndexOf(token, StringComparison.Ordinal), error.Position);
            Assert.True(error.Length >= 1);
            if (!token.Contains(' ', StringComparison.Ordinal))
                Assert.Equal(first.Length, error.Length);
        }
    }

    [Fact]
    public void Positions_in_a_multi_line_script_point_at_the_right_line_column_and_caret()
    {
        const string text = "SELECT 1;\nSELECT 2;\n\n  SELECT * FROM t WHERE x = = 1;\nSELECT 3";
        var error = ScriptError(text);
        Assert.Equal(4, error.Line);
        Assert.Equal(29, error.Column);
        Assert.Equal(text.IndexOf("= 1", StringComparison.Ordinal), error.Position);
        string[] lines = error.Message.Split(Environment.NewLine);
        Assert.EndsWith("(line 4, column 29)", lines[0], StringComparison.Ordinal);
        Assert.Equal("    SELECT * FROM t WHERE x = = 1;", lines[1]);
        Assert.Equal("  " + new string(' ', 28) + "^", lines[2]);
    }

    [Fact]
    public void A_lexical_error_in_a_later_statement_points_into_that_statement()
    {
        const string text = "SELECT 1;\nSELECT 'unclosed FROM t";
        var error = ScriptError(text);
        Assert.Equal(2, error.Line);
        Assert.Equal(8, error.Column);
        Assert.Contains("unterminated string starting at line 2, column 8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_expression_must_be_the_whole_text()
    {
        var error = ExpressionError("gender = 'female';");
        Assert.Contains("unexpected ';'; expected an operator or end of input", error.Message, StringComparison.Ordinal);
        Assert.Contains("unexpected end of input; expected an expression", ExpressionError("").Message, StringComparison.Ordinal);
        Assert.Contains("unexpected ')'", ExpressionError("a = 1)").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_statement_wants_exactly_one()
    {
        Assert.Contains("expected a statement", Assert.Throws<QueryException>(() => Parser.ParseStatement(" ; ")).Message, StringComparison.Ordinal);
        var error = Assert.Throws<QueryException>(() => Parser.ParseStatement("SELECT 1; SELECT 2"));
        Assert.Equal(10, error.Position);
        Assert.IsType<SelectSyntax>(Parser.ParseStatement("SELECT 1;"));
    }

    [Theory]
    [InlineData(Parser.MaxNestingDepth - 10)]
    [InlineData(Parser.MaxNestingDepth + 1)]
    [InlineData(100_000)]
    public void Deep_parentheses_parse_or_fail_cleanly(int depth)
    {
        string text = new string('(', depth) + "x" + new string(')', depth);
        if (depth <= Parser.MaxNestingDepth - 1)
        {
            Assert.IsType<ColumnSyntax>(Parser.ParseExpression(text));
            return;
        }
        var error = ExpressionError(text);
        Assert.Contains("nested too deeply", error.Message, StringComparison.Ordinal);
        Assert.True(error.Position < 300);
    }

    [Fact]
    public void Deep_nesting_of_every_recursive_form_fails_cleanly()
    {
        // Far beyond both limits; 100,000 parentheses are tried above.
        const int depth = 20_000;
        string[] texts =
        [
            new string('(', depth),
            string.Concat(Enumerable.Repeat("NOT ", depth)) + "x",
            string.Concat(Enumerable.Repeat("-(", depth)) + "x",
            string.Concat(Enumerable.Repeat("- ", depth)) + "x",
            string.Concat(Enumerable.Repeat("f(", depth)) + "x",
            string.Concat(Enumerable.Repeat("CASE WHEN ", depth)) + "x",
            string.Concat(Enumerable.Repeat("CAST(", depth)) + "x",
            string.Concat(Enumerable.Repeat("x IN (", depth)) + "x",
            string.Concat(Enumerable.Repeat("1 + ", depth)) + "1",
            string.Concat(Enumerable.Repeat("a OR ", depth)) + "b",
            "x" + string.Concat(Enumerable.Repeat("::INT", depth)),
            "x" + string.Concat(Enumerable.Repeat(" IS NULL", depth)),
        ];
        foreach (string text in texts)
        {
            var error = ExpressionError(text);
            Assert.True(
                error.Detail.Contains("nested too deeply", StringComparison.Ordinal) || error.Detail.Contains("too deep", StringComparison.Ordinal),
                error.Detail);
            ScriptError("SELECT " + text);
        }
    }

    [Fact]
    public void A_long_but_shallow_chain_of_conditions_parses()
    {
        var text = new StringBuilder("x = 0");
        for (int index = 1; index < Parser.MaxTreeDepth - 10; index++)
            text.Append(" OR x = ").Append(index);
        var tree = Parser.ParseExpression(text.ToString());
        Assert.True(tree.IsEquivalentTo(Parser.ParseExpression(tree.ToString())));
        var list = "x IN (" + string.Join(", ", Enumerable.Range(0, 100_000)) + ")";
        Assert.Equal(100_000, Assert.IsType<InListSyntax>(Parser.ParseExpression(list)).Items.Count);
    }
}
