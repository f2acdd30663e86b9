namespace PortraitDb.Query.Binding;

/// <summary>A compiled LIKE pattern (<c>%</c> any run, <c>_</c> one character); prefix, suffix and contains patterns take a fast path.</summary>
internal sealed class LikeMatcher
{
    private enum Shape
    {
        Exact,
        Prefix,
        Suffix,
        Contains,
        General,
    }

    private readonly string _pattern;
    private readonly string _literal;
    private readonly Shape _shape;
    private readonly StringComparison _comparison;

    public LikeMatcher(string pattern, bool caseInsensitive)
    {
        _pattern = pattern;
        _comparison = caseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        string core = pattern.Trim('%');
        bool leading = pattern.StartsWith('%');
        bool trailing = pattern.EndsWith('%') && pattern.Length > (leading ? 1 : 0);
        if (core.Contains('%', StringComparison.Ordinal) || core.Contains('_', StringComparison.Ordinal) || core.Length == 0 && pattern.Length > 0)
        {
            _shape = pattern.Length > 0 && core.Length == 0 ? Shape.Contains : Shape.General;
            _literal = core;
            return;
        }
        _literal = core;
        _shape = (leading, trailing) switch
        {
            (false, false) => Shape.Exact,
            (false, true) => Shape.Prefix,
            (true, false) => Shape.Suffix,
            _ => Shape.Contains,
        };
    }

    public bool IsMatch(string text) => _shape switch
    {
        Shape.Exact => string.Equals(text, _literal, _comparison),
        Shape.Prefix => text.StartsWith(_literal, _comparison),
        Shape.Suffix => text.EndsWith(_literal, _comparison),
        Shape.Contains => text.Contains(_literal, _comparison),
        _ => MatchGeneral(text),
    };

    // Greedy wildcard matching with one backtrack point: linear in practice, O(n·m) at worst, never exponential.
    private bool MatchGeneral(string text)
    {
        bool ignoreCase = _comparison == StringComparison.OrdinalIgnoreCase;
        int textIndex = 0;
        int patternIndex = 0;
        int starPattern = -1;
        int starText = 0;
        while (textIndex < text.Length)
        {
            if (patternIndex < _pattern.Length && _pattern[patternIndex] == '%')
            {
                starPattern = patternIndex++;
                starText = textIndex;
            }
            else if (patternIndex < _pattern.Length && (_pattern[patternIndex] == '_' || CharEquals(_pattern[patternIndex], text[textIndex], ignoreCase)))
            {
                patternIndex++;
                textIndex++;
            }
            else if (starPattern >= 0)
            {
                patternIndex = starPattern + 1;
                textIndex = ++starText;
            }
            else
            {
                return false;
            }
        }
        while (patternIndex < _pattern.Length && _pattern[patternIndex] == '%')
            patternIndex++;
        return patternIndex == _pattern.Length;
    }

    private static bool CharEquals(char left, char right, bool ignoreCase) =>
        left == right || ignoreCase && char.ToUpperInvariant(left) == char.ToUpperInvariant(right);
}
