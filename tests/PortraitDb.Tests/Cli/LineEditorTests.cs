using PortraitDb.Cli.Editing;
using PortraitDb.Cli.Terminal;

namespace PortraitDb.Tests.Cli;

public sealed class LineEditorTests
{
    private static (LineResult Result, ScriptedTerminal Terminal) Read(ScriptedTerminal terminal, History? history = null, ICompleter? completer = null, string prompt = "> ")
    {
        var editor = new LineEditor(new KeyReader(terminal), history ?? new History(null), completer);
        return (editor.ReadLine(prompt), terminal);
    }

    [Fact]
    public void Enter_returns_the_typed_line()
    {
        var (result, terminal) = Read(new ScriptedTerminal().Type("SELECT 1;\n"));
        Assert.Equal(new LineResult(LineStatus.Line, "SELECT 1;"), result);
        Assert.Equal(["> SELECT 1;"], terminal.Screen.Lines);
    }

    [Fact]
    public void Cursor_keys_move_and_edits_happen_at_the_cursor()
    {
        var terminal = new ScriptedTerminal()
            .Type("SELCT 1")
            .Press(ConsoleKey.Home).Press(ConsoleKey.RightArrow, times: 3).Type("E")
            .Press(ConsoleKey.End).Press(ConsoleKey.Backspace).Type("2")
            .Press(ConsoleKey.LeftArrow, times: 2).Press(ConsoleKey.Delete)
            .Type("\n");
        var (result, _) = Read(terminal);
        Assert.Equal("SELECT2", result.Text);
    }

    [Fact]
    public void Emacs_keys_kill_and_move()
    {
        var terminal = new ScriptedTerminal()
            .Type("one two three").Control('w').Type("3")      // "one two 3"
            .Control('a').Control('k').Type("x y").Control('b').Control('u') // "y"
            .Control('e').Type("!").Type("\n");
        Assert.Equal("y!", Read(terminal).Result.Text);

        var words = new ScriptedTerminal().Type("alpha beta gamma")
            .Press(ConsoleKey.LeftArrow, ConsoleModifiers.Control).Press(ConsoleKey.LeftArrow, ConsoleModifiers.Control).Type("X")
            .Press(ConsoleKey.RightArrow, ConsoleModifiers.Control).Type("Y").Type("\n");
        Assert.Equal("alpha XbetaY gamma", Read(words).Result.Text);
    }

    [Fact]
    public void Ctrl_c_drops_the_line_and_ctrl_d_on_an_empty_line_ends_the_input()
    {
        var (interrupted, terminal) = Read(new ScriptedTerminal().Type("SELECT half").Control('c'));
        Assert.Equal(LineStatus.Interrupted, interrupted.Status);
        Assert.Equal("> SELECT half^C", terminal.Screen.Lines[0]);
        Assert.Equal(LineStatus.EndOfInput, Read(new ScriptedTerminal().Control('d')).Result.Status);
        // On a non-empty line Ctrl-D deletes the character under the cursor.
        Assert.Equal("ac", Read(new ScriptedTerminal().Type("abc").Press(ConsoleKey.LeftArrow, times: 2).Control('d').Type("\n")).Result.Text);
    }

    [Fact]
    public void Up_and_down_walk_the_history_and_come_back_to_the_draft()
    {
        var history = new History(null);
        history.Add("SELECT 1;");
        history.Add("SELECT 2;");
        var terminal = new ScriptedTerminal().Type("draft").Press(ConsoleKey.UpArrow).Press(ConsoleKey.UpArrow).Press(ConsoleKey.UpArrow)
            .Press(ConsoleKey.DownArrow).Type("0").Type("\n");
        Assert.Equal("SELECT 2;0", Read(terminal, history).Result.Text);

        var back = new ScriptedTerminal().Type("draft").Press(ConsoleKey.UpArrow).Press(ConsoleKey.DownArrow).Type("\n");
        Assert.Equal("draft", Read(back, history).Result.Text);
    }

