using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;

namespace PortraitDb.Ingest;

/// <summary>
/// A streaming, allocation-free (per record) CSV tokenizer over UTF-8 bytes. Records are handed out as
/// <see cref="CsvRecord"/> views into the tokenizer's buffer, valid until the next call to <see cref="TryRead"/>.
/// </summary>
/// <remarks>
/// The tokenizer can read a whole stream or a byte range <c>[start, end)</c> of it: it returns the records that start
/// before <c>end</c> (the last one may run past it). <see cref="StopOffset"/> then says where it stopped, which is how
/// <see cref="CsvChunker"/> checks that speculative chunk boundaries were real record boundaries.
/// Line numbers count line feeds: a file using bare carriage returns as line ends reads correctly but reports
/// every record on line 1 + (line feeds seen).
/// </remarks>
public sealed class CsvTokenizer : IDisposable
{
    private const byte Lf = (byte)'\n';
    private const byte Cr = (byte)'\r';
    private const int FlagQuoted = 1;
    private const int FlagScratch = 2;

    private static readonly SearchValues<byte> WhitespaceBytes = SearchValues.Create(" \t"u8);

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly int _maxRecordBytes;
    private readonly long _endOffset;
    private readonly byte[] _delimiter;
    private readonly byte _delimiterFirst;
    private readonly bool _whitespace;
    private readonly bool _quoting;
    private readonly byte _quote;
    private readonly byte _escape;
    private readonly SearchValues<byte> _unquotedStops;
    private readonly SearchValues<byte> _quotedStops;
    private readonly bool _vectorFastPath;
    private bool _plainRecord;

    private byte[] _buffer;
    private long _bufferOrigin;
    private int _pos;
    private int _end;
    private bool _eof;
    private long _line;

    private byte[] _scratch = new byte[256];
    private int _scratchLength;
    private int[] _fieldStart = new int[64];
    private int[] _fieldLength = new int[64];
    private int[] _fieldRaw = new int[64];
    private byte[] _fieldFlags = new byte[64];
    private int _fieldCount;
    private int _recordStart;
    private int _recordEnd;
    private long _recordLine;

    /// <summary>Creates a tokenizer over a whole stream, from its current position, as line 1 at byte offset 0.</summary>
    /// <param name="stream">The UTF-8 input; read forward only.</param>
    /// <param name="options">The file layout; null for <see cref="CsvOptions.Default"/>.</param>
    /// <param name="sourceName">The file name used in error messages.</param>
    /// <param name="leaveOpen">True to leave the stream open on <see cref="Dispose"/>.</param>
    public CsvTokenizer(Stream stream, CsvOptions? options, string sourceName, bool leaveOpen = false)
        : this(stream, options, sourceName, 0, long.MaxValue, 1, leaveOpen)
    {
    }

    /// <summary>Creates a tokenizer over the byte range <c>[startOffset, endOffset)</c> of a file.</summary>
    /// <param name="stream">The input, positioned at <paramref name="startOffset"/> (it is not seeked).</param>
    /// <param name="options">The file layout; null for <see cref="CsvOptions.Default"/>.</param>
    /// <param name="sourceName">The file name used in error messages.</param>
    /// <param name="startOffset">The file offset of the stream's position, which must be the start of a record (or of the file).</param>
    /// <param name="endOffset">Records starting at or after this offset are not returned.</param>
    /// <param name="firstLine">The 1-based line number at <paramref name="startOffset"/>.</param>
    /// <param name="leaveOpen">True to leave the stream open on <see cref="Dispose"/>.</param>
    public CsvTokenizer(Stream stream, CsvOptions? options, string sourceName, long startOffset, long endOffset, long firstLine, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegative(startOffset);
        ArgumentOutOfRangeException.ThrowIfLessThan(endOffset, startOffset);
        ArgumentOutOfRangeException.ThrowIfLessThan(firstLine, 1);
        options ??= CsvOptions.Default;
        options.Validate();
        Options = options;
        SourceName = sourceName;
        _stream = stream;
        _leaveOpen = leaveOpen;
        _maxRecordBytes = options.MaxRecordBytes;
        _endOffset = endOffset;
        _bufferOrigin = startOffset;
        _line = firstLine;
        _buffer = new byte[options.BufferSize];
        _whitespace = options.WhitespaceDelimited;
        _delimiter = _whitespace ? " "u8.ToArray() : options.DelimiterBytes;
        _delimiterFirst = _delimiter[0];
        _quoting = options.Quote is not null;
        _quote = options.QuoteByte ?? 0;
        _escape = options.EscapeByte ?? 0;
        _unquotedStops = _whitespace ? SearchValues.Create(" \t\r\n"u8) : SearchValues.Create([_delimiterFirst, Cr, Lf]);
        _quotedStops = _escape == _quote ? SearchValues.Create([_quote]) : SearchValues.Create([_quote, _escape]);
        _vectorFastPath = Vector256.IsHardwareAccelerated && !_whitespace && _delimiter.Length == 1;
        Fill();
        if (startOffset == 0 && _buffer.AsSpan(0, _end).StartsWith("\uFEFF"u8))
            _pos = 3;
        // A range that starts inside the file begins after the skipped lines already.
        if (startOffset == 0)
        {
            for (int skipped = 0; skipped < options.SkipLines && SkipLine(); skipped++)
            {
            }
        }
    }

