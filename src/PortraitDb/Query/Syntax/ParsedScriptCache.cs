using System.Collections.Concurrent;

namespace PortraitDb.Query.Syntax;

/// <summary>
/// The parsed statements of recently run texts. Audience builders send the same statements click after click, and a
/// first run after other work finds the parser's code and tables out of the CPU caches: a hit skips the parse. Syntax
/// trees are immutable, so one tree serves any number of runs and threads. Long texts (bulk INSERTs, scripts) are not
/// kept; a full cache is emptied rather than ordered by use.
/// </summary>
internal sealed class ParsedScriptCache
{
    private const int MaxEntries = 256;
    private const int MaxTextLength = 4096;

    private readonly ConcurrentDictionary<string, IReadOnlyList<StatementSyntax>> _scripts = new(StringComparer.Ordinal);

    /// <summary>How many texts are kept now.</summary>
    public int Count => _scripts.Count;

    /// <summary>The statements of <paramref name="text"/>, parsed now or earlier.</summary>
    /// <exception cref="QueryException">A syntax error (never cached).</exception>
    public IReadOnlyList<StatementSyntax> Parse(string text)
    {
        if (text.Length > MaxTextLength)
            return Parser.ParseScript(text);
        if (_scripts.TryGetValue(text, out var statements))
            return statements;
        statements = Parser.ParseScript(text);
        if (_scripts.Count >= MaxEntries)
            _scripts.Clear();
        _scripts[text] = statements;
        return statements;
    }
}
