using System.Text.RegularExpressions;
using PortraitDb.Bitmaps;
using PortraitDb.Bitmaps.Internal;
using PortraitDb.Storage;
using PortraitDb.Storage.Columns;

namespace PortraitDb.Persistence;

/// <summary>
/// Keeps a database directory in step with the tables in memory. Commits append a record to the write-ahead log
/// and return once it is on disk; checkpoints write the segments changed since the last one (and dictionaries
/// that grew) to new files, switch to them with an atomic manifest rename, and delete what the new manifest no
/// longer names. A transaction too big to log (a bulk load) commits by checkpoint instead. Opening reads the
/// manifest, the dictionaries and the segments' bitmaps (chunks load when first read), replays the log, and
/// drops a torn last record.
/// </summary>
internal sealed partial class DatabaseStore : IDisposable
{
    private const string LockFileName = "portrait.lock";
    private const byte TableChangesRecord = 1;
    private const byte CreateTableRecord = 2;
    private const byte DropTableRecord = 3;
    private const byte SaveAudienceRecord = 4;
    private const byte DropAudienceRecord = 5;
    private const byte SetSettingRecord = 6;

    private readonly string _directory;
    private readonly FileStream _lock;
    private readonly PortraitDatabase _database;
    private readonly long _checkpointWalBytes;
    // Commits hold it shared from log append to publish; a checkpoint holds it exclusively to capture a consistent state.
    private readonly ReaderWriterLockSlim _gate = new();
    private readonly Lock _checkpointing = new();
    private readonly Lock _state = new();
    private readonly Dictionary<int, PersistedTable> _tables = [];
    private readonly List<SegmentFile> _openFiles = [];
    private WriteAheadLog _wal = null!;
    private Manifest _manifest = null!;
    private bool _disposed;

    private DatabaseStore(string directory, FileStream lockFile, PortraitDatabase database, long checkpointWalBytes)
    {
        _directory = directory;
        _lock = lockFile;
        _database = database;
        _checkpointWalBytes = checkpointWalBytes;
    }

    /// <summary>What the last checkpoint wrote for a table, and what changed since.</summary>
    private sealed class PersistedTable(int id)
    {
        public readonly int Id = id;
        public long DictionaryCheckpoint;
        public int[] DictionaryCounts = [];
        public List<Manifest.SegmentEntry> Segments = [];
        public readonly SortedSet<int> Dirty = [];
        public TableSchema? Schema;
    }

