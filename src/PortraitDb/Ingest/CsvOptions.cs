using System.Text;

namespace PortraitDb.Ingest;

/// <summary>
/// How a delimited text file is laid out. The file is read as UTF-8 (a leading byte-order mark is skipped), or as
/// Latin-1 when <see cref="Latin1"/> says so.
/// </summary>
public sealed record CsvOptions
{
    /// <summary>The default size of the read buffer: large enough that refills are rare and the vector search runs long.</summary>
    public const int DefaultBufferSize = 1 << 20;

    /// <summary>The default cap on one record's size; larger records are an error rather than an unbounded allocation.</summary>
    public const int DefaultMaxRecordBytes = 16 << 20;

    /// <summary>The default options: header row, comma, double quotes escaped by doubling.</summary>
    public static CsvOptions Default { get; } = new();

    /// <summary>True (the default) when the first record holds the column names rather than data.</summary>
    public bool HasHeader { get; init; } = true;

    /// <summary>
    /// Lines skipped at the start of the file, before the header (or the first data record when there is no header),
    /// default 0: for a banner such as the <c>|1x3 Cross validator</c> line that opens the Adult census test file.
    /// Skipped lines are not parsed (quotes in them mean nothing) and end at a line feed; line numbers in errors
    /// still count them.
    /// </summary>
    public int SkipLines { get; init; }

    /// <summary>
    /// The field separator, default <c>","</c>. It may be several characters (the Adult census file separates with
    /// <c>", "</c>); it must not be empty nor contain a line break or the quote character.
    /// Ignored when <see cref="WhitespaceDelimited"/> is set.
    /// </summary>
    public string Delimiter { get; init; } = ",";

    /// <summary>
    /// When true, fields are separated by runs of spaces and tabs, and whitespace at the start and end of a line is
    /// ignored (fixed-width-looking files such as CDNOW). <see cref="Delimiter"/> is then ignored.
    /// </summary>
    public bool WhitespaceDelimited { get; init; }

    /// <summary>
    /// The quote character, default <c>'"'</c>; null disables quoting so quote characters are ordinary text.
    /// A field is quoted only when the quote is its first character; it must be ASCII.
    /// </summary>
    public char? Quote { get; init; } = '"';

    /// <summary>
    /// The character that escapes a quote inside a quoted field. Null (the default) means the same as
    /// <see cref="Quote"/>: a quote is written twice (<c>""</c>). Another character (e.g. <c>'\\'</c>) escapes the
    /// character that follows it. Must be ASCII.
    /// </summary>
    public char? Escape { get; init; }

    /// <summary>
    /// Text that stands for a missing value (the Adult file uses <c>"?"</c>); null for none. Independently of this,
    /// an empty unquoted field is NULL for every type except TEXT and CATEGORY.
    /// </summary>
    public string? NullToken { get; init; }

    /// <summary>The separator between the values of a TAGS cell, default <c>"|"</c>.</summary>
    public string TagSeparator { get; init; } = "|";

    /// <summary>
    /// True when the file is Latin-1 (ISO-8859-1), as MovieLens' u.item is: every byte is one character, converted to
    /// UTF-8 as it is read. False (the default) reads UTF-8, where an invalid byte in a text field is an error.
    /// </summary>
    public bool Latin1 { get; init; }

    /// <summary>The read buffer size in bytes, default 1 MiB; it grows (up to <see cref="MaxRecordBytes"/>) for a longer record.</summary>
    public int BufferSize { get; init; } = DefaultBufferSize;

    /// <summary>The largest record accepted, in bytes, default 16 MiB.</summary>
    public int MaxRecordBytes { get; init; } = DefaultMaxRecordBytes;

    /// <summary>The quote as a byte, after validation.</summary>
    internal byte? QuoteByte => Quote is { } quote ? (byte)quote : null;

    /// <summary>The escape as a byte; defaults to the quote.</summary>
    internal byte? EscapeByte => Quote is null ? null : (byte)(Escape ?? Quote.Value);

    /// <summary>Checks the options are coherent, so the tokenizer can rely on them.</summary>
    /// <exception cref="ArgumentException">An option is out of range or two options clash.</exception>
    public void Validate()
    {
        if (!WhitespaceDelimited)
        {
            if (string.IsNullOrEmpty(Delimiter))
                throw new ArgumentException("The delimiter must not be empty.", nameof(Delimiter));
            if (Delimiter.Contains('\n', StringComparison.Ordinal) || Delimiter.Contains('\r', StringComparison.Ordinal))
                throw new ArgumentException("The delimiter must not contain a line break.", nameof(Delimiter));
            if (Quote is { } q && Delimiter.Contains(q, StringComparison.Ordinal))
                throw new ArgumentException("The delimiter must not contain the quote character.", nameof(Delimiter));
        }
        if (Quote is { } quote && (quote > 127 || quote is '\n' or '\r' || (WhitespaceDelimited && quote is ' ' or '\t')))
            throw new ArgumentException("The quote must be an ASCII character other than a line break.", nameof(Quote));
        if (Escape is { } escape && (escape > 127 || escape is '\n' or '\r'))
            throw new ArgumentException("The escape must be an ASCII character other than a line break.", nameof(Escape));
        if (Escape is not null && Quote is null)
            throw new ArgumentException("An escape character needs a quote character.", nameof(Escape));
        if (string.IsNullOrEmpty(TagSeparator))
            throw new ArgumentException("The tag separator must not be empty.", nameof(TagSeparator));
        if (SkipLines < 0)
            throw new ArgumentOutOfRangeException(nameof(SkipLines), SkipLines, "The number of lines to skip must not be negative.");
        if (BufferSize < 16)
            throw new ArgumentOutOfRangeException(nameof(BufferSize), BufferSize, "The buffer must hold at least 16 bytes.");
        if (MaxRecordBytes < BufferSize)
            throw new ArgumentOutOfRangeException(nameof(MaxRecordBytes), MaxRecordBytes, "The maximum record size must be at least the buffer size.");
    }

    /// <summary>
    /// Opens <paramref name="path"/> for reading as UTF-8 bytes, positioned <paramref name="offset"/> bytes into that
    /// UTF-8 form (which for a Latin-1 file is the converted text, read and dropped up to there).
    /// </summary>
    internal Stream OpenUtf8(string path, long offset = 0)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        if (!Latin1)
        {
            file.Seek(offset, SeekOrigin.Begin);
            return file;
        }
        var converted = Encoding.CreateTranscodingStream(file, Encoding.Latin1, Encoding.UTF8, leaveOpen: false);
        var skip = new byte[Math.Min(offset, 1 << 16)];
        for (long left = offset; left > 0;)
        {
            int read = converted.Read(skip, 0, (int)Math.Min(left, skip.Length));
            if (read == 0)
                break;
            left -= read;
        }
        return converted;
    }

    /// <summary>The delimiter as UTF-8 bytes.</summary>
    internal byte[] DelimiterBytes => Encoding.UTF8.GetBytes(Delimiter);

    /// <summary>The null token as UTF-8 bytes, or null.</summary>
    internal byte[]? NullTokenBytes => NullToken is null ? null : Encoding.UTF8.GetBytes(NullToken);
}
