using PortraitDb.Storage;

namespace PortraitDb.Ingest;

/// <summary>What an import does with a row it cannot read.</summary>
public enum ImportErrorMode
{
    /// <summary>Stop at the first bad row; the table is left exactly as it was.</summary>
    Abort,

    /// <summary>Skip bad rows, import the rest, and report the count and the first errors.</summary>
    Skip,
}

/// <summary>How to import a file into a table.</summary>
public sealed record ImportOptions
{
    /// <summary>How the CSV text is laid out (ignored for Parquet).</summary>
    public CsvOptions Csv { get; init; } = CsvOptions.Default;

    /// <summary>Column names for a file without a header (or to rename a header's columns), in file order.</summary>
    public IReadOnlyList<string>? ColumnNames { get; init; }

    /// <summary>Types by column name that override the inferred ones.</summary>
    public IReadOnlyDictionary<string, ColumnType>? ColumnTypes { get; init; }

    /// <summary>The column that becomes the table's KEY when the import creates the table.</summary>
    public string? Key { get; init; }

    /// <summary>Abort (the default: all or nothing) or skip bad rows.</summary>
    public ImportErrorMode OnError { get; init; } = ImportErrorMode.Abort;

    /// <summary>How many errors a report keeps when bad rows are skipped.</summary>
    public int MaxReportedErrors { get; init; } = 10;

    /// <summary>Rows read to infer column types.</summary>
    public int SampleRows { get; init; } = CsvSchemaInference.DefaultSampleRows;
}

/// <summary>What an import did.</summary>
/// <param name="Table">The table imported into.</param>
/// <param name="RowsImported">Rows added.</param>
/// <param name="RowsSkipped">Bad rows skipped (only with <see cref="ImportErrorMode.Skip"/>).</param>
/// <param name="Errors">The first errors met, each naming file, line, column and value.</param>
/// <param name="Elapsed">Wall time of the import.</param>
public sealed record ImportReport(string Table, long RowsImported, long RowsSkipped, IReadOnlyList<ImportException> Errors, TimeSpan Elapsed);

/// <summary>Progress of a running import.</summary>
/// <param name="BytesRead">Bytes of the file read so far.</param>
/// <param name="TotalBytes">The file's size.</param>
/// <param name="Rows">Rows read so far.</param>
public readonly record struct ImportProgress(long BytesRead, long TotalBytes, long Rows);