    /// <summary>The file name used in error messages.</summary>
    public string SourceName { get; }

    /// <summary>The layout being read.</summary>
    public CsvOptions Options { get; }

    /// <summary>The file offset just after the last record returned (and any empty lines consumed with it).</summary>
    public long StopOffset => _bufferOrigin + _pos;

    /// <summary>The 1-based line number at <see cref="StopOffset"/>.</summary>
    public long StopLine => _line;

    /// <summary>Reads the next record.</summary>
    /// <param name="record">The record, valid until the next call.</param>
    /// <returns>False at the end of the input or of the range.</returns>
    /// <exception cref="ImportException">An unterminated quote, text after a closing quote, or a record over the size limit.</exception>
    public bool TryRead(out CsvRecord record)
    {
        while (true)
        {
            if (_bufferOrigin + _pos >= _endOffset || (_pos == _end && _eof))
            {
                record = default;
                return false;
            }
            if (_pos == _end)
            {
                Fill();
                continue;
            }
            int status = ParseRecord(out int next);
            if (status == StatusNeedMore)
            {
                Fill();
                continue;
            }
            _recordStart = _pos;
            _recordEnd = next;
            _recordLine = _line;
            _line += _plainRecord ? 1 : _buffer.AsSpan(_pos, next - _pos).Count(Lf);
            _pos = next;
            if (status == StatusEmptyLine)
                continue;
            record = new CsvRecord(this);
            return true;
        }
    }

    /// <summary>Consumes the rest of the current line, up to and including its line feed; false at the end of the input.</summary>
    private bool SkipLine()
    {
        while (true)
        {
            int lineFeed = _buffer.AsSpan(_pos, _end - _pos).IndexOf(Lf);
            if (lineFeed >= 0)
            {
                _pos += lineFeed + 1;
                _line++;
                return true;
            }
            // The line goes on past the buffer: drop what was read of it and read on.
            _pos = _end;
            if (_eof)
                return false;
            Fill();
        }
    }

    /// <summary>Disposes the stream unless told to leave it open.</summary>
    public void Dispose()
    {
        if (!_leaveOpen)
            _stream.Dispose();
    }

    internal int FieldCount => _fieldCount;

    internal long RecordLine => _recordLine;

    internal long RecordOffset => _bufferOrigin + _recordStart;

    internal long RecordEndOffset => _bufferOrigin + _recordEnd;

    internal ReadOnlySpan<byte> RawRecord => _buffer.AsSpan(_recordStart, _recordEnd - _recordStart);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ReadOnlySpan<byte> GetField(int index)
    {
        if ((uint)index >= (uint)_fieldCount)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The record has {_fieldCount} fields.");
        byte[] source = (_fieldFlags[index] & FlagScratch) != 0 ? _scratch : _buffer;
        return new ReadOnlySpan<byte>(source, _fieldStart[index], _fieldLength[index]);
    }

    internal bool IsQuoted(int index)
    {
        if ((uint)index >= (uint)_fieldCount)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The record has {_fieldCount} fields.");
        return (_fieldFlags[index] & FlagQuoted) != 0;
    }

