using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using PortraitDb.Bitmaps;
using PortraitDb.Bitmaps.Internal;
using PortraitDb.Storage.Columns;

namespace PortraitDb.Storage;

/// <summary>
/// Every piece of a table at one version: segments of column chunks, the live-rows bitmap, a null bitmap
/// per column, a bitmap per value of every CATEGORY, BOOL and TAGS column, dictionaries, and the key index.
/// A published version is immutable. A write transaction works on a copy that shares every piece and copies
/// a piece (a segment's chunk list, a chunk, a bitmap's container list, a container, a key partition) the
/// first time it changes it, stamping the copy with the transaction's id; committing publishes the copy.
/// Readers therefore see a consistent snapshot without locks, and a one-row change copies only what it touches.
/// </summary>
internal sealed partial class TableData
{
    public TableSchema Schema;
    public CategoryDictionary?[] Dictionaries;
    public readonly long Transaction;
    public uint RowCount;
    public Segment[] Segments;
    public RoaringBitmap LiveRows;
    public RoaringBitmap[] NullRows;
    /// <summary>
    /// The bitmap of every value of every CATEGORY, BOOL and TAGS column (null for other columns). A table opened from
    /// disk reads a column's bitmaps on first use: read them through <see cref="ValueIndex"/>.
    /// </summary>
    public RoaringBitmap[]?[] ValueIndexes;
    public int[] DictionaryCounts;
    /// <summary>The key index; for a table opened from disk it is built from the key column on first use.</summary>
    public KeyIndex? Keys
    {
        get => _keys ?? BuildDeferredKeys();
        set => _keys = value;
    }

    private KeyIndex? _keys;
    private DeferredKeyIndex? _deferredKeys;

    /// <summary>Records this write copy's changes for the write-ahead log; null for a table that is not persisted.</summary>
    public Persistence.ChangeLog? Log;
    private bool[] _valueIndexOwned;
    private ColumnKind[] _kinds;
    private PendingBitmapAdds? _pending;

    /// <summary>Rows this writer inserted or changed, while the schema has derived columns to recompute for them.</summary>
    private RoaringBitmap? _written;

    /// <summary>An empty table.</summary>
    public TableData(TableSchema schema)
    {
        Schema = schema;
        int columns = schema.Columns.Count;
        Dictionaries = new CategoryDictionary?[columns];
        ValueIndexes = new RoaringBitmap[]?[columns];
        NullRows = new RoaringBitmap[columns];
        for (int column = 0; column < columns; column++)
        {
            NullRows[column] = new RoaringBitmap();
            var kind = schema.Columns[column].Type.Kind;
            if (kind is ColumnKind.Category or ColumnKind.Tags)
            {
                Dictionaries[column] = new CategoryDictionary();
                ValueIndexes[column] = [];
            }
            else if (kind == ColumnKind.Bool)
            {
                ValueIndexes[column] = [new RoaringBitmap(), new RoaringBitmap()];
            }
        }
        DictionaryCounts = new int[columns];
        Segments = [];
        LiveRows = new RoaringBitmap();
        Keys = schema.KeyOrdinal >= 0 ? new KeyIndex() : null;
        _valueIndexOwned = new bool[columns];
        _kinds = [.. schema.Columns.Select(column => column.Type.Kind)];
    }

    private TableData(TableData source, long transaction)
    {
        Schema = source.Schema;
        Dictionaries = source.Dictionaries;
        Transaction = transaction;
        RowCount = source.RowCount;
        Segments = (Segment[])source.Segments.Clone();
        LiveRows = source.LiveRows;
        NullRows = (RoaringBitmap[])source.NullRows.Clone();
        ValueIndexes = (RoaringBitmap[]?[])source.ValueIndexes.Clone();
        _deferredIndexes = source._deferredIndexes;
        DictionaryCounts = (int[])source.DictionaryCounts.Clone();
        _keys = source._keys;
        _deferredKeys = source._deferredKeys;
        _valueIndexOwned = new bool[source.Schema.Columns.Count];
        _kinds = source._kinds;
        if (Schema.HasDerivedColumns)
            _written = new RoaringBitmap();
    }

