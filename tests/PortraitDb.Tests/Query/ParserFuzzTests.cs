using System.Diagnostics;
using System.Text;
using PortraitDb.Query;
using PortraitDb.Query.Syntax;

namespace PortraitDb.Tests.Query;

/// <summary>
/// Hostile text: random token soup, random characters, and mutations of valid statements either parse (and then
/// print as text that parses back to the same tree) or fail with a Syntax <see cref="QueryException"/> located
/// inside the text; never another exception, never slowly.
/// </summary>
public sealed class ParserFuzzTests
{
    private static readonly TimeSpan SlowParse = TimeSpan.FromSeconds(2);

    private static readonly string[] Seeds =
    [
        "SELECT COUNT(*) FROM adult WHERE sex = 'Male' AND race = 'White'",
        "SELECT relationship, COUNT(*) AS n, ROUND(AVG(age), 2) AS avg_age FROM adult WHERE income = '>50K' GROUP BY relationship ORDER BY n DESC",
        "SELECT education, ROUND(100.0 * SUM(CASE WHEN income = '>50K' THEN 1 ELSE 0 END) / COUNT(*), 2) AS rich_pct FROM adult GROUP BY education ORDER BY rich_pct DESC LIMIT 3",
        "SELECT COUNT(*) FROM fans WHERE age >= 35 AND likes HAS 'Romance' AND NOT likes HAS 'Action'",
        "SELECT COUNT(*) FROM fans WHERE likes HAS ANY ('Horror', 'Film-Noir') OR likes NOT HAS ALL ($a, ?)",
        "CREATE TABLE bank (age INT, job CATEGORY, \"default\" CATEGORY, balance DECIMAL(12, 2), day INT KEY, month CATEGORY, y CATEGORY)",
        "IMPORT '/data/bank-full.csv' INTO bank WITH (header = true, delimiter = ';', null = '?', types = (age INT, city CATEGORY))",
        "INSERT OR REPLACE INTO fans VALUES (1, 24, 'M', 'technician', '85711', 'Documentary'), (-2, NULL, ?, $x, 1e3, .5)",
        "UPDATE profiles SET city = '北京', age = age + 1 WHERE last_order_date >= TODAY() - INTERVAL '30 days'",
        "DELETE FROM fans WHERE user_id = 2; SHOW TABLES; DESCRIBE fans",
        "EXPLAIN ANALYZE SELECT city, BUCKET(age, 18, 25, 35) FROM p WHERE x::INT BETWEEN -1 AND 2 AND IN AUDIENCE vip -- note\n LIMIT 5 OFFSET 1",
        "SELECT DATE '2026-01-31', CAST(a AS TIMESTAMP), b || 'x' /* c */ FROM t AS u WHERE a NOT ILIKE 'b%' ESCAPE '\\' AND c IS NOT NULL",
    ];

    private static readonly string[] Vocabulary =
    [
        "SELECT", "FROM", "WHERE", "GROUP", "BY", "ORDER", "HAVING", "LIMIT", "OFFSET", "AND", "OR", "NOT", "IN", "IS", "NULL",
        "BETWEEN", "LIKE", "ILIKE", "ESCAPE", "HAS", "ANY", "ALL", "CASE", "WHEN", "THEN", "ELSE", "END", "CAST", "AS", "DISTINCT",
        "INTERVAL", "DATE", "TIMESTAMP", "DAY", "AUDIENCE", "CREATE", "TABLE", "IF", "EXISTS", "KEY", "PRIMARY", "DROP", "IMPORT",
        "INTO", "WITH", "INSERT", "REPLACE", "VALUES", "UPDATE", "SET", "DELETE", "SHOW", "TABLES", "DESCRIBE", "EXPLAIN",
        "ANALYZE", "NULLS", "FIRST", "DESC", "INT", "DECIMAL", "TAGS", "a", "t", "city", "\"q\"", "'s'", "'北京'", "1", "-1",
        "2.5", "1e9", "99999999999999999999", "?", "$p", "(", ")", ",", ";", ".", "*", "=", "<>", "<=", "+", "-", "/", "%",
        "||", "::", "--", "/*", "*/", "'", "\"", "\n",
    ];

