using System.Diagnostics;
using PortraitDb.Storage;

namespace PortraitDb.Ingest;

/// <summary>
/// Imports a CSV file into a table: into an existing table (columns by position), or into a new one whose
/// column types are inferred from a sample and can be overridden. All or nothing by default: on the first bad
/// row nothing is kept (a table the import created is dropped again) and the error names file, line, column,
/// column name and value. With <see cref="ImportErrorMode.Skip"/>, bad rows are skipped and reported.
/// </summary>
public static class CsvImporter
{
    private const int ProgressInterval = 65_536;

    /// <summary>Imports <paramref name="path"/> into <paramref name="tableName"/>, creating the table when it does not exist.</summary>
    /// <exception cref="ImportException">A bad row (in <see cref="ImportErrorMode.Abort"/> mode); the database is unchanged.</exception>
    /// <exception cref="PortraitDbException">The file cannot be read, or does not fit the existing table.</exception>
    public static ImportReport Import(
        PortraitDatabase database, string path, string tableName, ImportOptions? options = null,
        IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new ImportOptions();
        options.Csv.Validate();
        var clock = Stopwatch.StartNew();
        Stream stream;
        long totalBytes;
        try
        {
            totalBytes = new FileInfo(path).Length;
            stream = options.Csv.OpenUtf8(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new PortraitDbException(PortraitDbErrorKind.Io, $"Cannot read '{path}': {error.Message}", error);
        }
        using var tokenizer = new CsvTokenizer(stream, options.Csv, path);
        bool created = !database.TryGetTable(tableName, out var table);
        if (created)
            table = database.CreateTable(tableName, InferSchema(path, options));
        try
        {
            var report = Load(table!, tokenizer, totalBytes, options, progress, cancellationToken);
            return report with { Elapsed = clock.Elapsed };
        }
        catch when (created)
        {
            database.DropTable(tableName);
            throw;
        }
    }

    private static TableSchema InferSchema(string path, ImportOptions options)
    {
        var overrides = options.ColumnTypes;
        var inferred = CsvSchemaInference.Infer(
            path, options.Csv, options.SampleRows, options.ColumnNames is null ? overrides : null,
            skipWrongFieldCount: options.OnError == ImportErrorMode.Skip);
        var names = inferred.Names;
        if (options.ColumnNames is { } given)
        {
            if (given.Count != names.Count)
                throw new PortraitDbException(PortraitDbErrorKind.Binding, $"'{path}' has {names.Count} columns; {given.Count} column names were given.");
            names = given;
        }
        var columns = new List<ColumnDefinition>(names.Count);
        for (int column = 0; column < names.Count; column++)
        {
            var type = inferred.Types[column];
            if (options.ColumnNames is not null && overrides is not null && TryGet(overrides, names[column], out var overridden))
                type = overridden;
            bool isKey = options.Key is not null && string.Equals(options.Key, names[column], StringComparison.OrdinalIgnoreCase);
            // A key inferred as a category (few distinct ids in the sample) is still an id: keep it as text.
            if (isKey && type.Kind == ColumnKind.Category)
                type = ColumnType.Text;
            columns.Add(new ColumnDefinition(names[column], type, isKey));
        }
        if (options.Key is not null && !columns.Any(column => column.IsKey))
            throw new PortraitDbException(PortraitDbErrorKind.Binding, $"Key column '{options.Key}' is not among the columns of '{path}': {string.Join(", ", names)}.");
        return new TableSchema(columns);
    }

    private static bool TryGet(IReadOnlyDictionary<string, ColumnType> types, string name, out ColumnType type)
    {
        foreach (var (key, value) in types)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                type = value;
                return true;
            }
        }
        type = default;
        return false;
    }

    /// <summary>
    /// Parses on a second thread while this one appends: parsing and appending cost about the same, so the two
    /// cores each take one. Rows travel in order in batches; the appending side meets errors in file order, so
    /// the first error reported is the first in the file, as when reading on one thread.
    /// </summary>
    private static ImportReport Load(
        Table table, CsvTokenizer tokenizer, long totalBytes, ImportOptions options,
        IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        using var writer = new ImportRowWriter(table, options);
        var schema = writer.Schema;
        int columns = schema.Columns.Count;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var filled = new System.Collections.Concurrent.BlockingCollection<RowBatch>(BatchesInFlight);
        using var free = new System.Collections.Concurrent.BlockingCollection<RowBatch>();
        for (int batch = 0; batch < BatchesInFlight + 2; batch++)
            free.Add(new RowBatch(columns));
        long rows = 0;
        var parser = Task.Run(() => rows = Parse(tokenizer, schema, options, totalBytes, progress, filled, free, stop.Token));
        try
        {
            foreach (var batch in filled.GetConsumingEnumerable(stop.Token))
            {
                for (int slot = 0; slot < batch.Count; slot++)
                {
                    if (batch.Errors[slot] is { } error)
                    {
                        writer.Reject(error);
                        continue;
                    }
                    if (!writer.TryWrite(batch.Cells.AsSpan(slot * columns, columns), out var refusal))
                    {
                        writer.Reject(LocateRefusal(tokenizer.SourceName, options.Csv, batch.Offsets[slot], batch.Lines[slot], refusal, schema));
                    }
                }
                free.Add(batch);
            }
            parser.GetAwaiter().GetResult();
        }
        catch
        {
            stop.Cancel();
            try
            {
                parser.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
            }
            throw;
        }
        cancellationToken.ThrowIfCancellationRequested();
        var report = writer.Commit();
        progress?.Report(new ImportProgress(totalBytes, totalBytes, rows));
        return report;
    }

    private const int BatchRows = 4096;
    private const int BatchesInFlight = 4;

    /// <summary>Parsed rows in file order: cells row after row, and per row its line, its byte offset and any error.</summary>
    private sealed class RowBatch(int columns)
    {
        public readonly Cell[] Cells = new Cell[BatchRows * columns];
        public readonly long[] Lines = new long[BatchRows];
        public readonly long[] Offsets = new long[BatchRows];
        public readonly ImportException?[] Errors = new ImportException?[BatchRows];
        public int Count;
    }

    private static long Parse(
        CsvTokenizer tokenizer, TableSchema schema, ImportOptions options, long totalBytes, IProgress<ImportProgress>? progress,
        System.Collections.Concurrent.BlockingCollection<RowBatch> filled, System.Collections.Concurrent.BlockingCollection<RowBatch> free,
        CancellationToken cancellationToken)
    {
        try
        {
            var parsers = schema.Columns.Select(column => new CellParser(column.Type, options.Csv)).ToArray();
            int columns = parsers.Length;
            long rows = 0;
            bool header = options.Csv.HasHeader;
            var batch = free.Take(cancellationToken);
            batch.Count = 0;
            while (tokenizer.TryRead(out var record))
            {
                if (header)
                {
                    header = false;
                    continue;
                }
                rows++;
                if (rows % ProgressInterval == 0)
                    progress?.Report(new ImportProgress(Math.Min(record.ByteOffset, totalBytes), totalBytes, rows));
                int slot = batch.Count++;
                var cells = batch.Cells.AsSpan(slot * columns, columns);
                var error = ReadRow(record, schema, parsers, cells);
                batch.Errors[slot] = error;
                batch.Lines[slot] = record.Line;
                batch.Offsets[slot] = record.ByteOffset;
                // In abort mode nothing after the first error matters.
                bool stopHere = error is not null && options.OnError == ImportErrorMode.Abort;
                if (batch.Count == BatchRows || stopHere)
                {
                    filled.Add(batch, cancellationToken);
                    if (stopHere)
                        return rows;
                    batch = free.Take(cancellationToken);
                    batch.Count = 0;
                }
            }
            if (batch.Count > 0)
                filled.Add(batch, cancellationToken);
            return rows;
        }
        finally
        {
            filled.CompleteAdding();
        }
    }

    /// <summary>
    /// The error for a row the table refused, at the refused field: the record is read again from its byte offset,
    /// which costs a file open, but only for refused rows, and keeps field positions off the per-row path.
    /// </summary>
    private static ImportException LocateRefusal(string path, CsvOptions csv, long offset, long line, RowRefusedException refusal, TableSchema schema)
    {
        string columnName = schema.Columns[refusal.Column].Name;
        using var stream = csv.OpenUtf8(path, offset);
        using var tokenizer = new CsvTokenizer(stream, csv with { SkipLines = 0 }, path, offset, offset + 1, line);
        return tokenizer.TryRead(out var record)
            ? record.Error(refusal.Column, refusal.Message, refusal.Kind, columnName)
            : new ImportException(refusal.Kind, path, line, 1, refusal.Message, columnName);
    }

    private static ImportException? ReadRow(CsvRecord record, TableSchema schema, CellParser[] parsers, Span<Cell> cells)
    {
        if (record.FieldCount != cells.Length)
            return record.Error(Math.Max(0, Math.Min(record.FieldCount, cells.Length) - 1), $"expected {cells.Length} fields, found {record.FieldCount}");
        for (int column = 0; column < cells.Length; column++)
        {
            if (!parsers[column].TryParse(record[column], record.IsQuoted(column), out cells[column]))
            {
                if (parsers[column].IsString && !System.Text.Unicode.Utf8.IsValid(record[column]))
                {
                    return record.Error(column, $"{ImportException.Quote(record.GetString(column))} is not valid UTF-8 (import a Latin-1 file with encoding = 'latin1')",
                        PortraitDbErrorKind.Syntax, schema.Columns[column].Name);
                }
                return record.InvalidValue(column, schema.Columns[column].Name, schema.Columns[column].Type.ToString());
            }
        }
        return null;
    }
}