    /// <summary>
    /// A table opened from disk: its pieces as read (chunks load lazily through their segments); the key index is
    /// built from the key column when first needed.
    /// </summary>
    public static TableData FromStorage(TableSchema schema, CategoryDictionary?[] dictionaries, Segment[] segments, uint rowCount, RoaringBitmap live, RoaringBitmap[] nulls, Func<int, IStoredValueIndex> openIndex)
    {
        var data = new TableData(schema)
        {
            RowCount = rowCount,
            Segments = segments,
            LiveRows = live,
            Keys = null,
        };
        for (int column = 0; column < schema.Columns.Count; column++)
        {
            data.Dictionaries[column] = dictionaries[column];
            data.NullRows[column] = nulls[column];
            data.ValueIndexes[column] = null;
        }
        data._deferredIndexes = new DeferredIndexes(openIndex, schema.Columns.Count);
        if (schema.KeyOrdinal >= 0)
            data._deferredKeys = new DeferredKeyIndex();
        data.Seal();
        return data;
    }

    /// <summary>A copy for <paramref name="transaction"/> to change; this version stays as it is.</summary>
    public TableData BeginWrite(long transaction) => new(this, transaction);

    /// <summary>
    /// From now on, bitmap additions of inserted rows wait for their segment to complete (or for <see cref="Seal"/>);
    /// only for a writer that does nothing but insert, since reads of the bitmaps would miss them meanwhile.
    /// </summary>
    public void BeginBulkInsert() => _pending ??= new PendingBitmapAdds(Schema.Columns.Count);

    /// <summary>Records the dictionary sizes this version may refer to, after flushing pending bitmap additions; called just before publishing.</summary>
    public void Seal()
    {
        _pending?.Flush(this);
        LayOutWritten(LiveRows);
        for (int column = 0; column < _valueIndexOwned.Length; column++)
        {
            LayOutWritten(NullRows[column]);
            if (!_valueIndexOwned[column] || ValueIndexes[column] is not { } index)
                continue;
            foreach (var bitmap in index)
                LayOutWritten(bitmap);
        }
        for (int column = 0; column < Dictionaries.Length; column++)
            DictionaryCounts[column] = Dictionaries[column]?.Count ?? 0;
    }

    private void LayOutWritten(RoaringBitmap bitmap)
    {
        if (bitmap.Owner == Transaction)
            bitmap.LayOutInKeyOrder(Transaction);
    }

    // ---------------- Reading ----------------

    public bool IsLive(uint row) => LiveRows.Contains(row);

    public bool IsNull(uint row, int column) => NullRows[column].Contains(row);

    public ColumnChunk ChunkAt(uint row, int column) => Segments[row >> 16].Chunk(column);

    /// <summary>The value at (<paramref name="row"/>, <paramref name="column"/>) as a .NET object; null for NULL.</summary>
    public object? GetValue(uint row, int column)
    {
        if (IsNull(row, column))
            return null;
        var type = Schema.Columns[column].Type;
        var chunk = ChunkAt(row, column);
        int offset = (int)(row & 0xFFFF);
        return type.Kind switch
        {
            ColumnKind.Text => ((TextChunk)chunk).Get(offset),
            ColumnKind.Category => Dictionaries[column]![((CodeChunk)chunk).Get(offset)],
            ColumnKind.Bool => ((BoolChunk)chunk).Get(offset),
            ColumnKind.Int32 => ((NumericChunk<int>)chunk).Values[offset],
            ColumnKind.Int64 => ((NumericChunk<long>)chunk).Values[offset],
            ColumnKind.Double => ((NumericChunk<double>)chunk).Values[offset],
            ColumnKind.Decimal => ValueConversion.DecimalFromScaled(((NumericChunk<long>)chunk).Values[offset], type.Scale),
            ColumnKind.Date => ValueConversion.DateFromDays(((NumericChunk<int>)chunk).Values[offset]),
            ColumnKind.Timestamp => ValueConversion.TimestampFromMicroseconds(((NumericChunk<long>)chunk).Values[offset]),
            ColumnKind.Tags => TagsAt(row, column),
            _ => throw new PortraitDbException(PortraitDbErrorKind.Internal, $"Unknown column kind {type.Kind}."),
        };
    }

