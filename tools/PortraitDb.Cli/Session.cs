using System.Diagnostics;
using PortraitDb.Cli.Output;
using PortraitDb.Cli.Terminal;
using PortraitDb.DataGen;
using PortraitDb.Ingest;
using PortraitDb.Query;
using Spectre.Console;

namespace PortraitDb.Cli;

/// <summary>
/// One shell session: the open database, the output settings (mode, timer, output file) and how statements and
/// dot commands run. The REPL, scripts and the demo all go through it, so they behave alike: results to
/// <see cref="Output"/>, errors (the engine's message with its caret, no stack trace) to <see cref="Errors"/>,
/// progress bars to <see cref="Display"/> when there is a terminal.
/// </summary>
internal sealed partial class Session : IDisposable
{
    /// <summary>The seed of generated profiles, so that every demo shows the same data.</summary>
    public const ulong DefaultSeed = 20261122;

    private const int MaxReadDepth = 16;
    private static readonly Style ErrorStyle = new(Color.Red, decoration: Decoration.Bold);
    private static readonly Style CaretStyle = new(Color.Red);
    private static readonly Style NoteStyle = new(Color.Grey);
    private static readonly Style MessageStyle = new(Color.Green);

    private readonly IAnsiConsole _standardOutput;
    private StreamWriter? _outputFile;
    private int _readDepth;

    /// <summary>A session on a new in-memory database.</summary>
    /// <param name="output">Where results go (standard output).</param>
    /// <param name="errors">Where errors go (standard error).</param>
    /// <param name="display">The terminal, for progress bars; null when there is none.</param>
    /// <param name="interrupts">Where Ctrl-C comes from while a statement runs.</param>
    public Session(IAnsiConsole output, IAnsiConsole errors, IAnsiConsole? display, IInterruptSource interrupts)
    {
        _standardOutput = output;
        Output = output;
        Errors = errors;
        Display = display;
        Runner = new QueryRunner(interrupts);
        Database = PortraitDatabase.CreateInMemory();
    }

    /// <summary>The open database.</summary>
    public PortraitDatabase Database { get; private set; }

    /// <summary>Where results go now (standard output, or the file of <c>.output</c>).</summary>
    public IAnsiConsole Output { get; private set; }

    /// <summary>Where errors, and the notes of CSV and JSON modes, go.</summary>
    public IAnsiConsole Errors { get; }

    /// <summary>The terminal for progress bars, or null.</summary>
    public IAnsiConsole? Display { get; }

    /// <summary>Runs statements so that Ctrl-C cancels them.</summary>
    public QueryRunner Runner { get; }

    /// <summary>How results are printed.</summary>
    public OutputMode Mode { get; set; } = OutputMode.Table;

    /// <summary>Whether the elapsed time is printed under each result.</summary>
    public bool Timer { get; set; }

    /// <summary>Set by <c>.exit</c>: the REPL or script stops.</summary>
    public bool ExitRequested { get; private set; }

    /// <summary>The exit code <c>.exit</c> asked for.</summary>
    public int ExitCode { get; private set; }

    /// <summary>Runs a statement; the engine's <see cref="PortraitDatabase.Execute"/> unless a test puts a stand-in here.</summary>
    public Func<PortraitDatabase, string, CancellationToken, QueryResult> Executor { get; set; } =
        (database, sql, cancellationToken) => database.Execute(sql, null, cancellationToken);

    /// <summary>
    /// Runs every statement and dot command of <paramref name="text"/> in order (a last statement without ';'
    /// included) and stops at the first error. Errors name <paramref name="source"/> when given (a script file).
    /// </summary>
    /// <returns>True when everything succeeded.</returns>
    public bool RunScript(string text, string? source)
    {
        foreach (var item in ScriptSplitter.Split(text))
        {
            if (ExitRequested)
                break;
            if (!RunItem(item, text, source))
                return false;
        }
        return true;
    }

    /// <summary>Runs one statement or dot command of <paramref name="text"/>.</summary>
    public bool RunItem(ScriptItem item, string text, string? source) => item.Kind == ScriptItemKind.DotCommand
        ? RunDotCommand(item.Text, source)
        : RunStatement(item.Text, item.Start, text, source);

    /// <summary>Runs a dot command line such as <c>.mode csv</c>.</summary>
    public bool RunDotCommand(string line, string? source = null)
    {
        try
        {
            return DotCommands.Run(this, line);
        }
        catch (Exception error) when (IsReportable(error))
        {
            return Fail(error, null, 0, source);
        }
    }

