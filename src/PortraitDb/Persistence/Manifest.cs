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
    public List<AudienceEntry> Audiences = [];
    public int MinGroupSize;

    /// <summary>A saved audience: its table, name, kind, condition and, for a snapshot, its rows.</summary>
    public sealed record AudienceEntry(int TableId, string Name, bool Snapshot, string Condition, Bitmaps.RoaringBitmap? Rows);

    private const byte AudiencesSection = 1;
    private const byte SettingsSection = 2;

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
        // Sections (kind, length, bytes): readers skip kinds they do not know, so a later version can add some.
        raw.WriteVarUInt(2);
        var section = new ByteWriter(256);
        section.WriteVarUInt((ulong)Audiences.Count);
        foreach (var audience in Audiences)
            WriteAudience(section, audience);
        WriteSection(raw, AudiencesSection, section);
        section.Clear();
        section.WriteVarUInt((ulong)MinGroupSize);
        WriteSection(raw, SettingsSection, section);
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
        int sections = reader.ReadCount(reader.Remaining, "the section count");
        for (int section = 0; section < sections; section++)
        {
            byte kind = reader.ReadByte();
            var sectionBytes = reader.ReadBytes(reader.ReadCount(reader.Remaining, "a section's length"));
            var content = new ByteReader(sectionBytes, name);
            switch (kind)
            {
                case AudiencesSection:
                    for (int count = content.ReadCount(content.Remaining, "the audience count"); count > 0; count--)
                        manifest.Audiences.Add(ReadAudience(ref content));
                    break;
                case SettingsSection:
                    manifest.MinGroupSize = content.ReadCount(int.MaxValue, "min_group_size");
                    break;
            }
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

    private static void WriteSection(ByteWriter output, byte kind, ByteWriter section)
    {
        output.WriteByte(kind);
        output.WriteVarUInt((ulong)section.Length);
        output.WriteBytes(section.WrittenSpan);
    }

    public static void WriteAudience(ByteWriter output, AudienceEntry audience)
    {
        output.WriteVarUInt((ulong)audience.TableId);
        output.WriteString(audience.Name);
        output.WriteString(audience.Condition);
        output.WriteByte(audience.Snapshot ? (byte)1 : (byte)0);
        if (audience.Rows is { } rows)
        {
            int size = rows.SerializedSizeInBytes;
            output.WriteVarUInt((ulong)size);
            rows.Write(output.Reserve(size));
        }
    }

    public static AudienceEntry ReadAudience(ref ByteReader reader)
    {
        int table = reader.ReadCount(int.MaxValue, "an audience's table");
        string name = reader.ReadString();
        string condition = reader.ReadString();
        bool snapshot = reader.ReadByte() switch
        {
            0 => false,
            1 => true,
            var flag => throw reader.Corrupt($"audience '{name}' has kind {flag}"),
        };
        Bitmaps.RoaringBitmap? rows = null;
        if (snapshot)
        {
            try
            {
                rows = Bitmaps.RoaringBitmap.Deserialize(reader.ReadBytes(reader.ReadCount(reader.Remaining, "a snapshot's length")));
            }
            catch (Bitmaps.RoaringFormatException error)
            {
                throw reader.Corrupt($"audience '{name}' has a damaged snapshot: {error.Message}");
            }
        }
        return new AudienceEntry(table, name, snapshot, condition, rows);
    }

    private const byte KeyFlag = 1;
    private const byte DerivedFlag = 2;
    private const byte PiiFlag = 4;

    /// <summary>A column definition: name, kind, precision, scale, flags (key, derived, PII) and a derived column's definition.</summary>
    public static void WriteColumn(ByteWriter output, ColumnDefinition column)
    {
        output.WriteString(column.Name);
        output.WriteByte((byte)column.Type.Kind);
        output.WriteByte(column.Type.Precision);
        output.WriteByte(column.Type.Scale);
        output.WriteByte((byte)((column.IsKey ? KeyFlag : 0) | (column.IsDerived ? DerivedFlag : 0) | (column.IsPii ? PiiFlag : 0)));
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
        if (!Enum.IsDefined((ColumnKind)kind) || (flags & ~(KeyFlag | DerivedFlag | PiiFlag)) != 0)
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
        return new ColumnDefinition(name, type, IsKey: (flags & KeyFlag) != 0, Derivation: derivation, IsPii: (flags & PiiFlag) != 0);
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
