namespace PortraitDb.Cli.Editing;

/// <summary>
/// The statements entered in the REPL, oldest first, kept in a file across sessions (one entry a line; a
/// multi-line statement is stored on one line). At most <see cref="Capacity"/> entries are kept; the file is
/// appended to as entries arrive and rewritten when it has grown to twice that. Failing to read or write the
/// file never stops the REPL: the history then lives for the session only.
/// </summary>
internal sealed class History
{
    /// <summary>The default number of entries kept.</summary>
    public const int DefaultCapacity = 1000;

    /// <summary>The environment variable that moves the history file; empty keeps no file.</summary>
    public const string PathVariable = "PORTRAITDB_HISTORY";

    private readonly List<string> _entries = [];
    private readonly string? _path;
    private int _linesInFile;

    /// <summary>A history kept in <paramref name="path"/> (none when null).</summary>
    public History(string? path, int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _path = path;
        Capacity = capacity;
        if (path is null || !File.Exists(path))
            return;
        try
        {
            var lines = File.ReadAllLines(path);
            _linesInFile = lines.Length;
            foreach (string line in lines)
            {
                if (line.Length > 0 && (_entries.Count == 0 || _entries[^1] != line))
                    _entries.Add(line);
            }
            if (_entries.Count > capacity)
                _entries.RemoveRange(0, _entries.Count - capacity);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            _path = null;
        }
    }

    /// <summary>The history file named by <c>PORTRAITDB_HISTORY</c>, or <c>~/.portraitdb_history</c>.</summary>
    public static string? DefaultPath()
    {
        string? configured = Environment.GetEnvironmentVariable(PathVariable);
        if (configured is not null)
            return configured.Length == 0 ? null : configured;
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return home.Length == 0 ? null : Path.Combine(home, ".portraitdb_history");
    }

    /// <summary>The most entries kept.</summary>
    public int Capacity { get; }

    /// <summary>The file the history is kept in, or null.</summary>
    public string? FilePath => _path;

    /// <summary>The entries, oldest first.</summary>
    public IReadOnlyList<string> Entries => _entries;

    /// <summary>Adds an entry (on one line) unless it is blank or repeats the last one.</summary>
    public void Add(string entry)
    {
        entry = entry.ReplaceLineEndings(" ").Trim();
        if (entry.Length == 0 || (_entries.Count > 0 && _entries[^1] == entry))
            return;
        _entries.Add(entry);
        if (_entries.Count > Capacity)
            _entries.RemoveAt(0);
        Save(entry);
    }

    private void Save(string entry)
    {
        if (_path is null)
            return;
        try
        {
            if (_linesInFile + 1 >= 2 * Capacity)
            {
                File.WriteAllLines(_path, _entries);
                _linesInFile = _entries.Count;
            }
            else
            {
                bool created = !File.Exists(_path);
                File.AppendAllLines(_path, [entry]);
                _linesInFile++;
                // Statements can hold customer data: the file is the user's alone.
                if (created && !OperatingSystem.IsWindows())
                    File.SetUnixFileMode(_path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // The history is a convenience: without a writable file it lasts for this session.
        }
    }
}
