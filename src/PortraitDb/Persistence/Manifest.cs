using PortraitDb.Storage;

namespace PortraitDb.Persistence;

/// <summary>
/// The database's table of contents, replaced as a whole by an atomic rename at every checkpoint: the checkpoint
/// number, the first write-ahead log file still to replay, and per table its id, name, schema, row count, the
/// checkpoint that wrote its dictionaries and, per segment, its row count and the checkpoint that wrote its file.
/// </summary>
internal sealed class Manifest
{
    public const string FileName = "manifest";
    private static ReadOnlySpan<byte> Magic => "PDBMAN\0\0"u8;

    public long Checkpoint;
    public long WalGeneration = 1;
    public int NextTableId = 1;
    public List<TableEntry> Tables = [];

    public sealed class TableEntry
    {
        public required int Id;
        public required string Name;
        public required TableSchema Schema;
        public uint RowCount;
        public long DictionaryCheckpoint;
        public int[] DictionaryCounts = [];
        public List<SegmentEntry> Segments = [];
    }

    public readonly record struct SegmentEntry(int RowCount, long Checkpoint);

    public static string SegmentFileName(int table, int segment, long checkpoint) => $"t{table}-s{segment}-c{checkpoint}.seg";

    public static string DictionaryFileName(int table, long checkpoint) => $"t{table}-dict-c{checkpoint}.dict";

    /// <summary>Writes the manifest beside the current one and renames it over it: readers see the old or the new, whole.</summary>
    public void WriteDurably(string directory)
    {
        var raw = new ByteWriter(4096);
        raw.WriteVarUInt((ulong)Checkpoint);
        raw.WriteVarUInt((ulong)WalGeneration);
        raw.WriteVarUInt((ulong)NextTableId);
        raw.WriteVarUInt((ulong)Tables.Count);
        foreach (var table in Tables)
        {
            raw.WriteVarUInt((ulong)table.Id);
            raw.WriteString(table.Name);
            WriteSchema(raw, table.Schema);
            raw.WriteVarUInt(table.RowCount);
            raw.WriteVarUInt((ulong)table.DictionaryCheckpoint);
            foreach (int count in table.DictionaryCounts)
                raw.WriteVarUInt((ulong)count);
            raw.WriteVarUInt((ulong)table.Segments.Count);
            foreach (var segment in table.Segments)
            {
                raw.WriteVarUInt((ulong)segment.RowCount);
                raw.WriteVarUInt((ulong)segment.Checkpoint);
            }
        }
        // Sections a later version adds (kind, length, bytes); this version writes none and skips unknown ones.
        raw.WriteVarUInt(0);
        var output = new ByteWriter(raw.Length + 64);
        FileFormat.WriteHeader(output, Magic);
        BlockFormat.Write(output, BlockKind.Manifest, raw.WrittenSpan);
        string temporary = Path.Combine(directory, FileName + ".tmp");
        FileFormat.WriteDurably(temporary, output.WrittenSpan);
        File.Move(temporary, Path.Combine(directory, FileName), overwrite: true);
        FileFormat.SyncDirectory(directory);
    }