    private static void ParsesOrFailsCleanly(string text)
    {
        var stopwatch = Stopwatch.StartNew();
        try
        {
            var statements = Parser.ParseScript(text);
            foreach (var statement in statements)
            {
                string printed = statement.ToString();
                var reparsed = Parser.ParseStatement(printed);
                Assert.True(statement.IsEquivalentTo(reparsed), $"'{text}' printed as '{printed}', which parses as '{reparsed}'");
            }
        }
        catch (QueryException error)
        {
            Assert.Equal(PortraitDbErrorKind.Syntax, error.Kind);
            Assert.InRange(error.Position, 0, text.Length);
            Assert.InRange(error.Line, 1, int.MaxValue);
        }
        try
        {
            var expression = Parser.ParseExpression(text);
            Assert.True(expression.IsEquivalentTo(Parser.ParseExpression(expression.ToString())));
        }
        catch (QueryException error)
        {
            Assert.Equal(PortraitDbErrorKind.Syntax, error.Kind);
            Assert.InRange(error.Position, 0, text.Length);
        }
        Assert.True(stopwatch.Elapsed < SlowParse, $"parsing took {stopwatch.Elapsed} for '{text}'");
    }

    [Fact]
    public void Every_seed_statement_parses()
    {
        foreach (string seed in Seeds)
            Assert.NotEmpty(Parser.ParseScript(seed));
    }

    [Fact]
    public void Random_token_soup_parses_or_fails_cleanly()
    {
        var random = new Random(20260131);
        for (int trial = 0; trial < 3000; trial++)
        {
            var text = new StringBuilder();
            int count = random.Next(1, 30);
            for (int index = 0; index < count; index++)
                text.Append(Vocabulary[random.Next(Vocabulary.Length)]).Append(random.Next(4) == 0 ? "" : " ");
            ParsesOrFailsCleanly(text.ToString());
        }
    }

    [Fact]
    public void Random_characters_parse_or_fail_cleanly()
    {
        var random = new Random(7);
        const string alphabet = "abcSELECTfromWHERE 0123456789.,;:()*+-/%<>=!|'\"$?_\n\t北京\u3000，（）\\`@#";
        for (int trial = 0; trial < 3000; trial++)
        {
            var text = new char[random.Next(0, 60)];
            for (int index = 0; index < text.Length; index++)
                text[index] = random.Next(20) == 0 ? (char)random.Next(0, 0xFFFF) : alphabet[random.Next(alphabet.Length)];
            ParsesOrFailsCleanly(new string(text));
        }
    }

    [Fact]
    public void Mutated_statements_parse_or_fail_cleanly()
    {
        var random = new Random(42);
        foreach (string seed in Seeds)
        {
            var tokens = Lexer.Tokenize(seed);
            for (int trial = 0; trial < 400; trial++)
                ParsesOrFailsCleanly(Mutate(seed, tokens, random));
        }
    }

    [Fact]
    public void Mutated_generated_statements_parse_or_fail_cleanly()
    {
        var random = new Random(99);
        for (int trial = 0; trial < 300; trial++)
        {
            string text = new SyntaxTreeGenerator(trial).Statement(3).ToString();
            var tokens = Lexer.Tokenize(text);
            for (int mutation = 0; mutation < 5; mutation++)
                ParsesOrFailsCleanly(Mutate(text, tokens, random));
        }
    }

    /// <summary>One to three edits: delete a run of characters or a token, insert a token or character, swap or duplicate tokens.</summary>
    private static string Mutate(string text, List<Token> tokens, Random random)
    {
        var spans = tokens.Where(token => token.Kind != TokenKind.EndOfInput).Select(token => token.Span).ToList();
        string result = text;
        for (int edit = random.Next(1, 4); edit > 0; edit--)
        {
            switch (random.Next(6))
            {
                case 0:
                    {
                        int start = random.Next(result.Length + 1);
                        int length = random.Next(0, Math.Min(8, result.Length - start) + 1);
                        result = result.Remove(start, length);
                        break;
                    }
                case 1:
                    result = result.Insert(random.Next(result.Length + 1), " " + Vocabulary[random.Next(Vocabulary.Length)] + " ");
                    break;
                case 2:
                    result = result.Insert(random.Next(result.Length + 1), ((char)random.Next(32, 127)).ToString());
                    break;
                default:
                    {
                        // Token edits use the original spans, so only while the text is unchanged.
                        if (result != text || spans.Count < 2)
                            goto case 1;
                        var first = spans[random.Next(spans.Count)];
                        var second = spans[random.Next(spans.Count)];
                        if (first.Start > second.Start)
                            (first, second) = (second, first);
                        if (first == second || first.End > second.Start)
                        {
                            result = result.Remove(first.Start, first.Length);
                            break;
                        }
                        string a = first.Slice(result);
                        string b = second.Slice(result);
                        bool duplicate = random.Next(3) == 0;
                        result = result[..first.Start] + (duplicate ? a + " " + a : b) + result[first.End..second.Start] + (duplicate ? b : a) + result[second.End..];
                        break;
                    }
            }
        }
        return result;
    }
}