    /// <summary>The line and 1-based character column of a field, computed only when asked (for errors).</summary>
    internal (long Line, int Column) GetFieldPosition(int index)
    {
        int raw = (uint)index < (uint)_fieldCount ? _fieldRaw[index] : _recordEnd;
        return PositionOf(raw);
    }

    private (long Line, int Column) PositionOf(int bufferIndex)
    {
        ReadOnlySpan<byte> before = _buffer.AsSpan(_recordStart, bufferIndex - _recordStart);
        int lastLf = before.LastIndexOf(Lf);
        long line = _recordLine + (lastLf < 0 ? 0 : before.Count(Lf));
        ReadOnlySpan<byte> inLine = before[(lastLf + 1)..];
        // Count characters, not bytes, so the column matches what an editor shows for Chinese text.
        int column = 1 + inLine.Length - CountContinuationBytes(inLine);
        return (line, column);
    }

    private static int CountContinuationBytes(ReadOnlySpan<byte> text)
    {
        int count = 0;
        foreach (byte b in text)
        {
            if ((b & 0xC0) == 0x80)
                count++;
        }
        return count;
    }

    private const int StatusRecord = 0;
    private const int StatusEmptyLine = 1;
    private const int StatusNeedMore = 2;

    private int ParseRecord(out int next)
    {
        byte[] buf = _buffer;
        int end = _end;
        int p = _pos;
        next = p;
        _fieldCount = 0;
        _scratchLength = 0;
        _plainRecord = false;
        // Set before parsing so that errors raised mid-record can compute their line and column.
        _recordStart = p;
        _recordLine = _line;
        if (_whitespace)
        {
            int skip = buf.AsSpan(p, end - p).IndexOfAnyExcept(WhitespaceBytes);
            if (skip < 0)
            {
                if (!_eof)
                    return StatusNeedMore;
                next = end;
                return StatusEmptyLine;
            }
            p += skip;
        }
        if (buf[p] is Lf or Cr)
        {
            int t = Terminator(buf, p, end);
            if (t < 0)
                return StatusNeedMore;
            next = t;
            return StatusEmptyLine;
        }
        _plainRecord = _vectorFastPath && TryParsePlainRecord(buf, p, end, out next);
        if (_plainRecord)
            return StatusRecord;
        while (true)
        {
            int fieldRaw = p;
            if (_quoting && p < end && buf[p] == _quote)
            {
                int q = p + 1;
                bool unescape = false;
                while (true)
                {
                    int rel = buf.AsSpan(q, end - q).IndexOfAny(_quotedStops);
                    if (rel < 0)
                    {
                        if (!_eof)
                            return StatusNeedMore;
                        throw UnterminatedQuote(fieldRaw);
                    }
                    q += rel;
                    if (buf[q] != _quote || _escape == _quote)
                    {
                        // An escape (or a quote that may be the first of a doubled pair) needs the next byte.
                        if (q + 1 >= end)
                        {
                            if (!_eof)
                                return StatusNeedMore;
                            if (buf[q] != _quote)
                                throw UnterminatedQuote(fieldRaw);
                            break;
                        }
                        if (buf[q] != _quote || buf[q + 1] == _quote)
                        {
                            unescape = true;
                            q += 2;
                            continue;
                        }
                    }
                    break;
                }
                AddField(p + 1, q, fieldRaw, quoted: true, unescape);
                p = q + 1;
                if (p >= end)
                {
                    if (!_eof)
                        return StatusNeedMore;
                    next = p;
                    return StatusRecord;
                }
                byte after = buf[p];
                if (after is Lf or Cr)
                    return EndRecord(buf, p, end, out next);
                if (_whitespace && after is (byte)' ' or (byte)'\t')
                {
                    int r = SkipWhitespace(buf, ref p, end, out next);
                    if (r >= 0)
                        return r;
                    continue;
                }
                if (!_whitespace && after == _delimiterFirst)
                {
                    if (p + _delimiter.Length > end && !_eof)
                        return StatusNeedMore;
                    if (buf.AsSpan(p, end - p).StartsWith(_delimiter))
                    {
                        p += _delimiter.Length;
                        continue;
                    }
                }
                throw TextAfterQuote(p);
            }
            else
            {
                int q = p;
                while (true)
                {
                    int rel = buf.AsSpan(q, end - q).IndexOfAny(_unquotedStops);
                    if (rel < 0)
                    {
                        if (!_eof)
                            return StatusNeedMore;
                        q = end;
                        break;
                    }
                    q += rel;
                    if (_whitespace || _delimiter.Length == 1 || buf[q] is Lf or Cr)
                        break;
                    if (q + _delimiter.Length > end && !_eof)
                        return StatusNeedMore;
                    if (buf.AsSpan(q, end - q).StartsWith(_delimiter))
                        break;
                    q++;
                }
                AddField(p, q, fieldRaw, quoted: false, unescape: false);
                p = q;
                if (p >= end)
                {
                    next = p;
                    return StatusRecord;
                }
                byte stop = buf[p];
                if (stop is Lf or Cr)
                    return EndRecord(buf, p, end, out next);
                if (_whitespace)
                {
                    int r = SkipWhitespace(buf, ref p, end, out next);
                    if (r >= 0)
                        return r;
                    continue;
                }
                p += _delimiter.Length;
            }
        }
    }

