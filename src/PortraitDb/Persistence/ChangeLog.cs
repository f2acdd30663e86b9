using PortraitDb.Bitmaps;
using PortraitDb.Storage;

namespace PortraitDb.Persistence;

/// <summary>
/// The row changes of one write transaction, encoded as they happen, for the write-ahead log: inserts and replaces
/// with their values, single-cell updates, deletes. Values are logged, not codes, so replaying rebuilds the same
/// rows whatever the dictionaries hold. Past its limit the log stops recording values (a bulk load commits by
/// checkpoint instead) but keeps tracking which segments changed.
/// </summary>
/// <param name="limit">The most bytes of operations to keep; a transaction that needs more commits by checkpoint.</param>
internal sealed class ChangeLog(long limit)
{

    private const byte InsertOperation = 1;
    private const byte ReplaceOperation = 2;
    private const byte UpdateOperation = 3;
    private const byte DeleteOperation = 4;
    private const byte AddColumnOperation = 5;
    private const byte DropColumnOperation = 6;
    private const byte SetValuesOperation = 7;

    private ByteWriter? _operations = new();
    private ulong[] _touched = new ulong[4];

    /// <summary>True when the transaction changed too much to log its values.</summary>
    public bool Overflowed => _operations is null;

    /// <summary>True when nothing has been recorded.</summary>
    public bool IsEmpty { get; private set; } = true;

    /// <summary>The encoded operations (empty once overflowed).</summary>
    public ReadOnlySpan<byte> Operations => _operations is null ? [] : _operations.WrittenSpan;

    /// <summary>The segments the transaction changed, in ascending order.</summary>
    public IEnumerable<int> TouchedSegments
    {
        get
        {
            for (int word = 0; word < _touched.Length; word++)
            {
                for (ulong bits = _touched[word]; bits != 0; bits &= bits - 1)
                    yield return (word * 64) + System.Numerics.BitOperations.TrailingZeroCount(bits);
            }
        }
    }

    public void Insert(TableSchema schema, uint row, ReadOnlySpan<Cell> cells)
    {
        Touch(row);
        if (Begin(InsertOperation, row) is { } output)
            WriteCells(output, schema, cells);
    }

    public void Replace(TableSchema schema, uint row, ReadOnlySpan<Cell> cells)
    {
        Touch(row);
        if (Begin(ReplaceOperation, row) is { } output)
            WriteCells(output, schema, cells);
    }

    public void Update(TableSchema schema, uint row, int column, in Cell cell)
    {
        Touch(row);
        if (Begin(UpdateOperation, row) is { } output)
        {
            output.WriteVarUInt((ulong)column);
            WriteCell(output, schema.Columns[column].Type.Kind, cell);
        }
    }

    public void Delete(uint row)
    {
        Touch(row);
        Begin(DeleteOperation, row);
    }

    public void AddColumn(int ordinal, ColumnDefinition column)
    {
        // Every segment changes too; a checkpoint sees the new schema and rewrites them all.
        IsEmpty = false;
        if (Begin(AddColumnOperation, (uint)ordinal) is { } output)
            Manifest.WriteColumn(output, column);
    }

    public void DropColumn(int ordinal)
    {
        Begin(DropColumnOperation, (uint)ordinal);
    }

    /// <summary>A whole-column write: the rows written, then each value with the bitmap of its rows (portable Roaring).</summary>
    public void SetValues(TableSchema schema, int column, RoaringBitmap rows, IReadOnlyList<ColumnValues> values)
    {
        for (int index = 0; index < rows.ContainerCount; index++)
            TouchSegment(rows.KeyAt(index));
        if (Begin(SetValuesOperation, (uint)column) is not { } output)
            return;
        WriteBitmap(output, rows);
        output.WriteVarUInt((ulong)values.Count);
        var kind = schema.Columns[column].Type.Kind;
        foreach (var value in values)
        {
            WriteCell(output, kind, value.Value);
            WriteBitmap(output, value.Rows);
        }
    }

    /// <summary>Replays logged operations onto a write copy of a table, checking that each lands where it did.</summary>
    public static void Apply(ReadOnlySpan<byte> operations, TableData data, string source)
    {
        var reader = new ByteReader(operations, source);
        while (!reader.AtEnd)
        {
            // Operations may change the columns: read them anew for each.
            var schema = data.Schema;
            var cells = new Cell[schema.Columns.Count];
            byte operation = reader.ReadByte();
            uint row = checked((uint)reader.ReadVarUInt());
            switch (operation)
            {
                case InsertOperation:
                    ReadCells(ref reader, schema, cells);
                    uint inserted = data.InsertRow(cells);
                    if (inserted != row)
                        throw reader.Corrupt($"a logged insert of row {row} lands at row {inserted}");
                    break;
                case ReplaceOperation:
                    RequireLive(ref reader, data, row);
                    ReadCells(ref reader, schema, cells);
                    data.ReplaceRow(row, cells);
                    break;
                case UpdateOperation:
                    {
                        RequireLive(ref reader, data, row);
                        int column = reader.ReadCount(schema.Columns.Count - 1, "a logged column number");
                        var cell = ReadCell(ref reader, schema.Columns[column].Type.Kind);
                        data.UpdateCell(row, column, cell);
                        break;
                    }
                case DeleteOperation:
                    RequireLive(ref reader, data, row);
                    data.DeleteRow(row);
                    break;
                case AddColumnOperation:
                    {
                        if (row > schema.Columns.Count)
                            throw reader.Corrupt($"a column added at position {row} of {schema.Columns.Count}");
                        data.AddColumn(Manifest.ReadColumn(ref reader), (int)row);
                        break;
                    }
                case DropColumnOperation:
                    if (row >= schema.Columns.Count)
                        throw reader.Corrupt($"a dropped column {row} of {schema.Columns.Count}");
                    data.DropColumn((int)row);
                    break;
                case SetValuesOperation:
                    {
                        if (row >= schema.Columns.Count)
                            throw reader.Corrupt($"a whole-column write to column {row} of {schema.Columns.Count}");
                        int column = (int)row;
                        var rows = ReadBitmap(ref reader);
                        var values = new ColumnValues[reader.ReadCount(reader.Remaining, "a value count")];
                        for (int index = 0; index < values.Length; index++)
                        {
                            var cell = ReadCell(ref reader, schema.Columns[column].Type.Kind);
                            values[index] = new ColumnValues(cell, ReadBitmap(ref reader));
                        }
                        data.SetValues(column, rows, values);
                        break;
                    }
                default:
                    throw reader.Corrupt($"unknown logged operation {operation}");
            }
        }
    }

