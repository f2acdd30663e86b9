using System.Diagnostics.CodeAnalysis;
using PortraitDb.Storage;

namespace PortraitDb.Ingest;

/// <summary>
/// The part every importer shares: appends parsed rows to the table, and applies the error mode to rows that
/// could not be read or that the table refused (abort at once, or skip and keep the first errors). Nothing is
/// visible until <see cref="Commit"/>; disposing without it leaves the table as it was.
/// </summary>
internal sealed class ImportRowWriter : IDisposable
{
    private readonly Table _table;
    private readonly ImportOptions _options;
    private readonly TableAppender _appender;
    private readonly List<ImportException> _errors = [];
    private long _imported;
    private long _skipped;

    public ImportRowWriter(Table table, ImportOptions options)
    {
        _table = table;
        _options = options;
        _appender = table.CreateAppender();
    }

    /// <summary>The columns a row is written with, in order: the table's columns without its tags, which are computed.</summary>
    public TableSchema Schema => _schema ??= new TableSchema(_appender.Columns);

    private TableSchema? _schema;

    /// <summary>
    /// Appends a row; false when the table refuses it (a NULL or duplicate key, too many tags), with the refusal
    /// naming the column, for the caller to <see cref="Reject"/> with the source's location of that field.
    /// </summary>
    public bool TryWrite(ReadOnlySpan<Cell> cells, [NotNullWhen(false)] out RowRefusedException? refusal)
    {
        refusal = null;
        try
        {
            foreach (var cell in cells)
                _appender.AppendCell(cell);
            _appender.EndRow();
            _imported++;
            return true;
        }
        catch (RowRefusedException rejected)
        {
            refusal = rejected;
            return false;
        }
    }

    /// <summary>A row that cannot be imported: throws in abort mode, else counts it and keeps the first errors.</summary>
    public void Reject(ImportException error)
    {
        if (_options.OnError == ImportErrorMode.Abort)
            throw error;
        _skipped++;
        if (_errors.Count < _options.MaxReportedErrors)
            _errors.Add(error);
    }

    /// <summary>Publishes every row at once.</summary>
    public ImportReport Commit()
    {
        _appender.Commit();
        return new ImportReport(_table.Name, _imported, _skipped, _errors, TimeSpan.Zero);
    }

    public void Dispose() => _appender.Dispose();
}