    private string[] TagsAt(uint row, int column)
    {
        var codes = ((TagsChunk)ChunkAt(row, column)).Get((int)(row & 0xFFFF));
        var tags = new string[codes.Length];
        for (int index = 0; index < codes.Length; index++)
            tags[index] = Dictionaries[column]![codes[index]];
        return tags;
    }

    /// <summary>The row whose key equals <paramref name="key"/> (already in the key column's encoding), or −1.</summary>
    public long FindRow(in Cell key) => FindRow(key, out _);

    /// <summary>
    /// Starts loading the key-index slot that inserting <paramref name="key"/> will probe. An appender calls it when
    /// the key arrives, so the cache miss of a random hash slot overlaps the rest of the row instead of stalling it.
    /// </summary>
    public void PrefetchKey(in Cell key)
    {
        if (Keys is null || key.IsNull)
            return;
        Keys.Prefetch(KeyHashOf(key));
    }

    /// <summary>The row whose key equals <paramref name="key"/>, or −1; <paramref name="hash"/> is the key's hash either way.</summary>
    private long FindRow(in Cell key, out ulong hash)
    {
        hash = 0;
        if (Keys is null || key.IsNull)
            return -1;
        int column = Schema.KeyOrdinal;
        if (_kinds[column] == ColumnKind.Text)
        {
            string text = key.Text!;
            // Keys are short: encode on the stack, and hash the same bytes the key column stores.
            int maxBytes = Encoding.UTF8.GetMaxByteCount(text.Length);
            Span<byte> bytes = maxBytes <= 256 ? stackalloc byte[maxBytes] : new byte[maxBytes];
            bytes = bytes[..Encoding.UTF8.GetBytes(text, bytes)];
            hash = XxHash3.HashToUInt64(bytes);
            var matcher = new TextKeyMatcher(this, column, bytes);
            return Keys.Find(hash, ref matcher);
        }
        hash = HashInteger(key.Integer);
        var numeric = new IntegerKeyMatcher(this, column, key.Integer);
        return Keys.Find(hash, ref numeric);
    }

    private ulong KeyHashOf(uint row)
    {
        int column = Schema.KeyOrdinal;
        var chunk = ChunkAt(row, column);
        int offset = (int)(row & 0xFFFF);
        return chunk switch
        {
            TextChunk text => XxHash3.HashToUInt64(text.GetBytes(offset)),
            NumericChunk<long> wide => HashInteger(wide.Values[offset]),
            NumericChunk<int> narrow => HashInteger(narrow.Values[offset]),
            _ => throw new PortraitDbException(PortraitDbErrorKind.Internal, "Unknown key column chunk."),
        };
    }

    private ulong KeyHashOf(in Cell key)
    {
        if (_kinds[Schema.KeyOrdinal] != ColumnKind.Text)
            return HashInteger(key.Integer);
        string text = key.Text!;
        int maxBytes = Encoding.UTF8.GetMaxByteCount(text.Length);
        Span<byte> bytes = maxBytes <= 256 ? stackalloc byte[maxBytes] : new byte[maxBytes];
        return XxHash3.HashToUInt64(bytes[..Encoding.UTF8.GetBytes(text, bytes)]);
    }

