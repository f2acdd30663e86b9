using System.Reflection;
using System.Text;
using PortraitDb.Cli.Editing;
using PortraitDb.Cli.Terminal;

namespace PortraitDb.Cli;

/// <summary>
/// The interactive shell: reads lines with the <see cref="LineEditor"/>, gathers them until a statement ends
/// with ';' (a line starting with '.' is a dot command), runs each statement through the <see cref="Session"/>
/// (Ctrl-C cancels it, the REPL goes on) and keeps what was entered in the <see cref="History"/>.
/// </summary>
internal sealed class Repl
{
    /// <summary>The prompt of a statement's first line.</summary>
    public const string Prompt = "portraitdb> ";

    /// <summary>The prompt of the lines that continue a statement.</summary>
    public const string ContinuationPrompt = "       ...> ";

    private readonly Session _session;
    private readonly LineEditor _editor;
    private readonly SqlCompleter _completer;
    private readonly ITerminal _terminal;

    /// <summary>A REPL over <paramref name="keys"/> (which the session's runner must poll for Ctrl-C).</summary>
    public Repl(Session session, KeyReader keys, History history)
    {
        _session = session;
        _terminal = keys.Terminal;
        _completer = new SqlCompleter(() => session.Database);
        _editor = new LineEditor(keys, history, _completer);
    }

    /// <summary>The version printed in the banner.</summary>
    public static string Version =>
        typeof(Repl).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>Runs until Ctrl-D or <c>.exit</c>; returns the exit code.</summary>
    public int Run(bool banner = true)
    {
        if (banner)
        {
            _terminal.Write($"PortraitDb {Version}, in-memory database. End statements with ';'. .help lists commands;\r\n");
            _terminal.Write("Tab completes, Up/Down recall history, Ctrl-C cancels, Ctrl-D leaves.\r\n");
        }
        var pending = new StringBuilder();
        while (!_session.ExitRequested)
        {
            _completer.PrecedingText = pending.ToString();
            var line = _editor.ReadLine(pending.Length == 0 ? Prompt : ContinuationPrompt);
            if (line.Status == LineStatus.EndOfInput)
                break;
            if (line.Status == LineStatus.Interrupted)
            {
                if (pending.Length == 0)
                    _terminal.Write("(Ctrl-D or .exit leaves)\r\n");
                pending.Clear();
                continue;
            }
            if (pending.Length == 0 && line.Text.TrimStart().StartsWith('.'))
            {
                _editor.History.Add(line.Text.Trim());
                _session.RunDotCommand(line.Text.Trim());
                continue;
            }
            pending.Append(line.Text).Append('\n');
            RunCompleteStatements(pending);
        }
        return _session.ExitCode;
    }

    /// <summary>Runs the statements of <paramref name="pending"/> that end with ';' and leaves the unfinished rest in it.</summary>
    private void RunCompleteStatements(StringBuilder pending)
    {
        string text = pending.ToString();
        var items = ScriptSplitter.Split(text);
        if (items.Count == 0)
        {
            pending.Clear(); // nothing but blanks and comments
            return;
        }
        if (!items[0].IsComplete)
            return; // the statement goes on in the next line
        int restStart = items[^1].IsComplete ? text.Length : items[^1].Start;
        _editor.History.Add(ScriptSplitter.ToSingleLine(text[..restStart]));
        foreach (var item in items)
        {
            if (!item.IsComplete || _session.ExitRequested)
                break;
            _session.RunItem(item, text, null);
        }
        pending.Remove(0, restStart);
        if (ScriptSplitter.IsBlank(pending.ToString()))
            pending.Clear();
    }
}