    private static void RequireLive(ref ByteReader reader, TableData data, uint row)
    {
        if (!data.IsLive(row))
            throw reader.Corrupt($"a logged change to row {row}, which is not live");
    }

    private ByteWriter? Begin(byte operation, uint row)
    {
        IsEmpty = false;
        var output = _operations;
        if (output is null)
            return null;
        if (output.Length > limit)
        {
            _operations = null;
            return null;
        }
        output.WriteByte(operation);
        output.WriteVarUInt(row);
        return output;
    }

    private void Touch(uint row) => TouchSegment((int)(row >> 16));

    private static void WriteBitmap(ByteWriter output, RoaringBitmap bitmap)
    {
        int size = bitmap.SerializedSizeInBytes;
        output.WriteVarUInt((ulong)size);
        bitmap.Write(output.Reserve(size));
    }

    private static RoaringBitmap ReadBitmap(ref ByteReader reader)
    {
        int size = reader.ReadCount(reader.Remaining, "a bitmap's length");
        try
        {
            return RoaringBitmap.Deserialize(reader.ReadBytes(size));
        }
        catch (RoaringFormatException error)
        {
            throw reader.Corrupt($"a logged bitmap is not valid Roaring: {error.Message}");
        }
    }

    private void TouchSegment(int segment)
    {
        if (segment >> 6 >= _touched.Length)
            Array.Resize(ref _touched, Math.Max(_touched.Length * 2, (segment >> 6) + 1));
        _touched[segment >> 6] |= 1UL << segment;
    }

    private static void WriteCells(ByteWriter output, TableSchema schema, ReadOnlySpan<Cell> cells)
    {
        for (int column = 0; column < cells.Length; column++)
            WriteCell(output, schema.Columns[column].Type.Kind, cells[column]);
    }

    private static void ReadCells(ref ByteReader reader, TableSchema schema, Cell[] cells)
    {
        for (int column = 0; column < cells.Length; column++)
            cells[column] = ReadCell(ref reader, schema.Columns[column].Type.Kind);
    }

    private static void WriteCell(ByteWriter output, ColumnKind kind, in Cell cell)
    {
        if (cell.IsNull)
        {
            output.WriteByte(0);
            return;
        }
        output.WriteByte(1);
        switch (kind)
        {
            case ColumnKind.Text:
            case ColumnKind.Category:
                output.WriteString(cell.Text!);
                break;
            case ColumnKind.Double:
                output.WriteDouble(cell.Real);
                break;
            case ColumnKind.Tags:
                output.WriteVarUInt((ulong)cell.Tags!.Length);
                foreach (string tag in cell.Tags)
                    output.WriteString(tag);
                break;
            default:
                output.WriteVarInt(cell.Integer);
                break;
        }
    }

    private static Cell ReadCell(ref ByteReader reader, ColumnKind kind)
    {
        switch (reader.ReadByte())
        {
            case 0:
                return Cell.Null;
            case 1:
                break;
            default:
                throw reader.Corrupt("a logged value with a bad NULL flag");
        }
        switch (kind)
        {
            case ColumnKind.Text:
            case ColumnKind.Category:
                return Cell.FromText(reader.ReadString());
            case ColumnKind.Double:
                return Cell.FromReal(reader.ReadDouble());
            case ColumnKind.Tags:
                {
                    // Each tag takes at least one byte, which bounds the count by what remains.
                    var tags = new string[reader.ReadCount(Math.Min(reader.Remaining, Storage.Columns.TagsChunk.MaxTagsPerRow * 4), "a logged tag count")];
                    for (int index = 0; index < tags.Length; index++)
                        tags[index] = reader.ReadString();
                    return Cell.FromTags(tags);
                }
            case ColumnKind.Bool:
                {
                    long flag = reader.ReadVarInt();
                    return flag is 0 or 1 ? Cell.FromInteger(flag) : throw reader.Corrupt($"a logged BOOL of {flag}");
                }
            case ColumnKind.Int32:
            case ColumnKind.Date:
                {
                    long value = reader.ReadVarInt();
                    return value is >= int.MinValue and <= int.MaxValue ? Cell.FromInteger(value) : throw reader.Corrupt($"a logged 32-bit value of {value}");
                }
            default:
                return Cell.FromInteger(reader.ReadVarInt());
        }
    }
}
