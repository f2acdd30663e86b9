using System.Buffers;
using System.Text;
using System.Text.Unicode;
using PortraitDb.Storage;

namespace PortraitDb.Ingest;

/// <summary>
/// Turns one CSV field (UTF-8) into a cell of its column's type. Strings of CATEGORY and TAGS columns repeat,
/// so they are interned per column: a repeated value costs a lookup, not an allocation.
/// </summary>
internal sealed class CellParser
{
    private const int MaxInternedPerColumn = 65_536;
    private readonly ColumnType _type;
    private readonly byte[]? _nullToken;
    private readonly byte[] _tagSeparator;
    private readonly Dictionary<string, string>? _interned;
    private readonly List<string> _tags = [];
    private char[] _chars = new char[256];

    public CellParser(ColumnType type, CsvOptions options)
    {
        _type = type;
        _nullToken = options.NullToken is null ? null : Encoding.UTF8.GetBytes(options.NullToken);
        _tagSeparator = Encoding.UTF8.GetBytes(options.TagSeparator);
        if (type.Kind is ColumnKind.Category or ColumnKind.Tags)
            _interned = new Dictionary<string, string>(StringComparer.Ordinal);
    }

    /// <summary>True for the kinds whose values are strings, where a failed parse means invalid UTF-8.</summary>
    public bool IsString => _type.Kind is ColumnKind.Text or ColumnKind.Category or ColumnKind.Tags;

    /// <summary>
    /// Parses <paramref name="field"/>; false when it is not a value of the column's type (for strings: when it is
    /// not valid UTF-8, which would otherwise be stored with replacement characters).
    /// </summary>
    public bool TryParse(ReadOnlySpan<byte> field, bool quoted, out Cell cell)
    {
        cell = default;
        if (!quoted && (field.IsEmpty || (_nullToken is not null && field.SequenceEqual(_nullToken))))
        {
            // As in DuckDB, an empty unquoted field is NULL; a quoted empty field is an empty string.
            if (_type.Kind == ColumnKind.Tags && field.IsEmpty)
            {
                cell = Cell.FromTags([]);
                return true;
            }
            cell = Cell.Null;
            return true;
        }
        switch (_type.Kind)
        {
            case ColumnKind.Text:
                if (!Utf8.IsValid(field))
                    return false;
                cell = Cell.FromText(Encoding.UTF8.GetString(field));
                return true;
            case ColumnKind.Category:
                {
                    string? text = Intern(field);
                    cell = text is null ? default : Cell.FromText(text);
                    return text is not null;
                }
            case ColumnKind.Bool:
                {
                    bool ok = ValueParser.TryParseBool(field, out bool flag);
                    cell = Cell.FromInteger(flag ? 1 : 0);
                    return ok;
                }
            case ColumnKind.Int32:
                {
                    bool ok = ValueParser.TryParseInt32(field, out int value);
                    cell = Cell.FromInteger(value);
                    return ok;
                }
            case ColumnKind.Int64:
                {
                    bool ok = ValueParser.TryParseInt64(field, out long value);
                    cell = Cell.FromInteger(value);
                    return ok;
                }
            case ColumnKind.Double:
                {
                    bool ok = ValueParser.TryParseDouble(field, out double value);
                    cell = Cell.FromReal(value);
                    return ok;
                }
            case ColumnKind.Decimal:
                {
                    bool ok = ValueParser.TryParseDecimal(field, _type.Precision, _type.Scale, out long scaled);
                    cell = Cell.FromInteger(scaled);
                    return ok;
                }
            case ColumnKind.Date:
                {
                    bool ok = ValueParser.TryParseDate(field, out int days);
                    cell = Cell.FromInteger(days);
                    return ok;
                }
            case ColumnKind.Timestamp:
                {
                    bool ok = ValueParser.TryParseTimestamp(field, out long micros);
                    cell = Cell.FromInteger(micros);
                    return ok;
                }
            case ColumnKind.Tags:
                {
                    string[]? tags = SplitTags(field);
                    cell = tags is null ? default : Cell.FromTags(tags);
                    return tags is not null;
                }
            default:
                return false;
        }
    }

    private string[]? SplitTags(ReadOnlySpan<byte> field)
    {
        _tags.Clear();
        while (true)
        {
            int separator = field.IndexOf(_tagSeparator);
            var tag = separator < 0 ? field : field[..separator];
            var trimmed = tag.Trim((byte)' ');
            if (!trimmed.IsEmpty)
            {
                if (Intern(trimmed) is not { } interned)
                    return null;
                _tags.Add(interned);
            }
            if (separator < 0)
                break;
            field = field[(separator + _tagSeparator.Length)..];
        }
        return [.. _tags];
    }

    /// <summary>The interned string of <paramref name="utf8"/>, or null when it is not valid UTF-8.</summary>
    private string? Intern(ReadOnlySpan<byte> utf8)
    {
        if (_chars.Length < utf8.Length)
            _chars = new char[Math.Max(utf8.Length, _chars.Length * 2)];
        if (Utf8.ToUtf16(utf8, _chars, out _, out int length, replaceInvalidSequences: false) != OperationStatus.Done)
            return null;
        var text = _chars.AsSpan(0, length);
        var lookup = _interned!.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(text, out string? interned))
            return interned;
        string value = new(text);
        if (_interned.Count < MaxInternedPerColumn)
            _interned[value] = value;
        return value;
    }
}