    /// <summary>Opens (or creates) the database in <paramref name="directory"/>, filling <paramref name="database"/>'s catalog.</summary>
    public static DatabaseStore Open(string directory, PortraitDatabase database, long checkpointWalBytes)
    {
        directory = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(directory);
        FileStream lockFile;
        try
        {
            lockFile = new FileStream(Path.Combine(directory, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException error)
        {
            throw new PortraitDbException(PortraitDbErrorKind.Io, $"The database {directory} is already open in another process (or another PortraitDatabase in this one); one writer may open it at a time.", error);
        }
        var store = new DatabaseStore(directory, lockFile, database, checkpointWalBytes);
        try
        {
            store.Load();
            return store;
        }
        catch
        {
            store.CloseFiles();
            lockFile.Dispose();
            throw;
        }
    }

    public string Directory => _directory;

    /// <summary>A change log for a new write transaction: past the checkpoint threshold a transaction commits by checkpoint.</summary>
    public ChangeLog NewChangeLog() => new(_checkpointWalBytes);

    /// <summary>Closes the files without a checkpoint, as a crash would leave them (tests of recovery).</summary>
    internal void Abandon() => Close();

    // ---------------- Opening ----------------

    private void Load()
    {
        string manifestPath = Path.Combine(_directory, Manifest.FileName);
        if (!File.Exists(manifestPath))
        {
            if (System.IO.Directory.EnumerateFiles(_directory).Any(file => IsDatabaseFile(Path.GetFileName(file))))
                throw new PortraitDbException(PortraitDbErrorKind.Corruption, $"The database file {Manifest.FileName} is missing from {_directory}, which holds other database files.");
            _manifest = new Manifest();
            // The log first: a manifest always names a log file that exists.
            _wal = WriteAheadLog.Create(_directory, _manifest.WalGeneration);
            _manifest.WriteDurably(_directory);
            return;
        }
        _manifest = Manifest.Read(_directory);
        foreach (var entry in _manifest.Tables)
            LoadTable(entry);
        foreach (var audience in _manifest.Audiences)
            RestoreAudience(audience, Manifest.FileName);
        _database.Settings.Set(DatabaseSettings.MinGroupSizeName, (long)_manifest.MinGroupSize);
        long generation = _manifest.WalGeneration;
        if (!File.Exists(Path.Combine(_directory, WriteAheadLog.FileName(generation))))
            throw new PortraitDbException(PortraitDbErrorKind.Corruption, $"The database file {WriteAheadLog.FileName(generation)} is missing: the manifest names it as the first log to replay.");
        long lastLength = 0;
        while (File.Exists(Path.Combine(_directory, WriteAheadLog.FileName(generation))))
        {
            lastLength = Replay(generation);
            generation++;
        }
        if (System.IO.Directory.EnumerateFiles(_directory, "wal-*.log").Select(file => ParseGeneration(Path.GetFileName(file))).Any(number => number > generation))
            throw new PortraitDbException(PortraitDbErrorKind.Corruption, $"The database file {WriteAheadLog.FileName(generation)} is missing: later log files exist.");
        // Append to the last log file (a file the crash left without a whole header is started afresh), so that
        // opening and closing without a write leaves the directory as it was.
        _wal = lastLength > 0 ? WriteAheadLog.Reopen(_directory, generation - 1, lastLength) : WriteAheadLog.Create(_directory, generation - 1);
        RemoveStrayFiles(_manifest, generation);
    }

    private void LoadTable(Manifest.TableEntry entry)
    {
        var schema = entry.Schema;
        string dictionaryName = Manifest.DictionaryFileName(entry.Id, entry.DictionaryCheckpoint);
        var dictionaries = DictionaryFile.Read(Path.Combine(_directory, dictionaryName), dictionaryName, schema, entry.DictionaryCounts);
        var files = new SegmentFile[entry.Segments.Count];
        var bitmaps = new SegmentFile.Bitmaps[entry.Segments.Count];
        try
        {
            Parallel.For(0, files.Length, segment =>
            {
                var (rows, checkpoint) = entry.Segments[segment];
                string name = Manifest.SegmentFileName(entry.Id, segment, checkpoint);
                files[segment] = SegmentFile.Open(Path.Combine(_directory, name), name, schema, segment, rows, entry.DictionaryCounts, out bitmaps[segment]);
            });
        }
        catch (AggregateException error) when (Internal.ParallelErrors.HasEngineError(error))
        {
            foreach (var file in files)
                file?.Close();
            throw Internal.ParallelErrors.Rethrow(error);
        }
        lock (_state)
            _openFiles.AddRange(files);

        int columns = schema.Columns.Count;
        var live = new RoaringBitmap();
        var nulls = new RoaringBitmap[columns];
        for (int column = 0; column < columns; column++)
            nulls[column] = new RoaringBitmap();
        var segments = new Segment[files.Length];
        for (int segment = 0; segment < files.Length; segment++)
        {
            ushort key = (ushort)segment;
            var parts = bitmaps[segment];
            if (parts.Live is { } liveRows)
                live.Append(key, liveRows);
            for (int column = 0; column < columns; column++)
            {
                if (parts.Nulls[column] is { } nullRows)
                    nulls[column].Append(key, nullRows);
            }
            segments[segment] = new Segment(new ColumnChunk?[columns], entry.Segments[segment].RowCount, 0, files[segment]);
        }
        int[] dictionaryCounts = entry.DictionaryCounts;
        IStoredValueIndex OpenIndex(int column) =>
            new StoredValueIndex(files, column, schema.Columns[column].Type.Kind == ColumnKind.Bool ? 2 : dictionaryCounts[column]);
        var data = TableData.FromStorage(schema, dictionaries, segments, entry.RowCount, live, nulls, OpenIndex);
        var table = _database.NewTable(entry.Name, schema, data);
        table.Id = entry.Id;
        _database.AttachTable(table);
        _tables[entry.Id] = new PersistedTable(entry.Id)
        {
            DictionaryCheckpoint = entry.DictionaryCheckpoint,
            DictionaryCounts = entry.DictionaryCounts,
            Segments = [.. entry.Segments],
            Schema = schema,
        };
    }

    /// <summary>Replays log file <paramref name="generation"/>; returns the length of its good part (0 when it lacks even a header).</summary>
    private long Replay(long generation)
    {
        string name = WriteAheadLog.FileName(generation);
        string path = Path.Combine(_directory, name);
        var records = WriteAheadLog.ReadRecords(path, name, generation, out long validLength);
        if (validLength < new FileInfo(path).Length)
            WriteAheadLog.Truncate(path, validLength);
        if (validLength == 0)
            return 0;
        foreach (var record in records)
        {
            string source = $"{name} (record)";
            try
            {
                ApplyRecord(record, source);
            }
            catch (PortraitDbException error) when (error.Kind != PortraitDbErrorKind.Corruption)
            {
                throw ByteReader.CorruptionError(source, $"replaying it fails: {error.Message}");
            }
        }
        return validLength;
    }

    private void ApplyRecord(byte[] record, string source)
    {
        var reader = new ByteReader(record, source);
        byte type = reader.ReadByte();
        int id = reader.ReadCount(int.MaxValue, "a table id");
        switch (type)
        {
            case CreateTableRecord:
                {
                    string name = reader.ReadString();
                    var schema = Manifest.ReadSchema(ref reader);
                    if (_tables.ContainsKey(id) || _database.TryGetTable(name, out _))
                        throw reader.Corrupt($"it creates table {id} '{name}', which exists");
                    var table = _database.NewTable(name, schema, null);
                    table.Id = id;
                    _database.AttachTable(table);
                    _tables[id] = new PersistedTable(id) { Schema = schema };
                    _manifest.NextTableId = Math.Max(_manifest.NextTableId, id + 1);
                    break;
                }
            case DropTableRecord:
                {
                    var table = TableWithId(id, ref reader);
                    _database.DetachTable(table);
                    _tables.Remove(id);
                    break;
                }
            case SaveAudienceRecord:
                RestoreAudience(Manifest.ReadAudience(ref reader), source);
                break;
            case DropAudienceRecord:
                _database.AudienceCatalog.Drop(reader.ReadString());
                break;
            case SetSettingRecord:
                _database.Settings.Set(DatabaseSettings.MinGroupSizeName, (long)reader.ReadCount(int.MaxValue, "min_group_size"));
                break;
            case TableChangesRecord:
                {
                    var table = TableWithId(id, ref reader);
                    var operations = record.AsSpan(reader.Position);
                    var data = table.BeginReplay();
                    var log = new ChangeLog(long.MaxValue);
                    data.Log = log;
                    ChangeLog.Apply(operations, data, source);
                    data.Log = null;
                    table.PublishReplayed(data);
                    foreach (int segment in log.TouchedSegments)
                        _tables[id].Dirty.Add(segment);
                    break;
                }
            default:
                throw reader.Corrupt($"unknown record type {type}");
        }
    }

    /// <summary>Puts a saved audience back in the catalog; one whose table no longer exists went with its table.</summary>
    private void RestoreAudience(Manifest.AudienceEntry entry, string source)
    {
        var table = _database.Tables.FirstOrDefault(table => table.Id == entry.TableId);
        if (table is null)
            return;
        if (entry.Rows is { IsEmpty: false } rows && rows.Max >= table.Current.RowCount)
            throw ByteReader.CorruptionError(source, $"audience '{entry.Name}' holds row ids beyond its table's");
        var kind = entry.Snapshot ? Portrait.AudienceKind.Snapshot : Portrait.AudienceKind.Dynamic;
        _database.AudienceCatalog.Create(new Portrait.SavedAudience(entry.Name, table.Name, kind, entry.Condition, entry.Rows, table), replace: true);
    }

    private static Manifest.AudienceEntry EntryOf(Portrait.SavedAudience audience) =>
        new(audience.Table!.Id, audience.Name, audience.Kind == Portrait.AudienceKind.Snapshot, audience.Condition, audience.SnapshotRows);

    /// <summary>Logs a saved audience, then puts it in the catalog.</summary>
    public void SaveAudience(Portrait.SavedAudience audience, Action apply)
    {
        var record = new ByteWriter(256);
        record.WriteByte(SaveAudienceRecord);
        record.WriteVarUInt((ulong)audience.Table!.Id);
        Manifest.WriteAudience(record, EntryOf(audience));
        Log(record, apply);
    }

    /// <summary>Logs a dropped audience, then removes it.</summary>
    public void DropAudience(string name, Action apply)
    {
        var record = new ByteWriter(64);
        record.WriteByte(DropAudienceRecord);
        record.WriteVarUInt(0);
        record.WriteString(name);
        Log(record, apply);
    }

    /// <summary>Logs the privacy guard's threshold (already applied in memory).</summary>
    public void SetSetting(string name, int value)
    {
        var record = new ByteWriter(32);
        record.WriteByte(SetSettingRecord);
        record.WriteVarUInt(0);
        record.WriteVarUInt((ulong)value);
        Log(record, () => { });
    }

    private Table TableWithId(int id, ref ByteReader reader)
    {
        foreach (var table in _database.Tables)
        {
            if (table.Id == id)
                return table;
        }
        throw reader.Corrupt($"it names table {id}, which does not exist");
    }

    // ---------------- Committing ----------------

    /// <summary>Makes a table's committed changes durable, then publishes them.</summary>
    public void Commit(Table table, TableData data, ChangeLog log)
    {
        if (log.Overflowed)
        {
            Checkpoint(table, data, log);
            return;
        }
        var record = new ByteWriter(log.Operations.Length + 16);
        record.WriteByte(TableChangesRecord);
        record.WriteVarUInt((ulong)table.Id);
        record.WriteBytes(log.Operations);
        Log(record, () =>
        {
            table.PublishSealed(data);
            lock (_state)
            {
                if (_tables.TryGetValue(table.Id, out var persisted))
                {
                    foreach (int segment in log.TouchedSegments)
                        persisted.Dirty.Add(segment);
                }
            }
        });
        CheckpointIfLogIsLong();
    }

    /// <summary>Logs a new table (its id is assigned here) before it joins the catalog.</summary>
    public void CreateTable(Table table, Action attach)
    {
        var record = new ByteWriter(256);
        lock (_state)
            table.Id = _manifest.NextTableId++;
        record.WriteByte(CreateTableRecord);
        record.WriteVarUInt((ulong)table.Id);
        record.WriteString(table.Name);
        Manifest.WriteSchema(record, table.Schema);
        Log(record, () =>
        {
            attach();
            lock (_state)
                _tables[table.Id] = new PersistedTable(table.Id) { Schema = table.Schema };
        });
    }

    /// <summary>Logs a dropped table before it leaves the catalog.</summary>
    public void DropTable(Table table, Action detach)
    {
        var record = new ByteWriter(16);
        record.WriteByte(DropTableRecord);
        record.WriteVarUInt((ulong)table.Id);
        Log(record, () =>
        {
            detach();
            lock (_state)
                _tables.Remove(table.Id);
        });
    }

    private void Log(ByteWriter payload, Action publish)
    {
        var block = WriteAheadLog.Frame(payload.WrittenSpan);
        _gate.EnterReadLock();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var position = _wal.Append(block.WrittenSpan);
            _wal.Flush(position);
            publish();
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    private void CheckpointIfLogIsLong()
    {
        if (_wal.Length > _checkpointWalBytes)
            Checkpoint();
    }

    // ---------------- Checkpoints ----------------

    /// <summary>Writes every change since the last checkpoint to segment files and starts a new log.</summary>
    public void Checkpoint() => Checkpoint(null, null, null);

    private void Checkpoint(Table? bulkTable, TableData? bulkData, ChangeLog? bulkLog)
    {
        lock (_checkpointing)
        {
            _gate.EnterWriteLock();
            bool holdsGate = true;
            try
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                var tables = _database.Tables;
                var captured = new List<(Table Table, TableData Data, PersistedTable Persisted, int[] Dirty)>();
                lock (_state)
                {
                    if (bulkTable is not null && _tables.TryGetValue(bulkTable.Id, out var bulkPersisted))
                    {
                        foreach (int segment in bulkLog!.TouchedSegments)
                            bulkPersisted.Dirty.Add(segment);
                    }
                    foreach (var table in tables)
                    {
                        if (!_tables.TryGetValue(table.Id, out var persisted))
                            continue;
                        var data = ReferenceEquals(table, bulkTable) ? bulkData! : table.Current;
                        captured.Add((table, data, persisted, [.. persisted.Dirty]));
                        persisted.Dirty.Clear();
                    }
                }
                // Audiences and settings change under the same gate (they are logged like commits).
                var audiences = _database.AudienceCatalog.All.Where(audience => captured.Any(entry => ReferenceEquals(entry.Table, audience.Table))).Select(EntryOf).ToList();
                int minGroupSize = _database.Settings.MinGroupSize;
                bool anyChange = bulkTable is not null || _wal.Length > WriteAheadLogEmptyLength || captured.Any(entry => entry.Dirty.Length > 0 || entry.Persisted.Segments.Count != entry.Data.Segments.Length);
                if (!anyChange && _manifest.Tables.Count == captured.Count)
                    return;
                _wal.Rotate();
                if (bulkTable is null)
                {
                    _gate.ExitWriteLock();
                    holdsGate = false;
                }
                try
                {
                    WriteCheckpoint(captured, audiences, minGroupSize, _wal.Generation);
                }
                catch
                {
                    lock (_state)
                    {
                        foreach (var entry in captured)
                            entry.Persisted.Dirty.UnionWith(entry.Dirty);
                    }
                    throw;
                }
                if (bulkTable is not null)
                    bulkTable.PublishSealed(bulkData!);
            }
            finally
            {
                if (holdsGate)
                    _gate.ExitWriteLock();
            }
        }
    }

    private static readonly long WriteAheadLogEmptyLength = FileFormat.HeaderSize + sizeof(ulong);

    private void WriteCheckpoint(List<(Table Table, TableData Data, PersistedTable Persisted, int[] Dirty)> captured, List<Manifest.AudienceEntry> audiences, int minGroupSize, long walGeneration)
    {
        long checkpoint = _manifest.Checkpoint + 1;
        var manifest = new Manifest
        {
            Checkpoint = checkpoint,
            WalGeneration = walGeneration,
            NextTableId = _manifest.NextTableId,
            Audiences = [.. audiences],
            MinGroupSize = minGroupSize,
        };
        var updates = new List<(PersistedTable Persisted, long DictionaryCheckpoint, int[] DictionaryCounts, List<Manifest.SegmentEntry> Segments)>();
        foreach (var (table, data, persisted, dirty) in captured)
        {
            int[] counts = (int[])data.DictionaryCounts.Clone();
            long dictionaryCheckpoint = persisted.DictionaryCheckpoint;
            if (dictionaryCheckpoint == 0 || !counts.AsSpan().SequenceEqual(persisted.DictionaryCounts) || !ReferenceEquals(persisted.Schema, data.Schema))
            {
                dictionaryCheckpoint = checkpoint;
                DictionaryFile.Write(Path.Combine(_directory, Manifest.DictionaryFileName(persisted.Id, checkpoint)), data);
            }
            var segments = new List<Manifest.SegmentEntry>(data.Segments.Length);
            var toWrite = new List<int>();
            for (int segment = 0; segment < data.Segments.Length; segment++)
            {
                bool rewrite = segment >= persisted.Segments.Count || Array.BinarySearch(dirty, segment) >= 0 || !ReferenceEquals(persisted.Schema, data.Schema);
                segments.Add(rewrite ? new Manifest.SegmentEntry(data.Segments[segment].RowCount, checkpoint) : persisted.Segments[segment]);
                if (rewrite)
                    toWrite.Add(segment);
            }
            Parallel.ForEach(toWrite, segment =>
                SegmentFile.Write(Path.Combine(_directory, Manifest.SegmentFileName(persisted.Id, segment, checkpoint)), data, segment));
            manifest.Tables.Add(new Manifest.TableEntry
            {
                Id = persisted.Id,
                Name = table.Name,
                Schema = data.Schema,
                RowCount = data.RowCount,
                DictionaryCheckpoint = dictionaryCheckpoint,
                DictionaryCounts = counts,
                Segments = segments,
            });
            updates.Add((persisted, dictionaryCheckpoint, counts, segments));
        }
        FileFormat.SyncDirectory(_directory);
        manifest.WriteDurably(_directory);
        lock (_state)
        {
            _manifest = manifest;
            for (int index = 0; index < updates.Count; index++)
            {
                var (persisted, dictionaryCheckpoint, counts, segments) = updates[index];
                persisted.DictionaryCheckpoint = dictionaryCheckpoint;
                persisted.DictionaryCounts = counts;
                persisted.Segments = segments;
                persisted.Schema = captured[index].Data.Schema;
            }
        }
        RemoveStrayFiles(manifest, walGeneration);
    }

    /// <summary>Deletes files the manifest does not name: replaced segments and dictionaries, folded logs, leftovers of a crashed checkpoint.</summary>
    private void RemoveStrayFiles(Manifest manifest, long firstKeptLog)
    {
        var keep = new HashSet<string>(StringComparer.Ordinal) { Manifest.FileName, LockFileName };
        foreach (var table in manifest.Tables)
        {
            keep.Add(Manifest.DictionaryFileName(table.Id, table.DictionaryCheckpoint));
            for (int segment = 0; segment < table.Segments.Count; segment++)
                keep.Add(Manifest.SegmentFileName(table.Id, segment, table.Segments[segment].Checkpoint));
        }
        foreach (string path in System.IO.Directory.EnumerateFiles(_directory))
        {
            string name = Path.GetFileName(path);
            if (keep.Contains(name) || !IsDatabaseFile(name))
                continue;
            if (name.StartsWith("wal-", StringComparison.Ordinal) && ParseGeneration(name) >= Math.Min(firstKeptLog, manifest.WalGeneration))
                continue;
            try
            {
                File.Delete(path);
            }
            catch (IOException)
            {
                // Still open elsewhere (Windows): the next checkpoint tries again.
            }
        }
    }

    private static bool IsDatabaseFile(string name) => DatabaseFilePattern().IsMatch(name);

    private static long ParseGeneration(string name) =>
        long.TryParse(name.AsSpan(4, name.Length - 8), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long generation) ? generation : -1;

    [GeneratedRegex(@"^(t\d+-s\d+-c\d+\.seg|t\d+-dict-c\d+\.dict|wal-\d+\.log|manifest\.tmp)$")]
    private static partial Regex DatabaseFilePattern();

    // ---------------- Closing ----------------

    /// <summary>Checkpoints (so the next open replays nothing) and releases the directory.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        try
        {
            Checkpoint();
        }
        catch (Exception error) when (error is PortraitDbException or IOException or UnauthorizedAccessException)
        {
            // The log still holds every committed change: the next open replays it.
        }
        Close();
    }

    /// <summary>Stops further commits once those under way are done, then releases the log, the files and the lock.</summary>
    private void Close()
    {
        _gate.EnterWriteLock();
        try
        {
            _disposed = true;
            _wal.Dispose();
        }
        finally
        {
            _gate.ExitWriteLock();
        }
        CloseFiles();
        _lock.Dispose();
    }

    private void CloseFiles()
    {
        lock (_state)
        {
            foreach (var file in _openFiles)
                file.Close();
            _openFiles.Clear();
        }
    }
}
