using System.Diagnostics;
using Parquet;
using Parquet.Schema;
using PortraitDb.Storage;

namespace PortraitDb.Ingest;

/// <summary>
/// Imports a Parquet file into a table, with the same rules as <see cref="CsvImporter"/>: into an existing table
/// (columns by position) or a new one whose types follow the file's (strings become CATEGORY or TEXT by the same
/// distinct-value rule as CSV inference; a list of strings becomes TAGS), overridable per column; all or nothing
/// unless bad rows are skipped. Errors name the file, the row (as the line) and the column.
/// </summary>
public static class ParquetImporter
{
    /// <summary>Imports <paramref name="path"/> into <paramref name="tableName"/>, creating the table when it does not exist.</summary>
    /// <exception cref="ImportException">A value that does not fit its column (in <see cref="ImportErrorMode.Abort"/> mode); the database is unchanged.</exception>
    /// <exception cref="PortraitDbException">The file cannot be read, is not Parquet, or has a column type PortraitDb cannot hold.</exception>
    public static ImportReport Import(
        PortraitDatabase database, string path, string tableName, ImportOptions? options = null,
        IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new ImportOptions();
        var clock = Stopwatch.StartNew();
        using var file = Open(path);
        ParquetReader reader;
        try
        {
            reader = ParquetReader.CreateAsync(file, new ParquetOptions { UseDateOnlyTypeForDates = true }, leaveStreamOpen: true, cancellationToken).GetAwaiter().GetResult();
        }
        catch (Exception error) when (error is IOException or InvalidDataException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            throw new PortraitDbException(PortraitDbErrorKind.Io, $"'{path}' is not a readable Parquet file: {error.Message}", error);
        }
        try
        {
            var columns = ReadLayout(reader, path);
            bool created = !database.TryGetTable(tableName, out var table);
            if (created)
                table = database.CreateTable(tableName, BuildSchema(reader, columns, path, options));
            try
            {
                var report = Load(reader, columns, table!, path, file.Length, options, progress, cancellationToken);
                return report with { Elapsed = clock.Elapsed };
            }
            catch when (created)
            {
                database.DropTable(tableName);
                throw;
            }
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>A top-level column of the file: its name, the data field holding its values, and whether it is a list.</summary>
    private sealed record FileColumn(string Name, DataField Values, bool IsList);

    /// <summary>Parquet.Net reports text columns as <see cref="ReadOnlyMemory{T}"/> of char when reading.</summary>
    private static bool IsString(Type clr) => clr == typeof(string) || clr == typeof(ReadOnlyMemory<char>);

    private static FileStream Open(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new PortraitDbException(PortraitDbErrorKind.Io, $"Cannot read '{path}': {error.Message}", error);
        }
    }

    private static List<FileColumn> ReadLayout(ParquetReader reader, string path)
    {
        var columns = new List<FileColumn>();
        foreach (var field in reader.Schema.Fields)
        {
            switch (field)
            {
                case DataField data:
                    columns.Add(new FileColumn(data.Name, data, false));
                    break;
                case ListField { Item: DataField item } list when IsString(item.ClrType):
                    columns.Add(new FileColumn(list.Name, item, true));
                    break;
                default:
                    throw new PortraitDbException(PortraitDbErrorKind.NotSupported, $"'{path}': column '{field.Name}' is a {field.SchemaType} field; PortraitDb imports scalar columns and lists of strings.");
            }
        }
        return columns;
    }

    private static TableSchema BuildSchema(ParquetReader reader, List<FileColumn> columns, string path, ImportOptions options)
    {
        var definitions = new List<ColumnDefinition>();
        for (int index = 0; index < columns.Count; index++)
        {
            var column = columns[index];
            string name = options.ColumnNames is { } names && index < names.Count ? names[index] : column.Name;
            var type = options.ColumnTypes?.FirstOrDefault(pair => string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase)) is { Key: not null } overridden
                ? overridden.Value
                : InferType(reader, column, path);
            bool isKey = options.Key is not null && string.Equals(options.Key, name, StringComparison.OrdinalIgnoreCase);
            if (isKey && type.Kind == ColumnKind.Category)
                type = ColumnType.Text;
            definitions.Add(new ColumnDefinition(name, type, isKey));
        }
        if (options.Key is not null && !definitions.Any(definition => definition.IsKey))
            throw new PortraitDbException(PortraitDbErrorKind.Binding, $"Key column '{options.Key}' is not among the columns of '{path}'.");
        return new TableSchema(definitions);
    }

