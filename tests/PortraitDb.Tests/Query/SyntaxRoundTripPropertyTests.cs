using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PortraitDb.Query.Syntax;

namespace PortraitDb.Tests.Query;

/// <summary>Random trees print as SQL that parses back to an equivalent tree, and the printed text is a fixed point.</summary>
[Properties(MaxTest = 400)]
public sealed class SyntaxRoundTripPropertyTests
{
    private static void AssertRoundTrip(SyntaxNode tree, SyntaxNode reparsed, string text)
    {
        Assert.True(tree.IsEquivalentTo(reparsed), $"'{text}' parsed as '{reparsed}'");
        Assert.True(reparsed.IsEquivalentTo(tree));
        Assert.Equal(text, reparsed.ToString());
        Assert.Equal(SyntaxEquality.Instance.GetHashCode(tree), SyntaxEquality.Instance.GetHashCode(reparsed));
    }

    [Property]
    public void Expressions_print_and_parse_back(int seed, PositiveInt size)
    {
        var generator = new SyntaxTreeGenerator(seed);
        var tree = generator.Expression(1 + (size.Get % 6));
        string text = tree.ToString();
        AssertRoundTrip(tree, Parser.ParseExpression(text), text);
    }

    [Property]
    public void Statements_print_and_parse_back(int seed, PositiveInt size)
    {
        var generator = new SyntaxTreeGenerator(seed);
        var tree = generator.Statement(1 + (size.Get % 4));
        string text = tree.ToString();
        var reparsed = Parser.ParseStatement(text);
        AssertRoundTrip(tree, reparsed, text);
    }

    [Property(MaxTest = 100)]
    public void Scripts_print_and_parse_back_statement_by_statement(int seed)
    {
        var generator = new SyntaxTreeGenerator(seed);
        var random = new Random(seed);
        var trees = new List<StatementSyntax>();
        for (int index = random.Next(1, 5); index > 0; index--)
        {
            generator.ResetParameters();
            trees.Add(generator.Statement(3));
        }
        // Comments and blank statements between them change nothing.
        string text = string.Join(random.Next(2) == 0 ? ";\n" : "; -- comment\n/* block */ ;", trees) + (random.Next(2) == 0 ? ";" : "");
        var parsed = Parser.ParseScript(text);
        Assert.Equal(trees.Count, parsed.Count);
        for (int index = 0; index < trees.Count; index++)
        {
            Assert.True(trees[index].IsEquivalentTo(parsed[index]), $"statement {index + 1} of '{text}' parsed as '{parsed[index]}'");
            Assert.Equal(trees[index].ToString(), parsed[index].Span.Slice(text));
        }
    }

    [Property]
    public void Different_trees_are_not_equivalent_unless_they_print_the_same(int seed1, int seed2)
    {
        var first = new SyntaxTreeGenerator(seed1).Expression(3);
        var second = new SyntaxTreeGenerator(seed2).Expression(3);
        bool sameText = string.Equals(first.ToString(), second.ToString(), StringComparison.OrdinalIgnoreCase);
        if (!sameText)
            Assert.False(first.IsEquivalentTo(second), $"'{first}' and '{second}'");
        Assert.True(first.IsEquivalentTo(first));
    }
}
