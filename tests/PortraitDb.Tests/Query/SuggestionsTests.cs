using PortraitDb.Query;

namespace PortraitDb.Tests.Query;

public sealed class SuggestionsTests
{
    [Theory]
    [InlineData("SELEC", "SELECT")]
    [InlineData("selec", "SELECT")]
    [InlineData("FORM", "FROM")]
    [InlineData("WEHRE", "WHERE")]
    [InlineData("sexx", "sex")]
    [InlineData("adultt", "adult")]
    [InlineData("gendr", "gender")]
    [InlineData("Gender", "gender")]
    [InlineData("educaton_num", "education_num")]
    [InlineData("occ", "occupation")]
    [InlineData("北亰", "北京")]
    public void Close_names_are_suggested(string name, string expected) =>
        Assert.Equal(expected, Suggestions.Closest(name, ["SELECT", "FROM", "WHERE", "sex", "adult", "gender", "education_num", "occupation", "北京", "上海"]));

    [Theory]
    [InlineData("xyz")]
    [InlineData("s")]
    [InlineData("")]
    [InlineData("completely_different")]
    public void Distant_names_get_no_suggestion(string name) =>
        Assert.Null(Suggestions.Closest(name, ["SELECT", "FROM", "sex", "adult"]));

    [Fact]
    public void The_closest_wins_and_ties_go_to_the_first()
    {
        Assert.Equal("gender", Suggestions.Closest("gendr", ["genre", "gender"]));
        Assert.Equal("ages", Suggestions.Closest("agee", ["ages", "age"]));
        Assert.Equal("cat", Suggestions.Closest("cot", ["cat", "cut"]));
        Assert.Null(Suggestions.Closest("x", []));
    }

    [Theory]
    [InlineData("", "", 0)]
    [InlineData("abc", "", 3)]
    [InlineData("abc", "abc", 0)]
    [InlineData("ABC", "abc", 0)]
    [InlineData("abc", "acb", 1)]
    [InlineData("ca", "abc", 3)]
    [InlineData("kitten", "sitting", 3)]
    public void Distance_is_optimal_string_alignment(string left, string right, int expected)
    {
        Assert.Equal(expected, Suggestions.Distance(left, right));
        Assert.Equal(expected, Suggestions.Distance(right, left));
    }
}