    private static ColumnType InferType(ParquetReader reader, FileColumn column, string path)
    {
        if (column.IsList)
            return ColumnType.Tags;
        var field = column.Values;
        var clr = field.ClrType;
        if (IsString(clr))
            return InferStringType(reader, field);
        if (clr == typeof(bool))
            return ColumnType.Bool;
        if (clr == typeof(int) || clr == typeof(short) || clr == typeof(sbyte) || clr == typeof(byte) || clr == typeof(ushort))
            return ColumnType.Int32;
        if (clr == typeof(long) || clr == typeof(uint) || clr == typeof(ulong))
            return ColumnType.Int64;
        if (clr == typeof(double) || clr == typeof(float))
            return ColumnType.Double;
        if (clr == typeof(decimal))
        {
            return field is DecimalDataField { Precision: <= ColumnType.MaxDecimalPrecision } exact
                ? ColumnType.Decimal(exact.Precision, exact.Scale)
                : ColumnType.Double;
        }
        if (clr == typeof(DateOnly))
            return ColumnType.Date;
        if (clr == typeof(DateTime))
            return field is DateTimeDataField { DateTimeFormat: DateTimeFormat.Date } ? ColumnType.Date : ColumnType.Timestamp;
        throw new PortraitDbException(PortraitDbErrorKind.NotSupported, $"'{path}': column '{column.Name}' has type {clr.Name}, which PortraitDb cannot hold.");
    }

    /// <summary>CATEGORY when the first row group's values repeat enough (the CSV inference rule), else TEXT.</summary>
    private static ColumnType InferStringType(ParquetReader reader, DataField field)
    {
        if (reader.RowGroupCount == 0)
            return ColumnType.Text;
        using var group = reader.OpenRowGroupReader(0);
        int sample = (int)Math.Min(group.RowCount, CsvSchemaInference.DefaultSampleRows);
        var values = ReadStrings(group, field, (int)group.RowCount);
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        int nonNull = 0;
        foreach (string? value in values.AsSpan(0, sample))
        {
            if (value is null)
                continue;
            nonNull++;
            distinct.Add(value);
        }
        return nonNull > 0 && distinct.Count <= 1000 && distinct.Count * 2 <= nonNull ? ColumnType.Category : ColumnType.Text;
    }

    private static ImportReport Load(
        ParquetReader reader, List<FileColumn> columns, Table table, string path, long totalBytes, ImportOptions options,
        IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        using var writer = new ImportRowWriter(table, options);
        var schema = writer.Schema;
        if (columns.Count != schema.Columns.Count)
            throw new PortraitDbException(PortraitDbErrorKind.Binding, $"'{path}' has {columns.Count} columns; table '{table.Name}' has {schema.Columns.Count}{(table.Schema.HasDerivedColumns ? " besides its tags" : "")}.");
        long rowBase = 0;
        var cells = new Cell[schema.Columns.Count];
        for (int groupIndex = 0; groupIndex < reader.RowGroupCount; groupIndex++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var group = reader.OpenRowGroupReader(groupIndex);
            int rows = checked((int)group.RowCount);
            var values = new object?[columns.Count][];
            for (int column = 0; column < columns.Count; column++)
                values[column] = ReadColumn(group, columns[column], rows);
            for (int row = 0; row < rows; row++)
            {
                // The file's row number stands in for a line.
                long line = rowBase + row + 1;
                ImportException? error = null;
                for (int column = 0; column < cells.Length && error is null; column++)
                {
                    try
                    {
                        cells[column] = ValueConversion.ToCell(values[column][row], schema.Columns[column]);
                    }
                    catch (PortraitDbException rejected)
                    {
                        error = new ImportException(rejected.Kind, path, line, column + 1, rejected.Message, schema.Columns[column].Name, Convert.ToString(values[column][row], System.Globalization.CultureInfo.InvariantCulture));
                    }
                }
                if (error is null && !writer.TryWrite(cells, out var refusal))
                {
                    int column = refusal.Column;
                    error = new ImportException(refusal.Kind, path, line, column + 1, refusal.Message, schema.Columns[column].Name, Convert.ToString(values[column][row], System.Globalization.CultureInfo.InvariantCulture));
                }
                if (error is not null)
                    writer.Reject(error);
            }
            rowBase += rows;
            progress?.Report(new ImportProgress(totalBytes * (groupIndex + 1) / Math.Max(1, reader.RowGroupCount), totalBytes, rowBase));
        }
        cancellationToken.ThrowIfCancellationRequested();
        return writer.Commit();
    }