    /// <summary>
    /// The common case: a record without quotes, with a one-byte delimiter, wholly in the buffer. Delimiters and line
    /// ends are found 32 bytes at a time as bit masks, which beats a search call per (short) field. Anything unusual
    /// (a quote, a bare CR, the buffer's end) returns false and the general parser starts the record again.
    /// </summary>
    private bool TryParsePlainRecord(byte[] buf, int p, int end, out int next)
    {
        next = p;
        var delimiter = Vector256.Create(_delimiterFirst);
        var lf = Vector256.Create(Lf);
        var cr = Vector256.Create(Cr);
        // Without quoting, compare against the delimiter again so the quote test never fires.
        var quote = Vector256.Create(_quoting ? _quote : _delimiterFirst);
        int fieldStart = p;
        ref byte origin = ref MemoryMarshal.GetArrayDataReference(buf);
        while (p + Vector256<byte>.Count <= end)
        {
            var block = Vector256.LoadUnsafe(ref origin, (nuint)p);
            uint delimiters = Vector256.Equals(block, delimiter).ExtractMostSignificantBits();
            uint special = (Vector256.Equals(block, lf) | Vector256.Equals(block, cr) | Vector256.Equals(block, quote)).ExtractMostSignificantBits();
            int stop = special == 0 ? Vector256<byte>.Count : BitOperations.TrailingZeroCount(special);
            if (stop < Vector256<byte>.Count)
                delimiters &= (1u << stop) - 1;
            while (delimiters != 0)
            {
                int at = p + BitOperations.TrailingZeroCount(delimiters);
                AddPlainField(fieldStart, at);
                fieldStart = at + 1;
                delimiters &= delimiters - 1;
            }
            if (stop < Vector256<byte>.Count)
            {
                int at = p + stop;
                byte b = buf[at];
                // A quote anywhere in the record would have stopped the scan first, so this record really is plain.
                if (b == Lf || (b == Cr && at + 1 < end && buf[at + 1] == Lf))
                {
                    AddPlainField(fieldStart, at);
                    next = at + (b == Lf ? 1 : 2);
                    return true;
                }
                break;
            }
            p += Vector256<byte>.Count;
        }
        _fieldCount = 0;
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddPlainField(int start, int stop)
    {
        int index = _fieldCount;
        if (index == _fieldStart.Length)
            GrowFields();
        _fieldStart[index] = start;
        _fieldLength[index] = stop - start;
        _fieldRaw[index] = start;
        _fieldFlags[index] = 0;
        _fieldCount = index + 1;
    }

    /// <summary>Skips a run of blanks between fields; returns a status when the run ends the record, else -1.</summary>
    private int SkipWhitespace(byte[] buf, ref int p, int end, out int next)
    {
        next = p;
        int rel = buf.AsSpan(p, end - p).IndexOfAnyExcept(WhitespaceBytes);
        if (rel < 0)
        {
            if (!_eof)
                return StatusNeedMore;
            next = end;
            return StatusRecord;
        }
        p += rel;
        if (buf[p] is Lf or Cr)
            return EndRecord(buf, p, end, out next);
        return -1;
    }

    private int EndRecord(byte[] buf, int p, int end, out int next)
    {
        next = Terminator(buf, p, end);
        return next < 0 ? StatusNeedMore : StatusRecord;
    }

    /// <summary>The index after the line break at <paramref name="p"/>, or -1 when a CR's partner may still be unread.</summary>
    private int Terminator(byte[] buf, int p, int end)
    {
        if (buf[p] == Lf)
            return p + 1;
        if (p + 1 < end)
            return buf[p + 1] == Lf ? p + 2 : p + 1;
        return _eof ? p + 1 : -1;
    }

    private void AddField(int start, int stop, int raw, bool quoted, bool unescape)
    {
        int index = _fieldCount;
        if (index == _fieldStart.Length)
            GrowFields();
        byte flags = quoted ? (byte)FlagQuoted : (byte)0;
        if (unescape)
        {
            flags |= FlagScratch;
            _fieldStart[index] = _scratchLength;
            _fieldLength[index] = Unescape(_buffer.AsSpan(start, stop - start));
        }
        else
        {
            _fieldStart[index] = start;
            _fieldLength[index] = stop - start;
        }
        _fieldRaw[index] = raw;
        _fieldFlags[index] = flags;
        _fieldCount = index + 1;
    }

    private int Unescape(ReadOnlySpan<byte> source)
    {
        if (_scratch.Length - _scratchLength < source.Length)
            Array.Resize(ref _scratch, Math.Max(_scratch.Length * 2, _scratchLength + source.Length));
        Span<byte> target = _scratch.AsSpan(_scratchLength);
        int written = 0;
        int i = 0;
        while (i < source.Length)
        {
            int rel = source[i..].IndexOf(_escape);
            if (rel < 0)
            {
                source[i..].CopyTo(target[written..]);
                written += source.Length - i;
                break;
            }
            source.Slice(i, rel).CopyTo(target[written..]);
            written += rel;
            i += rel;
            // The scanner only lets an escape through when another byte follows it inside the field.
            target[written++] = i + 1 < source.Length ? source[i + 1] : source[i];
            i += 2;
        }
        _scratchLength += written;
        return written;
    }

    private void GrowFields()
    {
        int size = _fieldStart.Length * 2;
        Array.Resize(ref _fieldStart, size);
        Array.Resize(ref _fieldLength, size);
        Array.Resize(ref _fieldRaw, size);
        Array.Resize(ref _fieldFlags, size);
    }

    /// <summary>Keeps the unconsumed tail, grows the buffer if a record fills it, and reads until the buffer is full.</summary>
    private void Fill()
    {
        if (_eof)
            return;
        if (_pos > 0)
        {
            int remaining = _end - _pos;
            Buffer.BlockCopy(_buffer, _pos, _buffer, 0, remaining);
            _bufferOrigin += _pos;
            _end = remaining;
            _pos = 0;
        }
        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= _maxRecordBytes)
            {
                throw new ImportException(PortraitDbErrorKind.Constraint, SourceName, _line, 1,
                    $"a record is longer than the maximum of {_maxRecordBytes} bytes (is a quote unterminated?)");
            }
            Array.Resize(ref _buffer, (int)Math.Min((long)_buffer.Length * 2, _maxRecordBytes));
        }
        int read;
        try
        {
            read = _stream.ReadAtLeast(_buffer.AsSpan(_end), _buffer.Length - _end, throwOnEndOfStream: false);
        }
        catch (IOException e)
        {
            throw new ImportException(PortraitDbErrorKind.Io, SourceName, _line, 1, $"cannot read: {e.Message}");
        }
        _end += read;
        if (_end < _buffer.Length)
            _eof = true;
    }

    private ImportException UnterminatedQuote(int fieldRaw)
    {
        var (line, column) = PositionOf(fieldRaw);
        return new ImportException(PortraitDbErrorKind.Syntax, SourceName, line, column, "unterminated quoted field");
    }

    private ImportException TextAfterQuote(int p)
    {
        var (line, column) = PositionOf(p);
        int length = Math.Min(_end - p, 16);
        string text = Encoding.UTF8.GetString(_buffer, p, length);
        int lineBreak = text.IndexOfAny(['\r', '\n']);
        if (lineBreak >= 0)
            text = text[..lineBreak];
        return new ImportException(PortraitDbErrorKind.Syntax, SourceName, line, column,
            $"unexpected text {ImportException.Quote(text)} after a closing quote", value: text);
    }
}
