using PortraitDb.Storage;

namespace PortraitDb.Persistence;

/// <summary>The dictionaries of a table's CATEGORY and TAGS columns: each column's values in code order, in one checked block.</summary>
internal static class DictionaryFile
{
    private static ReadOnlySpan<byte> Magic => "PDBDIC\0\0"u8;

    public static void Write(string path, TableData data)
    {
        var raw = new ByteWriter(4096);
        for (int column = 0; column < data.Schema.Columns.Count; column++)
        {
            if (data.Dictionaries[column] is not { } dictionary)
                continue;
            int count = data.DictionaryCounts[column];
            raw.WriteVarUInt((ulong)count);
            for (int code = 0; code < count; code++)
                raw.WriteString(dictionary[code]);
        }
        var output = new ByteWriter(raw.Length + 64);
        FileFormat.WriteHeader(output, Magic);
        BlockFormat.Write(output, BlockKind.Dictionaries, raw.WrittenSpan);
        FileFormat.WriteDurably(path, output.WrittenSpan);
    }

    /// <summary>Reads the dictionaries, checking each holds the number of values the manifest recorded and no value twice.</summary>
    public static CategoryDictionary?[] Read(string path, string name, TableSchema schema, int[] expectedCounts)
    {
        var dictionaries = new CategoryDictionary?[schema.Columns.Count];
        ReadOnlyMemory<byte>? raw = null;
        if (File.Exists(path) || expectedCounts.Any(count => count > 0))
        {
            using var handle = FileFormat.OpenRead(path, name);
            long length = RandomAccess.GetLength(handle);
            Span<byte> header = stackalloc byte[FileFormat.HeaderSize];
            FileFormat.ReadExactly(handle, header, 0, name);
            FileFormat.CheckHeader(header, Magic, name, "dictionary");
            raw = FileFormat.ReadBlock(handle, FileFormat.HeaderSize, length - FileFormat.HeaderSize, BlockKind.Dictionaries, name);
        }
        var reader = new ByteReader(raw is { } bytes ? bytes.Span : [], name);
        for (int column = 0; column < schema.Columns.Count; column++)
        {
            if (schema.Columns[column].Type.Kind is not (ColumnKind.Category or ColumnKind.Tags))
                continue;
            var dictionary = new CategoryDictionary();
            int count = raw is null ? 0 : reader.ReadCount(reader.Remaining, "a dictionary size");
            if (count != expectedCounts[column])
                throw reader.Corrupt($"column '{schema.Columns[column].Name}' has {count} values; the manifest says {expectedCounts[column]}");
            for (int code = 0; code < count; code++)
            {
                string value = reader.ReadString();
                if (dictionary.GetOrAdd(value) != code)
                    throw reader.Corrupt($"column '{schema.Columns[column].Name}' lists '{value}' twice");
            }
            dictionaries[column] = dictionary;
        }
        if (!reader.AtEnd)
            throw reader.Corrupt("stray bytes after the dictionaries");
        return dictionaries;
    }
}
