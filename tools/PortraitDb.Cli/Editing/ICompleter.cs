namespace PortraitDb.Cli.Editing;

/// <summary>What Tab can insert at the cursor.</summary>
/// <param name="Start">Where the word being completed starts in the line; the candidates replace the line from there to the cursor.</param>
/// <param name="Candidates">The words that fit, in the order to list them.</param>
/// <param name="Suffix">What follows a single candidate once it is inserted (a space after a keyword, a closing quote after a value).</param>
internal sealed record Completion(int Start, IReadOnlyList<string> Candidates, string Suffix)
{
    /// <summary>Nothing to complete.</summary>
    public static Completion None { get; } = new(0, [], "");
}

/// <summary>Finds completions for the word at the cursor.</summary>
internal interface ICompleter
{
    /// <summary>The completions for <paramref name="line"/> with the cursor at <paramref name="cursor"/>.</summary>
    Completion Complete(string line, int cursor);
}
