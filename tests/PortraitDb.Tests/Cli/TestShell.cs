using PortraitDb.Cli;
using PortraitDb.Cli.Editing;
using PortraitDb.Cli.Output;
using PortraitDb.Cli.Terminal;

namespace PortraitDb.Tests.Cli;

/// <summary>A <see cref="Session"/> writing to strings, optionally with a REPL on a <see cref="ScriptedTerminal"/>.</summary>
internal sealed class TestShell : IDisposable
{
    private readonly StringWriter _output = new();
    private readonly StringWriter _errors = new();

    public TestShell(ScriptedTerminal? terminal = null)
    {
        Terminal = terminal ?? new ScriptedTerminal();
        Keys = new KeyReader(Terminal);
        Session = new Session(Consoles.Create(_output, isTerminal: false), Consoles.Create(_errors, isTerminal: false), null, Keys);
    }

    public ScriptedTerminal Terminal { get; }

    public KeyReader Keys { get; }

    public Session Session { get; }

    public string Output => _output.ToString();

    public string Errors => _errors.ToString();

    /// <summary>Runs the REPL over the scripted keys until they run out; returns its exit code.</summary>
    public int RunRepl(History? history = null) => new Repl(Session, Keys, history ?? new History(null)).Run(banner: false);

    /// <summary>Runs a script as <c>-c</c> would; returns the exit code.</summary>
    public int RunScript(params string[] statements) =>
        ScriptRunner.Run(Session, [.. statements.Select(text => new ScriptRunner.Source(text, null))], () => new StringReader(""));

    /// <summary>A small table of customers with CATEGORY, TAGS and number columns.</summary>
    public TestShell WithCustomers()
    {
        Session.Database.Execute("CREATE TABLE customers (id TEXT KEY, gender CATEGORY, city CATEGORY, age INT, spend DECIMAL(10,2), interests TAGS)");
        Session.Database.Execute("""
            INSERT INTO customers VALUES
            ('c1', 'female', '北京', 28, 1200.50, 'music|travel'),
            ('c2', 'male', '上海', 35, 80.00, 'sports'),
            ('c3', 'female', '北京', 41, NULL, ''),
            ('c4', NULL, '广州', 22, 15.25, 'music|tea')
            """);
        return this;
    }

    public void Dispose() => Session.Dispose();
}
