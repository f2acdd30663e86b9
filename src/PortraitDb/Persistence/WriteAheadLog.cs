using System.Buffers.Binary;
using System.IO.Hashing;
using Microsoft.Win32.SafeHandles;

namespace PortraitDb.Persistence;

/// <summary>
/// The write-ahead log: numbered files (<c>wal-000001.log</c>, …), each a header and then one checked block per
/// committed change. A commit appends its record and waits until it is on disk; commits that arrive while a flush
/// is under way share the next one (group commit). A checkpoint starts a new file, so that older ones can be
/// deleted once the checkpoint's manifest is in place.
/// </summary>
internal sealed class WriteAheadLog : IDisposable
{
    private static ReadOnlySpan<byte> Magic => "PDBWAL\0\0"u8;
    private const int FileHeaderSize = FileFormat.HeaderSize + sizeof(ulong);

    // A record is an XxHash32 of the block header, then the block: a damaged length is caught before it is followed.
    private const int RecordHeaderSize = sizeof(uint) + BlockFormat.HeaderSize;

    private readonly string _directory;
    private readonly Lock _append = new();
    private readonly Lock _flush = new();
    private SafeFileHandle _handle;
    private long _end;
    private long _durableEnd;
    private long _fileEpoch;
    private Exception? _failure;

    private WriteAheadLog(string directory, long generation, SafeFileHandle handle)
    {
        _directory = directory;
        Generation = generation;
        _handle = handle;
        _end = FileHeaderSize;
        _durableEnd = FileHeaderSize;
    }

    /// <summary>The number of the file being appended to.</summary>
    public long Generation { get; private set; }

    /// <summary>Bytes in the current file.</summary>
    public long Length => Volatile.Read(ref _end);

    public static string FileName(long generation) => $"wal-{generation:D6}.log";

    /// <summary>Starts a new, empty log file <paramref name="generation"/> (durably) and appends there from now on.</summary>
    public static WriteAheadLog Create(string directory, long generation) => new(directory, generation, CreateFile(directory, generation));