    [Fact]
    public void A_long_line_wraps_and_redraws_correctly_when_edited_in_the_middle()
    {
        // 20 columns; Chinese characters take two, so the wrap points move with them.
        var terminal = new ScriptedTerminal(width: 20)
            .Type("SELECT * FROM p WHERE city = '北京' AND age > 30")
            .Press(ConsoleKey.Home).Press(ConsoleKey.RightArrow, times: 7).Type("COUNT(").Press(ConsoleKey.RightArrow).Type(")");
        var editor = new LineEditor(new KeyReader(terminal), new History(null));
        terminal.Type("\n");
        var result = editor.ReadLine("portraitdb> ");
        Assert.Equal("SELECT COUNT(*) FROM p WHERE city = '北京' AND age > 30", result.Text);
        string expected = "portraitdb> " + result.Text;
        Assert.Equal(Wrap(expected, 20), terminal.Screen.Lines);
    }

    [Fact]
    public void The_cursor_is_drawn_where_the_next_character_goes()
    {
        var terminal = new ScriptedTerminal(width: 10) { ThrowWhenDone = true }.Type("abcdefgh北京xyz").Press(ConsoleKey.LeftArrow, times: 4);
        var editor = new LineEditor(new KeyReader(terminal), new History(null));
        Assert.Throws<ScriptedTerminal.DoneException>(() => editor.ReadLine("> "));
        // "> abcdefgh" fills row 0 exactly; "北京" starts row 1, and the cursor sits on '京'.
        var screen = terminal.Screen;
        Assert.Equal(["> abcdefgh", "北京xyz"], screen.Lines);
        Assert.Equal((1, 2), (screen.Row, screen.Column));
    }

    [Fact]
    public void Tab_inserts_the_only_candidate_with_its_suffix_or_the_common_part()
    {
        var completer = new FixedCompleter(["profiles"], " ");
        Assert.Equal("FROM profiles x", Read(new ScriptedTerminal().Type("FROM pro\tx\n"), completer: completer).Result.Text);
        var several = new FixedCompleter(["customer_id", "customer_name"], "");
        Assert.Equal("customer_", Read(new ScriptedTerminal().Type("cu\t\n"), completer: several).Result.Text);
    }

    [Fact]
    public void Tab_lists_the_candidates_when_they_share_nothing_more()
    {
        var completer = new FixedCompleter(["city", "CASE", "CAST", "COUNT"], "");
        var (result, terminal) = Read(new ScriptedTerminal().Type("c\t\n"), completer: completer);
        Assert.Equal("c", result.Text);
        var lines = terminal.Screen.Lines;
        Assert.Equal("> c", lines[0]);
        Assert.Contains("city", lines[1], StringComparison.Ordinal);
        Assert.Contains("COUNT", lines[1] + lines.ElementAtOrDefault(2), StringComparison.Ordinal);
        Assert.Equal("> c", lines[^1]);
    }

    [Fact]
    public void Keys_typed_while_a_statement_runs_are_kept_but_ctrl_c_interrupts()
    {
        var terminal = new ScriptedTerminal().Type("ab").Control('c').Type("cd\n");
        var keys = new KeyReader(terminal);
        Assert.True(keys.PollInterrupt());
        Assert.False(keys.PollInterrupt());
        var editor = new LineEditor(keys, new History(null));
        Assert.Equal("cd", editor.ReadLine("> ").Text); // what was typed before the Ctrl-C went with it
        var typedAhead = new ScriptedTerminal().Type("SELECT 1;\n");
        var reader = new KeyReader(typedAhead);
        Assert.False(reader.PollInterrupt());
        Assert.Equal("SELECT 1;", new LineEditor(reader, new History(null)).ReadLine("> ").Text);
    }

    private static List<string> Wrap(string text, int width)
    {
        var lines = new List<string>();
        var line = new System.Text.StringBuilder();
        int column = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            int cells = DisplayWidth.Of(rune);
            if (column + cells > width)
            {
                lines.Add(line.ToString());
                line.Clear();
                column = 0;
            }
            line.Append(rune.ToString());
            column += cells;
        }
        lines.Add(line.ToString());
        return lines;
    }

    private sealed class FixedCompleter(IReadOnlyList<string> words, string suffix) : ICompleter
    {
        public Completion Complete(string line, int cursor)
        {
            int start = cursor;
            while (start > 0 && !char.IsWhiteSpace(line[start - 1]))
                start--;
            string prefix = line[start..cursor];
            return new Completion(start, [.. words.Where(word => word.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))], suffix);
        }
    }
}
