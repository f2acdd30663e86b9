using System.Text;

namespace PortraitDb.Ingest;

/// <summary>
/// One record of a <see cref="CsvTokenizer"/>: a view into its buffer, valid only until the tokenizer reads on.
/// Fields come with quotes removed and escapes resolved.
/// </summary>
public readonly ref struct CsvRecord
{
    private readonly CsvTokenizer _tokenizer;

    internal CsvRecord(CsvTokenizer tokenizer)
    {
        _tokenizer = tokenizer;
    }

    /// <summary>The number of fields.</summary>
    public int FieldCount => _tokenizer.FieldCount;

    /// <summary>The 1-based line on which the record starts.</summary>
    public long Line => _tokenizer.RecordLine;

    /// <summary>The file offset of the record's first byte.</summary>
    public long ByteOffset => _tokenizer.RecordOffset;

    /// <summary>The file offset just after the record's line break.</summary>
    public long EndOffset => _tokenizer.RecordEndOffset;

    /// <summary>The record as it appears in the file, including its line break.</summary>
    public ReadOnlySpan<byte> Raw => _tokenizer.RawRecord;

    /// <summary>Field <paramref name="index"/> as UTF-8, unquoted and unescaped.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is not below <see cref="FieldCount"/>.</exception>
    public ReadOnlySpan<byte> this[int index] => _tokenizer.GetField(index);

    /// <summary>True when field <paramref name="index"/> was written in quotes (so an empty quoted field is an empty string, not NULL).</summary>
    public bool IsQuoted(int index) => _tokenizer.IsQuoted(index);

    /// <summary>Field <paramref name="index"/> decoded as a string.</summary>
    public string GetString(int index) => Encoding.UTF8.GetString(this[index]);

    /// <summary>The 1-based line where field <paramref name="index"/> starts (later than <see cref="Line"/> after a quoted line break).</summary>
    public long GetFieldLine(int index) => _tokenizer.GetFieldPosition(index).Line;

    /// <summary>The 1-based character position within its line where field <paramref name="index"/> starts (its opening quote, if quoted).</summary>
    public int GetFieldColumn(int index) => _tokenizer.GetFieldPosition(index).Column;

    /// <summary>The error for field <paramref name="index"/> not parsing as <paramref name="typeName"/>, located at the field.</summary>
    public ImportException InvalidValue(int index, string? columnName, string typeName)
    {
        var (line, column) = _tokenizer.GetFieldPosition(index);
        return ImportException.InvalidValue(_tokenizer.SourceName, line, column, columnName, GetString(index), typeName);
    }

    /// <summary>
    /// An error about this record, located at field <paramref name="index"/> (or the record's end when past the last
    /// field), naming the table column <paramref name="columnName"/> when given.
    /// </summary>
    public ImportException Error(int index, string detail, PortraitDbErrorKind kind = PortraitDbErrorKind.Syntax, string? columnName = null)
    {
        var (line, column) = _tokenizer.GetFieldPosition(index);
        string? value = (uint)index < (uint)FieldCount ? GetString(index) : null;
        return new ImportException(kind, _tokenizer.SourceName, line, column, detail, columnName, value);
    }
}