    /// <summary>One row group's values of a column as .NET objects (null for NULL; string[] per row for a list).</summary>
    private static object?[] ReadColumn(ParquetRowGroupReader group, FileColumn column, int rows)
    {
        var field = column.Values;
        if (column.IsList)
            return ReadLists(group, field, rows);
        var clr = field.ClrType;
        if (IsString(clr))
            return ReadStrings(group, field, rows);
        if (clr == typeof(bool))
            return Read<bool>(group, field, rows);
        if (clr == typeof(int))
            return Read<int>(group, field, rows);
        if (clr == typeof(short))
            return Read<short>(group, field, rows);
        if (clr == typeof(sbyte))
            return Read<sbyte>(group, field, rows);
        if (clr == typeof(byte))
            return Read<byte>(group, field, rows);
        if (clr == typeof(ushort))
            return Read<ushort>(group, field, rows);
        if (clr == typeof(uint))
            return Read<uint>(group, field, rows);
        if (clr == typeof(long))
            return Read<long>(group, field, rows);
        if (clr == typeof(ulong))
            return Read<ulong>(group, field, rows);
        if (clr == typeof(float))
            return Read<float>(group, field, rows);
        if (clr == typeof(double))
            return Read<double>(group, field, rows);
        if (clr == typeof(decimal))
            return Read<decimal>(group, field, rows);
        if (clr == typeof(DateOnly))
            return Read<DateOnly>(group, field, rows);
        if (clr == typeof(DateTime))
            return Read<DateTime>(group, field, rows);
        throw new PortraitDbException(PortraitDbErrorKind.NotSupported, $"Parquet column '{field.Name}' has type {clr.Name}, which PortraitDb cannot hold.");
    }

    private static object?[] Read<T>(ParquetRowGroupReader group, DataField field, int rows)
        where T : struct
    {
        var boxed = new object?[rows];
        // A required column must be read through the plain overload: Parquet.Net 6.1's nullable overload, on a
        // column without definition levels, returned shifted values and spurious NULLs (seen on the first read in a
        // process, so a regression test imports in a fresh table each time and compares every row).
        if (!field.IsNullable)
        {
            var required = new T[rows];
            group.ReadAsync(field, required.AsMemory()).AsTask().GetAwaiter().GetResult();
            for (int row = 0; row < rows; row++)
                boxed[row] = required[row];
            return boxed;
        }
        var values = new T?[rows];
        group.ReadAsync<T>(field, values.AsMemory()).AsTask().GetAwaiter().GetResult();
        for (int row = 0; row < rows; row++)
            boxed[row] = values[row];
        return boxed;
    }

    private static string?[] ReadStrings(ParquetRowGroupReader group, DataField field, int rows)
    {
        // The plain string overload turns NULL into ""; nullable memory keeps them apart.
        var values = new ReadOnlyMemory<char>?[rows];
        group.ReadAsync<ReadOnlyMemory<char>>(field, values.AsMemory()).AsTask().GetAwaiter().GetResult();
        var strings = new string?[rows];
        for (int row = 0; row < rows; row++)
            strings[row] = values[row]?.ToString();
        return strings;
    }

    /// <summary>A list column, regrouped per row from its repetition levels (0 starts a row); an empty or NULL list is an empty set.</summary>
    private static object?[] ReadLists(ParquetRowGroupReader group, DataField field, int rows)
    {
        long entries = group.GetMetadata(field)?.MetaData?.NumValues ?? 0;
        var values = new ReadOnlyMemory<char>[entries];
        var definition = new int[entries];
        var repetition = new int[entries];
        group.ReadRawAsync<ReadOnlyMemory<char>>(field, values.AsMemory(), definition.AsMemory(), repetition.AsMemory()).AsTask().GetAwaiter().GetResult();
        int maxDefinition = definition.Length == 0 ? 0 : definition.Max();
        var lists = new object?[rows];
        var current = new List<string>();
        int row = -1;
        int valueIndex = 0;
        for (int entry = 0; entry < entries; entry++)
        {
            if (repetition[entry] == 0)
            {
                if (row >= 0)
                    lists[row] = current.ToArray();
                row++;
                current.Clear();
            }
            if (definition[entry] == maxDefinition)
                current.Add(values[valueIndex++].ToString());
        }
        if (row >= 0 && row < rows)
            lists[row] = current.ToArray();
        for (int rest = Math.Max(row + 1, 0); rest < rows; rest++)
            lists[rest] = Array.Empty<string>();
        return lists;
    }
}
