namespace PortraitDb.Query;

/// <summary>
/// Values for a statement's parameters, so hosts never build SQL by concatenation: <c>$name</c> binds by name
/// (case-insensitive, without the '$'), <c>?</c> binds by position (the first <c>?</c> is position 1).
/// </summary>
/// <example><code>db.Execute("SELECT COUNT(*) FROM p WHERE city = $city AND age > ?", new QueryParameters { ["city"] = "北京" }.Add(30));</code></example>
public sealed class QueryParameters
{
    private readonly Dictionary<string, object?> _named = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<object?> _positional = [];

    /// <summary>The value of <c>$name</c>.</summary>
    public object? this[string name]
    {
        get => _named[name];
        set => _named[name] = value;
    }

    /// <summary>Appends the value of the next <c>?</c>; returns this for chaining.</summary>
    public QueryParameters Add(object? value)
    {
        _positional.Add(value);
        return this;
    }

    /// <summary>Parameters bound by position, one per <c>?</c> in order.</summary>
    public static QueryParameters Positional(params object?[] values)
    {
        var parameters = new QueryParameters();
        parameters._positional.AddRange(values);
        return parameters;
    }

    internal bool TryGetNamed(string name, out object? value) => _named.TryGetValue(name, out value);

    internal bool TryGetPositional(int position, out object? value)
    {
        bool found = position >= 1 && position <= _positional.Count;
        value = found ? _positional[position - 1] : null;
        return found;
    }
}