    public static Manifest Read(string directory)
    {
        string name = FileName;
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(Path.Combine(directory, FileName));
        }
        catch (FileNotFoundException)
        {
            throw new PortraitDbException(PortraitDbErrorKind.Corruption, $"The database file {name} is missing.");
        }
        if (bytes.Length < FileFormat.HeaderSize)
            throw ByteReader.CorruptionError(name, $"it has only {bytes.Length} bytes");
        FileFormat.CheckHeader(bytes, Magic, name, "manifest");
        var raw = BlockFormat.Read(bytes.AsSpan(FileFormat.HeaderSize), BlockKind.Manifest, name);
        var reader = new ByteReader(raw, name);
        var manifest = new Manifest
        {
            Checkpoint = (long)reader.ReadVarUInt(),
            WalGeneration = (long)reader.ReadVarUInt(),
            NextTableId = reader.ReadCount(int.MaxValue, "the next table id"),
        };
        int tables = reader.ReadCount(reader.Remaining, "the table count");
        var ids = new HashSet<int>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (int index = 0; index < tables; index++)
        {
            int id = reader.ReadCount(manifest.NextTableId - 1, "a table id");
            string tableName = reader.ReadString();
            if (!ids.Add(id) || !names.Add(tableName))
                throw reader.Corrupt($"table {id} '{tableName}' is listed twice");
            var entry = new TableEntry { Id = id, Name = tableName, Schema = ReadSchema(ref reader) };
            entry.RowCount = checked((uint)reader.ReadVarUInt());
            entry.DictionaryCheckpoint = (long)reader.ReadVarUInt();
            entry.DictionaryCounts = new int[entry.Schema.Columns.Count];
            for (int column = 0; column < entry.DictionaryCounts.Length; column++)
                entry.DictionaryCounts[column] = reader.ReadCount(int.MaxValue, "a dictionary size");
            int segments = reader.ReadCount((entry.RowCount + 65535L) / 65536, "the segment count");
            if (segments != (entry.RowCount + 65535L) / 65536)
                throw reader.Corrupt($"table '{tableName}' has {entry.RowCount} rows but {segments} segments");
            for (int segment = 0; segment < segments; segment++)
            {
                int rows = reader.ReadCount(65536, "a segment's row count");
                long checkpoint = (long)reader.ReadVarUInt();
                if (checkpoint > manifest.Checkpoint)
                    throw reader.Corrupt($"segment {segment} of '{tableName}' comes from a later checkpoint");
                entry.Segments.Add(new SegmentEntry(rows, checkpoint));
            }
            manifest.Tables.Add(entry);
        }
        int sections = reader.ReadCount(reader.Remaining, "the extension section count");
        for (int section = 0; section < sections; section++)
        {
            reader.ReadByte();
            reader.ReadBytes(reader.ReadCount(reader.Remaining, "a section's length"));
        }
        if (!reader.AtEnd)
            throw reader.Corrupt("stray bytes after the table list");
        return manifest;
    }

    public static void WriteSchema(ByteWriter output, TableSchema schema)
    {
        output.WriteVarUInt((ulong)schema.Columns.Count);
        foreach (var column in schema.Columns)
            WriteColumn(output, column);
    }

    public static TableSchema ReadSchema(ref ByteReader reader)
    {
        int count = reader.ReadCount(reader.Remaining / 4, "a column count");
        var columns = new ColumnDefinition[count];
        for (int index = 0; index < count; index++)
            columns[index] = ReadColumn(ref reader);
        try
        {
            return new TableSchema(columns);
        }
        catch (PortraitDbException error)
        {
            throw reader.Corrupt($"an invalid schema ({error.Message})");
        }
    }

    private const byte KeyFlag = 1;
    private const byte DerivedFlag = 2;

    /// <summary>A column definition: name, kind, precision, scale, flags (key, derived) and a derived column's definition.</summary>
    public static void WriteColumn(ByteWriter output, ColumnDefinition column)
    {
        output.WriteString(column.Name);
        output.WriteByte((byte)column.Type.Kind);
        output.WriteByte(column.Type.Precision);
        output.WriteByte(column.Type.Scale);
        output.WriteByte((byte)((column.IsKey ? KeyFlag : 0) | (column.IsDerived ? DerivedFlag : 0)));
        if (column.Derivation is { } derivation)
            output.WriteString(derivation);
    }

    public static ColumnDefinition ReadColumn(ref ByteReader reader)
    {
        string name = reader.ReadString();
        byte kind = reader.ReadByte();
        byte precision = reader.ReadByte();
        byte scale = reader.ReadByte();
        byte flags = reader.ReadByte();
        if (!Enum.IsDefined((ColumnKind)kind) || (flags & ~(KeyFlag | DerivedFlag)) != 0)
            throw reader.Corrupt($"column '{name}' has an unknown type {kind} or flags {flags}");
        ColumnType type;
        try
        {
            type = (ColumnKind)kind == ColumnKind.Decimal ? ColumnType.Decimal(precision, scale) : TypeOf((ColumnKind)kind);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw reader.Corrupt($"column '{name}' is DECIMAL({precision},{scale})");
        }
        string? derivation = (flags & DerivedFlag) != 0 ? reader.ReadString() : null;
        return new ColumnDefinition(name, type, IsKey: (flags & KeyFlag) != 0, Derivation: derivation);
    }

    private static ColumnType TypeOf(ColumnKind kind) => kind switch
    {
        ColumnKind.Text => ColumnType.Text,
        ColumnKind.Category => ColumnType.Category,
        ColumnKind.Bool => ColumnType.Bool,
        ColumnKind.Int32 => ColumnType.Int32,
        ColumnKind.Int64 => ColumnType.Int64,
        ColumnKind.Double => ColumnType.Double,
        ColumnKind.Date => ColumnType.Date,
        ColumnKind.Timestamp => ColumnType.Timestamp,
        _ => ColumnType.Tags,
    };
}