    /// <summary>Appends to existing log file <paramref name="generation"/> from <paramref name="length"/>, where its good records end.</summary>
    public static WriteAheadLog Reopen(string directory, long generation, long length)
    {
        var handle = File.OpenHandle(Path.Combine(directory, FileName(generation)), FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        return new WriteAheadLog(directory, generation, handle) { _end = length, _durableEnd = length };
    }

    /// <summary>Switches appends to a new file; the caller ensures no commit is between append and flush.</summary>
    public void Rotate()
    {
        ThrowIfFailed();
        var next = CreateFile(_directory, Generation + 1);
        lock (_append)
        {
            lock (_flush)
            {
                _handle.Dispose();
                _handle = next;
                Generation++;
                _fileEpoch++;
                _end = FileHeaderSize;
                _durableEnd = FileHeaderSize;
            }
        }
    }

    /// <summary>The bytes of a log record holding <paramref name="payload"/>.</summary>
    public static ByteWriter Frame(ReadOnlySpan<byte> payload)
    {
        var record = new ByteWriter(payload.Length + RecordHeaderSize + 16);
        record.WriteUInt32(0);
        BlockFormat.Write(record, BlockKind.LogRecord, payload);
        record.PatchUInt32(0, XxHash32.HashToUInt32(record.WrittenSpan.Slice(sizeof(uint), BlockFormat.HeaderSize)));
        return record;
    }

    /// <summary>Appends one record made by <see cref="Frame"/>; returns a position to pass to <see cref="Flush"/>.</summary>
    public (long Epoch, long End) Append(ReadOnlySpan<byte> record)
    {
        lock (_append)
        {
            ThrowIfFailed();
            long start = _end;
            try
            {
                RandomAccess.Write(_handle, record, start);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                // Take the partial record back, so the next one does not follow garbage.
                try
                {
                    RandomAccess.SetLength(_handle, start);
                }
                catch (IOException)
                {
                    _failure = error;
                }
                throw new PortraitDbException(PortraitDbErrorKind.Io, $"Could not write the write-ahead log {FileName(Generation)}: {error.Message}", error);
            }
            _end = start + record.Length;
            return (_fileEpoch, _end);
        }
    }

    /// <summary>Returns once everything up to <paramref name="position"/> is on disk.</summary>
    public void Flush((long Epoch, long End) position)
    {
        lock (_flush)
        {
            ThrowIfFailed();
            if (position.Epoch != _fileEpoch || _durableEnd >= position.End)
                return;
            long target;
            lock (_append)
                target = _end;
            try
            {
                RandomAccess.FlushToDisk(_handle);
            }
            catch (IOException error)
            {
                // After a failed fsync the kernel may have dropped the dirty pages: nothing later can be trusted.
                _failure = error;
                throw new PortraitDbException(PortraitDbErrorKind.Io, $"Could not flush the write-ahead log {FileName(Generation)} to disk: {error.Message}. Reopen the database.", error);
            }
            _durableEnd = target;
        }
    }

    public void Dispose() => _handle.Dispose();

    /// <summary>
    /// The records of log file <paramref name="path"/>, in order. A last record cut short, or whole in length but
    /// failing its checksum, or followed only by zeros, is a write torn by a crash: it never returned success, so it
    /// is dropped and <paramref name="validLength"/> says where the good records end. Anywhere else it is damage.
    /// </summary>
    public static List<byte[]> ReadRecords(string path, string name, long expectedGeneration, out long validLength)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            throw new PortraitDbException(PortraitDbErrorKind.Corruption, $"The database file {name} is missing.");
        }
        if (bytes.Length < FileHeaderSize)
        {
            // A crash while creating the file leaves it short; it never held a record.
            validLength = 0;
            return [];
        }
        FileFormat.CheckHeader(bytes, Magic, name, "write-ahead log");
        long generation = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(FileFormat.HeaderSize));
        if (generation != expectedGeneration)
            throw ByteReader.CorruptionError(name, $"it says it is log {generation}, not {expectedGeneration}");
        var records = new List<byte[]>();
        int position = FileHeaderSize;
        while (position < bytes.Length)
        {
            var rest = bytes.AsSpan(position);
            // Only zeros left: a crash after the file grew but before its data landed.
            if (!rest.ContainsAnyExcept((byte)0))
                break;
            // Shorter than a record header: a torn write (a record's header is written before its payload).
            if (rest.Length < RecordHeaderSize)
                break;
            string where = $"{name} (record at offset {position})";
            if (XxHash32.HashToUInt32(rest.Slice(sizeof(uint), BlockFormat.HeaderSize)) != BinaryPrimitives.ReadUInt32LittleEndian(rest))
                throw ByteReader.CorruptionError(where, "its header fails its checksum");
            int size = BlockFormat.HeaderSize + BinaryPrimitives.ReadInt32LittleEndian(rest[8..]);
            if (size < BlockFormat.HeaderSize)
                throw ByteReader.CorruptionError(where, "it has a negative length");
            // Runs past the end: the crash cut it short.
            if (size > rest.Length - sizeof(uint))
                break;
            try
            {
                records.Add(BlockFormat.Read(rest.Slice(sizeof(uint), size), BlockKind.LogRecord, where));
            }
            catch (PortraitDbException) when (position + sizeof(uint) + size == bytes.Length)
            {
                // The last record, whole in length but not in content: a write the crash tore (its pages never all
                // landed). It never returned success. A flipped byte in a last record looks the same and is dropped too.
                break;
            }
            position += sizeof(uint) + size;
        }
        validLength = position;
        return records;
    }

    /// <summary>Cuts a torn record off the end of a log file, so that appends and replays after it stay in order.</summary>
    public static void Truncate(string path, long length)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite);
        RandomAccess.SetLength(handle, length);
        RandomAccess.FlushToDisk(handle);
    }

    private static SafeFileHandle CreateFile(string directory, long generation)
    {
        var header = new ByteWriter(FileHeaderSize);
        FileFormat.WriteHeader(header, Magic);
        header.WriteInt64(generation);
        string path = Path.Combine(directory, FileName(generation));
        var handle = File.OpenHandle(path, FileMode.Create, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            RandomAccess.Write(handle, header.WrittenSpan, 0);
            RandomAccess.FlushToDisk(handle);
            FileFormat.SyncDirectory(directory);
            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private void ThrowIfFailed()
    {
        if (_failure is not null)
            throw new PortraitDbException(PortraitDbErrorKind.Io, $"An earlier write-ahead log write failed ({_failure.Message}); reopen the database.", _failure);
    }
}