    private static ulong HashInteger(long value) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(new ReadOnlySpan<long>(in value)));

    private readonly ref struct TextKeyMatcher(TableData data, int column, ReadOnlySpan<byte> key) : IKeyMatcher
    {
        private readonly ReadOnlySpan<byte> _key = key;

        public bool Matches(uint row) => ((TextChunk)data.ChunkAt(row, column)).GetBytes((int)(row & 0xFFFF)).SequenceEqual(_key);
    }

    private readonly struct IntegerKeyMatcher(TableData data, int column, long key) : IKeyMatcher
    {
        public bool Matches(uint row)
        {
            var chunk = data.ChunkAt(row, column);
            int offset = (int)(row & 0xFFFF);
            return chunk is NumericChunk<long> wide ? wide.Values[offset] == key : ((NumericChunk<int>)chunk).Values[offset] == key;
        }
    }

    public long SizeInBytes
    {
        get
        {
            long total = LiveRows.SizeInBytes + (_keys?.SizeInBytes ?? 0);
            foreach (var segment in Segments)
            {
                total += segment.LoadedSizeInBytes;
            }
            foreach (var nulls in NullRows)
                total += nulls.SizeInBytes;
            foreach (var index in ValueIndexes)
            {
                foreach (var bitmap in index ?? [])
                    total += bitmap.SizeInBytes;
            }
            total += _deferredIndexes?.SizeInBytes ?? 0;
            foreach (var dictionary in Dictionaries)
                total += dictionary?.SizeInBytes ?? 0;
            return total;
        }
    }

    /// <summary>
    /// Builds the key index of a table opened from disk from its live rows' keys. Versions derived before the
    /// build share one result: no key can change before the index exists, because every write that touches keys
    /// or live rows consults the index first.
    /// </summary>
    private KeyIndex? BuildDeferredKeys()
    {
        var deferred = _deferredKeys;
        if (deferred is null)
            return null;
        lock (deferred)
        {
            if (deferred.Built is null)
            {
                var rows = LiveRows.ToArray();
                var hashes = new ulong[rows.Length];
                try
                {
                    Parallel.For(0, (rows.Length + 65535) / 65536, block =>
                    {
                        int end = Math.Min(rows.Length, (block + 1) * 65536);
                        for (int index = block * 65536; index < end; index++)
                            hashes[index] = KeyHashOf(rows[index]);
                    });
                }
                catch (AggregateException error) when (Internal.ParallelErrors.HasEngineError(error))
                {
                    throw Internal.ParallelErrors.Rethrow(error);
                }
                deferred.Built = KeyIndex.Build(hashes, rows);
            }
            return _keys ??= deferred.Built;
        }
    }

    private sealed class DeferredKeyIndex
    {
        public KeyIndex? Built;
    }

    /// <summary>
    /// The value bitmaps of column <paramref name="column"/>, or null when it has none; a table opened from disk reads
    /// them from its segment files on first use. Versions derived before that share what is read: nothing can change a
    /// column's bitmaps without reading them through here first.
    /// </summary>
    public RoaringBitmap[]? ValueIndex(int column)
    {
        var index = ValueIndexes[column];
        if (index is not null || _deferredIndexes is not { } deferred || !Schema.Columns[column].Type.IsIndexed)
            return index;
        return ValueIndexes[column] = deferred.LoadAll(column);
    }

    /// <summary>The number of codes <see cref="ValueBitmap"/> answers for in indexed column <paramref name="column"/>.</summary>
    public int ValueCount(int column) =>
        ValueIndexes[column] is { } index ? index.Length : _deferredIndexes!.Count(column);

    /// <summary>
    /// The rows holding value <paramref name="code"/> (below <see cref="ValueCount"/>) of indexed column
    /// <paramref name="column"/>. A table opened from disk reads only this value's bitmap if the column's are not all
    /// read yet, so that a first query touches a few bitmaps, not every value's.
    /// </summary>
    public RoaringBitmap ValueBitmap(int column, int code) =>
        ValueIndexes[column] is { } index ? index[code] : _deferredIndexes!.Load(column, code);

    private DeferredIndexes? _deferredIndexes;

    /// <summary>The value bitmaps still on disk, read value by value or a column at a time; shared by every version derived before they are read.</summary>
    private sealed class DeferredIndexes(Func<int, IStoredValueIndex> open, int columns)
    {
        private readonly ColumnIndex?[] _columns = new ColumnIndex?[columns];

        public int Count(int column) => Column(column).Read.Length;

        public RoaringBitmap Load(int column, int code)
        {
            var index = Column(column);
            lock (index)
                return index.All?[code] ?? (index.Read[code] ??= index.Stored!.Read(code));
        }

        public RoaringBitmap[] LoadAll(int column)
        {
            var index = Column(column);
            lock (index)
            {
                if (index.All is { } all)
                    return all;
                var read = index.Read;
                var missing = Enumerable.Range(0, read.Length).Where(code => read[code] is null).ToArray();
                try
                {
                    Parallel.For(0, missing.Length, entry => read[missing[entry]] = index.Stored!.Read(missing[entry]));
                }
                catch (AggregateException error) when (Internal.ParallelErrors.HasEngineError(error))
                {
                    throw Internal.ParallelErrors.Rethrow(error);
                }
                // Every value is read: let go of what the reader holds (the blocks read from disk).
                index.Stored = null;
                return index.All = read!;
            }
        }

        public long SizeInBytes
        {
            get
            {
                long total = 0;
                foreach (var index in _columns)
                {
                    if (index is null)
                        continue;
                    lock (index)
                    {
                        if (index.All is not null)
                            continue;
                        total += index.Stored?.SizeInBytes ?? 0;
                        foreach (var bitmap in index.Read)
                            total += bitmap?.SizeInBytes ?? 0;
                    }
                }
                return total;
            }
        }

        private ColumnIndex Column(int column)
        {
            lock (_columns)
                return _columns[column] ??= new ColumnIndex(open(column));
        }

        private sealed class ColumnIndex(IStoredValueIndex stored)
        {
            public IStoredValueIndex? Stored = stored;
            public readonly RoaringBitmap?[] Read = new RoaringBitmap?[stored.Count];
            public RoaringBitmap[]? All;
        }
    }

    // ---------------- Writing (only on a copy from BeginWrite) ----------------

    /// <summary>Inserts a row with a new key; throws, changing nothing, when the key exists or is NULL.</summary>
    public uint InsertRow(ReadOnlySpan<Cell> cells)
    {
        ValidateCells(cells);
        ulong keyHash = 0;
        if (Keys is not null)
        {
            ref readonly Cell key = ref cells[Schema.KeyOrdinal];
            if (key.IsNull)
                throw new RowRefusedException(PortraitDbErrorKind.Constraint, Schema.KeyOrdinal, $"KEY column '{Schema.Key!.Name}' cannot be NULL.");
            if (FindRow(key, out keyHash) >= 0)
                throw new RowRefusedException(PortraitDbErrorKind.Constraint, Schema.KeyOrdinal, $"Duplicate key {FormatKey(key)} in column '{Schema.Key!.Name}'.");
        }
        uint row = AllocateRow();
        if (_pending is not null && _pending.Segment >= 0 && _pending.Segment != (int)(row >> 16))
            _pending.Flush(this);
        for (int column = 0; column < cells.Length; column++)
            WriteCell(row, column, cells[column], isNewRow: true);
        if (_pending is not null)
            _pending.AddRow(row);
        else
            AddToBitmap(ref LiveRows, row);
        if (Keys is not null)
            OwnKeys().Add(keyHash, row, Transaction);
        Log?.Insert(Schema, row, cells);
        _written?.Add(row);
        return row;
    }

    /// <summary>Replaces every column of a live row; the key, if any, must stay the same or be new.</summary>
    public void ReplaceRow(uint row, ReadOnlySpan<Cell> cells)
    {
        ValidateCells(cells);
        if (Keys is not null)
            ChangeKey(row, cells[Schema.KeyOrdinal]);
        for (int column = 0; column < cells.Length; column++)
        {
            if (column != Schema.KeyOrdinal)
                WriteCell(row, column, cells[column], isNewRow: false);
        }
        Log?.Replace(Schema, row, cells);
        _written?.Add(row);
    }

    /// <summary>Sets one column of a live row.</summary>
    public void UpdateCell(uint row, int column, in Cell cell)
    {
        if (Schema.Columns[column].IsDerived)
            throw DerivedColumnWritten(column);
        ValidateCell(column, cell);
        if (column == Schema.KeyOrdinal)
            ChangeKey(row, cell);
        else
            WriteCell(row, column, cell, isNewRow: false);
        Log?.Update(Schema, row, column, cell);
        _written?.Add(row);
    }

    public void DeleteRow(uint row)
    {
        if (Keys is not null)
            OwnKeys().Remove(KeyHashOf(row), row, Transaction);
        for (int column = 0; column < Schema.Columns.Count; column++)
            ClearCell(row, column);
        RemoveFromBitmap(ref LiveRows, row);
        Log?.Delete(row);
    }

    /// <summary>Every check a write can fail, made before anything changes, so a failed write leaves no trace.</summary>
    private void ValidateCells(ReadOnlySpan<Cell> cells)
    {
        if (cells.Length != Schema.Columns.Count)
            throw new PortraitDbException(PortraitDbErrorKind.Binding, $"Table has {Schema.Columns.Count} columns; {cells.Length} values were given.");
        for (int column = 0; column < cells.Length; column++)
            ValidateCell(column, cells[column]);
    }

    private void ValidateCell(int column, in Cell cell)
    {
        if (!cell.IsNull && Schema.Columns[column].IsDerived)
            throw DerivedColumnWritten(column);
        if (cell.Tags is { Length: > TagsChunk.MaxTagsPerRow } tags && tags.Distinct(StringComparer.Ordinal).Count() > TagsChunk.MaxTagsPerRow)
            throw new RowRefusedException(PortraitDbErrorKind.NotSupported, column, $"A TAGS value holds at most {TagsChunk.MaxTagsPerRow} tags; column '{Schema.Columns[column].Name}' got {tags.Length}.");
    }

    private RowRefusedException DerivedColumnWritten(int column)
    {
        var definition = Schema.Columns[column];
        return new RowRefusedException(PortraitDbErrorKind.NotSupported, column,
            $"Column '{definition.Name}' is a tag computed from {definition.Derivation}; it cannot be written (change the columns it is computed from, or redefine it with CREATE OR REPLACE TAG).");
    }

    private void ChangeKey(uint row, in Cell key)
    {
        if (key.IsNull)
            throw new RowRefusedException(PortraitDbErrorKind.Constraint, Schema.KeyOrdinal, $"KEY column '{Schema.Key!.Name}' cannot be NULL.");
        long existing = FindRow(key);
        if (existing == row)
            return;
        if (existing >= 0)
            throw new RowRefusedException(PortraitDbErrorKind.Constraint, Schema.KeyOrdinal, $"Duplicate key {FormatKey(key)} in column '{Schema.Key!.Name}'.");
        var keys = OwnKeys();
        keys.Remove(KeyHashOf(row), row, Transaction);
        WriteCell(row, Schema.KeyOrdinal, key, isNewRow: false);
        keys.Add(KeyHashOf(key), row, Transaction);
    }

    private KeyIndex OwnKeys()
    {
        if (Keys!.Owner != Transaction)
            Keys = Keys.ShareForWrite(Transaction);
        return Keys;
    }

    private static string FormatKey(in Cell key) => key.Text is not null ? $"'{key.Text}'" : key.Integer.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private uint AllocateRow()
    {
        if (RowCount == uint.MaxValue - 1)
            throw new PortraitDbException(PortraitDbErrorKind.NotSupported, "A table holds at most 4,294,967,294 row ids.");
        uint row = RowCount++;
        int segmentIndex = (int)(row >> 16);
        if (segmentIndex == Segments.Length)
        {
            var chunks = new ColumnChunk[Schema.Columns.Count];
            for (int column = 0; column < chunks.Length; column++)
            {
                // A bulk load that has filled a segment will fill the next: allocate it whole rather than grow it six
                // times. The first segment grows, so a small table stays small.
                bool wholeSegment = _pending is not null && segmentIndex > 0;
                chunks[column] = NewChunk(Schema.Columns[column].Type, wholeSegment ? ColumnChunk.SegmentRows : 1024);
                chunks[column].Owner = Transaction;
            }
            var segments = new Segment[Segments.Length + 1];
            Segments.AsSpan().CopyTo(segments);
            segments[segmentIndex] = new Segment(chunks, 0, Transaction);
            Segments = segments;
        }
        OwnSegment(segmentIndex).RowCount = (int)(row & 0xFFFF) + 1;
        return row;
    }

    private static ColumnChunk NewChunk(ColumnType type, int capacity) => type.Kind switch
    {
        ColumnKind.Text => new TextChunk(capacity),
        ColumnKind.Category => new CodeChunk(capacity),
        ColumnKind.Bool => new BoolChunk(capacity),
        ColumnKind.Int32 or ColumnKind.Date => new NumericChunk<int>(capacity),
        ColumnKind.Int64 or ColumnKind.Decimal or ColumnKind.Timestamp => new NumericChunk<long>(capacity),
        ColumnKind.Double => new NumericChunk<double>(capacity),
        ColumnKind.Tags => new TagsChunk(capacity),
        _ => throw new PortraitDbException(PortraitDbErrorKind.Internal, $"Unknown column kind {type.Kind}."),
    };

    private Segment OwnSegment(int index)
    {
        var segment = Segments[index];
        if (segment.Owner == Transaction)
            return segment;
        return Segments[index] = segment.CopyForWrite(Transaction);
    }

    private TChunk OwnChunk<TChunk>(uint row, int column)
        where TChunk : ColumnChunk
        => (TChunk)OwnChunk((int)(row >> 16), column, (int)(row & 0xFFFF) + 1);

    /// <summary>Segment <paramref name="segmentIndex"/>'s chunk of <paramref name="column"/>, owned by this transaction and holding at least <paramref name="rows"/> rows.</summary>
    private ColumnChunk OwnChunk(int segmentIndex, int column, int rows)
    {
        var segment = OwnSegment(segmentIndex);
        var chunk = segment.Chunk(column);
        if (chunk.Owner != Transaction)
        {
            chunk = chunk.Clone(rows);
            chunk.Owner = Transaction;
            segment.SetChunk(column, chunk);
        }
        else
        {
            chunk.EnsureCapacity(rows);
        }
        return chunk;
    }

    private void WriteCell(uint row, int column, in Cell cell, bool isNewRow)
    {
        if (!isNewRow)
            ClearCell(row, column);
        if (cell.IsNull)
        {
            if (_pending is not null && isNewRow)
                _pending.AddNull(column, row);
            else
                AddToBitmap(ref NullRows[column], row);
            return;
        }
        int offset = (int)(row & 0xFFFF);
        switch (_kinds[column])
        {
            case ColumnKind.Text:
                OwnChunk<TextChunk>(row, column).Set(offset, cell.Text!);
                break;
            case ColumnKind.Category:
                {
                    int code = Dictionaries[column]!.GetOrAdd(cell.Text!);
                    OwnChunk<CodeChunk>(row, column).Set(offset, code);
                    AddToIndex(column, code, row, isNewRow);
                    break;
                }
            case ColumnKind.Bool:
                OwnChunk<BoolChunk>(row, column).Set(offset, cell.Integer != 0);
                AddToIndex(column, cell.Integer != 0 ? 1 : 0, row, isNewRow);
                break;
            case ColumnKind.Int32:
            case ColumnKind.Date:
                OwnChunk<NumericChunk<int>>(row, column).Set(offset, (int)cell.Integer);
                break;
            case ColumnKind.Int64:
            case ColumnKind.Decimal:
            case ColumnKind.Timestamp:
                OwnChunk<NumericChunk<long>>(row, column).Set(offset, cell.Integer);
                break;
            case ColumnKind.Double:
                OwnChunk<NumericChunk<double>>(row, column).Set(offset, cell.Real);
                break;
            case ColumnKind.Tags:
                {
                    var dictionary = Dictionaries[column]!;
                    var tags = cell.Tags!;
                    Span<int> codes = tags.Length <= 64 ? stackalloc int[tags.Length] : new int[tags.Length];
                    int count = 0;
                    foreach (string tag in tags)
                    {
                        int code = dictionary.GetOrAdd(tag);
                        if (!codes[..count].Contains(code))
                            codes[count++] = code;
                    }
                    OwnChunk<TagsChunk>(row, column).Set(offset, codes[..count]);
                    foreach (int code in codes[..count])
                        AddToIndex(column, code, row, isNewRow);
                    break;
                }
        }
    }

    /// <summary>Takes a row's value out of the null bitmap or the value indexes (its chunk bytes become garbage).</summary>
    private void ClearCell(uint row, int column)
    {
        if (NullRows[column].Contains(row))
        {
            RemoveFromBitmap(ref NullRows[column], row);
            return;
        }
        if (ValueIndex(column) is null)
            return;
        var chunk = ChunkAt(row, column);
        int offset = (int)(row & 0xFFFF);
        switch (chunk)
        {
            case CodeChunk codes:
                RemoveFromIndex(column, codes.Get(offset), row);
                break;
            case BoolChunk bits:
                RemoveFromIndex(column, bits.Get(offset) ? 1 : 0, row);
                break;
            case TagsChunk tags:
                foreach (int code in tags.Get(offset))
                    RemoveFromIndex(column, code, row);
                break;
        }
    }

    private void AddToIndex(int column, int code, uint row, bool isNewRow)
    {
        if (_pending is not null && isNewRow)
        {
            _pending.AddIndex(column, code, row);
            return;
        }
        AddToBitmap(ref GrowIndex(column, code)[code], row);
    }

    /// <summary>The column's index, owned by this transaction and long enough for <paramref name="code"/>.</summary>
    private RoaringBitmap[] GrowIndex(int column, int code)
    {
        var index = OwnIndex(column);
        if (code >= index.Length)
        {
            // Doubling keeps a column with many distinct values linear; readers bound codes by the dictionary count.
            int start = index.Length;
            Array.Resize(ref index, Math.Max(code + 1, start * 2));
            for (int fill = start; fill < index.Length; fill++)
                index[fill] = new RoaringBitmap { Owner = Transaction };
            ValueIndexes[column] = index;
        }
        return index;
    }

    /// <summary>Merges a ready-made container into the bitmap of (<paramref name="column"/>, <paramref name="code"/>).</summary>
    public void MergeIntoIndex(int column, int code, ushort key, Container added) => MergeIntoBitmap(ref GrowIndex(column, code)[code], key, added);

    /// <summary>Merges <paramref name="added"/> into <paramref name="bitmap"/>'s container at <paramref name="key"/>, copying what is shared.</summary>
    public void MergeIntoBitmap(ref RoaringBitmap bitmap, ushort key, Container added)
    {
        if (bitmap.Owner != Transaction)
        {
            bitmap = bitmap.ShareContainers();
            bitmap.Owner = Transaction;
        }
        int index = bitmap.FindKey(key);
        if (index < 0)
        {
            added.Owner = Transaction;
            bitmap.InsertContainerAt(~index, key, added);
            return;
        }
        var merged = ContainerOperations.Or(bitmap.ContainerAt(index), added);
        merged.Owner = Transaction;
        bitmap.SetContainerAt(index, merged);
    }

    private void RemoveFromIndex(int column, int code, uint row) => RemoveFromBitmap(ref OwnIndex(column)[code], row);

    private RoaringBitmap[] OwnIndex(int column)
    {
        var index = ValueIndex(column)!;
        if (_valueIndexOwned[column])
            return index;
        _valueIndexOwned[column] = true;
        return ValueIndexes[column] = (RoaringBitmap[])index.Clone();
    }

    private void AddToBitmap(ref RoaringBitmap bitmap, uint row)
    {
        if (bitmap.Owner != Transaction)
        {
            bitmap = bitmap.ShareContainers();
            bitmap.Owner = Transaction;
        }
        ushort key = (ushort)(row >> 16);
        int index = bitmap.FindKey(key);
        if (index < 0)
        {
            var fresh = new ArrayContainer(4) { Owner = Transaction };
            fresh.Add((ushort)row);
            bitmap.InsertContainerAt(~index, key, fresh);
            return;
        }
        var container = bitmap.ContainerAt(index);
        if (container.Owner != Transaction)
        {
            container = container.Clone();
            container.Owner = Transaction;
        }
        container = container.Add((ushort)row);
        container.Owner = Transaction;
        bitmap.SetContainerAt(index, container);
    }

    private void RemoveFromBitmap(ref RoaringBitmap bitmap, uint row)
    {
        ushort key = (ushort)(row >> 16);
        int index = bitmap.FindKey(key);
        if (index < 0 || !bitmap.ContainerAt(index).Contains((ushort)row))
            return;
        if (bitmap.Owner != Transaction)
        {
            bitmap = bitmap.ShareContainers();
            bitmap.Owner = Transaction;
        }
        var container = bitmap.ContainerAt(index);
        if (container.Owner != Transaction)
            container = container.Clone();
        container = container.Remove((ushort)row);
        container.Owner = Transaction;
        if (container.Cardinality == 0)
            bitmap.RemoveContainerAt(index);
        else
            bitmap.SetContainerAt(index, container);
    }
}
