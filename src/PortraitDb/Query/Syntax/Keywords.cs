namespace PortraitDb.Query.Syntax;

/// <summary>Keyword lookup and the reserved set.</summary>
internal static class Keywords
{
    /// <summary>
    /// Words that can never be names unless double-quoted: the ones that start or separate clauses and operators,
    /// so that <c>SELECT a b FROM t</c> and <c>FROM t u WHERE</c> can read an alias without a comma or AS. JOIN, ON,
    /// UNION, EXCEPT and INTERSECT are reserved ahead of the statements that will use them.
    /// </summary>
    private static readonly Keyword[] ReservedList =
    [
        Keyword.All, Keyword.And, Keyword.Any, Keyword.As, Keyword.Asc, Keyword.Between, Keyword.By, Keyword.Case,
        Keyword.Cast, Keyword.Desc, Keyword.Distinct, Keyword.Else, Keyword.End, Keyword.Except, Keyword.False,
        Keyword.From, Keyword.Group, Keyword.Has, Keyword.Having, Keyword.Ilike, Keyword.In, Keyword.Intersect,
        Keyword.Is, Keyword.Join, Keyword.Like, Keyword.Limit, Keyword.Not, Keyword.Null, Keyword.Offset, Keyword.On,
        Keyword.Or, Keyword.Order, Keyword.Select, Keyword.Then, Keyword.True, Keyword.Union, Keyword.When,
        Keyword.Where,
    ];

    private static readonly Dictionary<string, Keyword> ByName = BuildByName();
    private static readonly bool[] Reserved = BuildReserved();
    private static readonly string[] Names = BuildNames();

    /// <summary>The reserved words, upper case, in alphabetical order.</summary>
    public static IReadOnlyList<string> ReservedWords { get; } = [.. ReservedList.Select(Name).Order(StringComparer.Ordinal)];

    /// <summary>The keyword <paramref name="word"/> spells (any case), or <see cref="Keyword.None"/>.</summary>
    public static Keyword Lookup(string word) => ByName.GetValueOrDefault(word);

    /// <summary>True when <paramref name="keyword"/> can be a name only when quoted.</summary>
    public static bool IsReserved(Keyword keyword) => Reserved[(int)keyword];

    /// <summary>The keyword as written in SQL, upper case.</summary>
    public static string Name(Keyword keyword) => Names[(int)keyword];

    private static Dictionary<string, Keyword> BuildByName()
    {
        var byName = new Dictionary<string, Keyword>(StringComparer.OrdinalIgnoreCase);
        foreach (var keyword in Enum.GetValues<Keyword>())
        {
            if (keyword != Keyword.None)
                byName.Add(keyword.ToString(), keyword);
        }
        return byName;
    }

    private static bool[] BuildReserved()
    {
        var reserved = new bool[Enum.GetValues<Keyword>().Length];
        foreach (var keyword in ReservedList)
            reserved[(int)keyword] = true;
        return reserved;
    }

    private static string[] BuildNames() => [.. Enum.GetValues<Keyword>().Select(keyword => keyword == Keyword.None ? "" : keyword.ToString().ToUpperInvariant())];
}