    /// <summary>Runs one SQL statement found at <paramref name="start"/> in <paramref name="text"/> and prints its result.</summary>
    public bool RunStatement(string statement, int start, string text, string? source)
    {
        var clock = Stopwatch.StartNew();
        QueryResult result;
        try
        {
            result = ImportedFile(statement) is { } path
                ? ProgressDisplay.Run(Display, Runner, $"importing {Path.GetFileName(path)}", new FileInfo(path).Length, (state, cancellationToken) =>
                {
                    Database.ImportProgress = new ImportProgressAdapter(state);
                    try
                    {
                        return Executor(Database, statement, cancellationToken);
                    }
                    finally
                    {
                        Database.ImportProgress = null;
                    }
                })
                : Runner.Run(cancellationToken => Executor(Database, statement, cancellationToken));
        }
        catch (Exception error) when (IsReportable(error))
        {
            return Fail(error, text, start, source);
        }
        Print(result, clock.Elapsed);
        return true;
    }

    /// <summary>The existing file an IMPORT statement reads, so its progress bar knows the size; null for any other statement.</summary>
    private static string? ImportedFile(string statement)
    {
        var match = ImportStatement().Match(statement);
        return match.Success && File.Exists(match.Groups["path"].Value.Replace("''", "'", StringComparison.Ordinal)) ? match.Groups["path"].Value.Replace("''", "'", StringComparison.Ordinal) : null;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*IMPORT\s+'(?<path>(?:[^']|'')*)'", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex ImportStatement();

    /// <summary>Prints a statement's result: its rows in the current mode, or its message; the footer under it.</summary>
    public void Print(QueryResult result, TimeSpan? elapsed) => Print(result.Columns, result.Rows, result.Message, elapsed);

    /// <summary>Prints rows (or, without columns, a message) as <see cref="Print(QueryResult, TimeSpan?)"/> does.</summary>
    public void Print(IReadOnlyList<ResultColumn> columns, IReadOnlyList<object?[]> rows, string? message, TimeSpan? elapsed)
    {
        var time = Timer ? elapsed : null;
        bool forTools = Mode is OutputMode.Csv or OutputMode.Json;
        if (columns.Count == 0)
        {
            string text = (message ?? "done") + (time is { } took ? $" ({ResultWriter.FormatElapsed(took)})" : "");
            Write(forTools ? Errors : Output, text + "\n", forTools ? NoteStyle : MessageStyle);
            return;
        }
        int shown = ResultWriter.Write(Output, Mode, columns, rows);
        if (!forTools)
            Write(Output, ResultWriter.Footer(rows.Count, shown, time) + "\n\n", NoteStyle);
        else if (time is not null)
            Write(Errors, ResultWriter.Footer(rows.Count, shown, time) + "\n", NoteStyle);
    }

    /// <summary>Prints a note (grey) to the output, or to standard error in CSV and JSON modes.</summary>
    public void Note(string text) => Write(Mode is OutputMode.Csv or OutputMode.Json ? Errors : Output, text + "\n", NoteStyle);

    /// <summary>Prints a line to the output, in <paramref name="style"/> on a terminal.</summary>
    public void WriteLine(string text, Style? style = null) => Write(Output, text + "\n", style ?? Style.Plain);

    /// <summary>
    /// Writes text in a style on a terminal (where Spectre wraps it at the screen's width), or as it is to a
    /// file or pipe, where nothing should be wrapped.
    /// </summary>
    public static void Write(IAnsiConsole console, string text, Style style)
    {
        if (console.Profile.Capabilities.Ansi)
        {
            console.Write(new Text(text, style));
            return;
        }
        console.Profile.Out.Writer.Write(text);
        console.Profile.Out.Writer.Flush();
    }

    /// <summary>Reports an error: the first line in bold red, the source line plain, the caret line in red.</summary>
    public void ReportError(string message, string? source = null)
    {
        var lines = message.ReplaceLineEndings("\n").Split('\n');
        for (int index = 0; index < lines.Length; index++)
        {
            string line = index == 0 && source is not null ? $"{source}: {lines[index]}" : lines[index];
            bool caret = index > 0 && line.Trim().Length > 0 && line.Trim().All(character => character == '^');
            Write(Errors, line + "\n", index == 0 ? ErrorStyle : caret ? CaretStyle : Style.Plain);
        }
    }

    /// <summary>Replaces the database with a new, empty in-memory one.</summary>
    public void OpenInMemory()
    {
        Database.Dispose();
        Database = PortraitDatabase.CreateInMemory();
    }

    /// <summary>Replaces the database with the one kept in <paramref name="directory"/> (created when absent); on failure the current one stays.</summary>
    /// <exception cref="PortraitDbException">The directory is open elsewhere or its files are damaged.</exception>
    public void OpenDirectory(string directory)
    {
        var opened = PortraitDatabase.Open(directory);
        Database.Dispose();
        Database = opened;
    }

    /// <summary>Sends results to <paramref name="path"/> (created or truncated), or back to standard output when null.</summary>
    public void RedirectOutput(string? path)
    {
        var file = path is null ? null : new StreamWriter(path, append: false, Consoles.Utf8);
        _outputFile?.Dispose();
        _outputFile = file;
        Output = file is null ? _standardOutput : Consoles.Create(file, isTerminal: false);
    }

    /// <summary>Runs a script file, as <c>.read</c> does.</summary>
    public bool ReadScript(string path)
    {
        if (_readDepth >= MaxReadDepth)
            throw new PortraitDbException(PortraitDbErrorKind.Constraint, $".read is nested more than {MaxReadDepth} deep; does '{path}' read itself?");
        string text = ReadFile(path);
        _readDepth++;
        try
        {
            return RunScript(text, path);
        }
        finally
        {
            _readDepth--;
        }
    }

    /// <summary>Imports a CSV or Parquet file (by extension) with a progress bar; the table is created when missing.</summary>
    public ImportReport Import(string path, string table)
    {
        if (!File.Exists(path))
            throw new PortraitDbException(PortraitDbErrorKind.Io, $"file '{path}' does not exist");
        bool parquet = path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase);
        long size = new FileInfo(path).Length;
        return ProgressDisplay.Run(Display, Runner, $"importing {Path.GetFileName(path)}", size, (state, cancellationToken) =>
        {
            var progress = new ImportProgressAdapter(state);
            return parquet
                ? ParquetImporter.Import(Database, path, table, null, progress, cancellationToken)
                : CsvImporter.Import(Database, path, table, null, progress, cancellationToken);
        });
    }

    /// <summary>Creates <paramref name="table"/> and fills it with <paramref name="rows"/> synthetic profiles, with a progress bar.</summary>
    public TimeSpan Generate(long rows, string table, ulong seed)
    {
        if (Database.TryGetTable(table, out _))
            throw new PortraitDbException(PortraitDbErrorKind.Binding, $"table '{table}' already exists; DROP TABLE {table} first, or name another table");
        var clock = Stopwatch.StartNew();
        ProgressDisplay.Run(Display, Runner, $"generating {table}", rows, (state, cancellationToken) =>
        {
            var progress = new GenerationProgress(state, cancellationToken);
            try
            {
                return ProfileTableLoader.CreateAndFill(Database, table, rows, seed, progress);
            }
            catch
            {
                Database.DropTable(table);
                throw;
            }
        });
        return clock.Elapsed;
    }

    /// <summary>Asks the REPL or script to stop with <paramref name="code"/>.</summary>
    public void RequestExit(int code)
    {
        ExitRequested = true;
        ExitCode = code;
    }

    /// <summary>Reads a text file, as a <see cref="PortraitDbException"/> when it cannot be read.</summary>
    public static string ReadFile(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new PortraitDbException(PortraitDbErrorKind.Io, $"cannot read '{path}': {error.Message}", error);
        }
    }

    /// <summary>Closes the output file and the database.</summary>
    public void Dispose()
    {
        _outputFile?.Dispose();
        Database.Dispose();
    }

    /// <summary>Errors the shell reports and survives: everything but a process-level failure.</summary>
    private static bool IsReportable(Exception error) => error is not (OutOfMemoryException or StackOverflowException or AccessViolationException);

    private bool Fail(Exception error, string? text, int start, string? source)
    {
        string message = error switch
        {
            QueryException query when text is not null && query.Position >= 0 =>
                new QueryException(query.Kind, query.Detail, text, start + query.Position, query.Length).Message,
            PortraitDbException engine => engine.Message,
            OperationCanceledException => "Cancelled: the statement was stopped (Ctrl-C); nothing it would have written was kept.",
            IOException or UnauthorizedAccessException => $"IO Error: {error.Message}",
            _ => $"Internal Error: {error.GetType().Name}: {error.Message}",
        };
        ReportError(message, source);
        return false;
    }

    /// <summary>Import progress (bytes read, rows) into a <see cref="ProgressState"/>.</summary>
    private sealed class ImportProgressAdapter(ProgressState state) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => state.Report(value.BytesRead, value.Rows);
    }

    /// <summary>Generation progress into a <see cref="ProgressState"/>; cancelling stops the loader at its next report.</summary>
    private sealed class GenerationProgress(ProgressState state, CancellationToken cancellationToken) : IProgress<long>
    {
        public void Report(long value)
        {
            state.Report(value, value);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
