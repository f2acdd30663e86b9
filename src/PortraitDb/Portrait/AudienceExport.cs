using System.Globalization;
using System.Text;
using PortraitDb.Bitmaps;
using PortraitDb.Query.Execution;
using PortraitDb.Storage;

namespace PortraitDb.Portrait;

/// <summary>The formats <c>EXPORT AUDIENCE</c> writes.</summary>
internal enum AudienceExportFormat
{
    /// <summary>UTF-8 CSV: a header with the key column's name, then one key per line in row order.</summary>
    Csv,

    /// <summary>The portable Roaring bitmap of row ids (RoaringFormatSpec), plus <c>name.keys.csv</c> mapping row ids to keys.</summary>
    Roaring,
}

/// <summary>
/// Writes an audience to files: its keys as CSV, or its row ids as a portable Roaring bitmap (what CRoaring, Java,
/// Go, ClickHouse and Doris read) with a CSV of <c>row_id,key</c> beside it. Each file is written to a temporary
/// name and moved into place, so a failed export leaves no half-written file.
/// </summary>
internal static class AudienceExport
{
    /// <summary>The key-mapping file written beside a Roaring export: <c>x.roaring</c> gives <c>x.keys.csv</c>.</summary>
    public static string KeysPath(string path) => Path.ChangeExtension(path, ".keys.csv");

    /// <summary>The format a path asks for: <c>.roaring</c> is Roaring, anything else CSV.</summary>
    public static AudienceExportFormat FormatOf(string path) =>
        path.EndsWith(".roaring", StringComparison.OrdinalIgnoreCase) ? AudienceExportFormat.Roaring : AudienceExportFormat.Csv;

    /// <summary>Writes the keys of <paramref name="rows"/> (the table's KEY column) as CSV.</summary>
    public static void WriteKeys(string path, TableData data, RoaringBitmap rows, CancellationToken cancellationToken)
    {
        int key = data.Schema.KeyOrdinal;
        WriteAtomically(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false));
            writer.NewLine = "\n";
            writer.WriteLine(Field(data.Schema.Columns[key].Name));
            var reader = new RowReader(data);
            long written = 0;
            foreach (uint row in rows)
            {
                if ((++written & 0xFFFF) == 0)
                    cancellationToken.ThrowIfCancellationRequested();
                writer.WriteLine(Field(reader.Read(key, row).ToString()));
            }
        });
    }

    /// <summary>Writes <paramref name="rows"/> as a portable Roaring bitmap and, when the table has a key, the <c>row_id,key</c> mapping.</summary>
    /// <returns>The key-mapping file written, or null when the table has no KEY column.</returns>
    public static string? WriteRoaring(string path, TableData data, RoaringBitmap rows, CancellationToken cancellationToken)
    {
        var portable = rows.Clone();
        portable.RunOptimize();
        WriteAtomically(path, portable.Serialize);
        int key = data.Schema.KeyOrdinal;
        if (key < 0)
            return null;
        string keysPath = KeysPath(path);
        WriteAtomically(keysPath, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false));
            writer.NewLine = "\n";
            writer.WriteLine("row_id," + Field(data.Schema.Columns[key].Name));
            var reader = new RowReader(data);
            long written = 0;
            foreach (uint row in rows)
            {
                if ((++written & 0xFFFF) == 0)
                    cancellationToken.ThrowIfCancellationRequested();
                writer.Write(row.ToString(CultureInfo.InvariantCulture));
                writer.Write(',');
                writer.WriteLine(Field(reader.Read(key, row).ToString()));
            }
        });
        return keysPath;
    }

    /// <summary>A CSV field, quoted (RFC 4180) when it holds a comma, a quote or a line break, or starts or ends with a space.</summary>
    private static string Field(string value)
    {
        bool quote = value.Length > 0 && (value[0] == ' ' || value[^1] == ' ') || value.AsSpan().IndexOfAny(",\"\r\n") >= 0;
        return quote ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static void WriteAtomically(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        string temporary = full + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                write(stream);
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
                File.Delete(temporary);
        }
    }
}
