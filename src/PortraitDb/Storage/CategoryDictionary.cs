using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace PortraitDb.Storage;

/// <summary>
/// The distinct strings of a CATEGORY or TAGS column, each with a dense code in order of first appearance.
/// Append-only and shared by every version of a table: a version sees the first
/// <c>count</c> codes it recorded, so readers need no lock while the writer adds values.
/// </summary>
internal sealed class CategoryDictionary
{
    private readonly ConcurrentDictionary<string, int> _codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _writerCodes = new(StringComparer.Ordinal);
    private const int IdentityCacheSize = 509;
    private readonly (string? Value, int Code)[] _identityCache = new (string?, int)[IdentityCacheSize];
    private string[] _values = new string[16];
    private int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>The value of <paramref name="code"/>, which must be below a count the caller observed.</summary>
    public string this[int code] => Volatile.Read(ref _values)[code];

    public bool TryGetCode(string value, out int code) => _codes.TryGetValue(value, out code);

    /// <summary>The code of <paramref name="value"/>, adding it if new. Only the table's writer calls this.</summary>
    public int GetOrAdd(string value)
    {
        // Loaders hand the same string instances over and over (interned per column by the CSV reader, shared
        // tables in generators): an identity cache answers those without hashing the text.
        ref var cached = ref _identityCache[(RuntimeHelpers.GetHashCode(value) & 0x7FFFFFFF) % IdentityCacheSize];
        if (ReferenceEquals(cached.Value, value))
            return cached.Code;
        int code = Lookup(value);
        cached = (value, code);
        return code;
    }

    private int Lookup(string value)
    {
        // The writer's own plain dictionary answers repeats faster than the concurrent one readers share.
        if (_writerCodes.TryGetValue(value, out int code))
            return code;
        if (_codes.TryGetValue(value, out code))
        {
            _writerCodes[value] = code;
            return code;
        }
        code = _count;
        if (code == _values.Length)
        {
            var grown = new string[_values.Length * 2];
            _values.AsSpan().CopyTo(grown);
            Volatile.Write(ref _values, grown);
        }
        _values[code] = value;
        // Publish the value before the code that refers to it.
        Volatile.Write(ref _count, code + 1);
        _codes[value] = code;
        _writerCodes[value] = code;
        return code;
    }

    public long SizeInBytes
    {
        get
        {
            long total = 64 + ((long)_values.Length * IntPtr.Size);
            int count = Count;
            for (int code = 0; code < count; code++)
                total += 22 + (2L * this[code].Length) + 48;
            return total;
        }
    }
}
