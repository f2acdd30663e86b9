using PortraitDb.Cli.Editing;
using PortraitDb.Cli.Output;
using PortraitDb.Cli.Terminal;

namespace PortraitDb.Cli;

/// <summary>
/// The <c>portraitdb</c> command: parses the arguments, then hands over to the <see cref="Repl"/>, the
/// <see cref="ScriptRunner"/> or the <see cref="Demo"/>, all over one <see cref="Session"/>.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        Console.OutputEncoding = Consoles.Utf8;
        var options = CommandLine.Parse(args, out string? error);
        if (options is null)
        {
            Console.Error.WriteLine($"portraitdb: {error}");
            Console.Error.WriteLine("Try 'portraitdb --help'.");
            return 1;
        }
        switch (options.Command)
        {
            case CliCommand.Help:
                Console.Out.Write(CommandLine.Usage);
                return 0;
            case CliCommand.Version:
                Console.Out.WriteLine($"portraitdb {Repl.Version}");
                return 0;
        }
        bool scripted = options.Command == CliCommand.Shell && (options.Sources.Count > 0 || Console.IsInputRedirected);
        bool interactive = !scripted && !Console.IsInputRedirected;
        using var terminal = interactive ? new SystemTerminal() : null;
        var keys = terminal is null ? null : new KeyReader(terminal);
        var display = !Console.IsOutputRedirected ? Consoles.StandardOutput() : null;
        using var session = new Session(display ?? Consoles.StandardOutput(), Consoles.StandardError(), display, (IInterruptSource?)keys ?? NoInterrupts.Instance)
        {
            Mode = options.Format,
        };
        if (options.DatabaseDirectory is { } directory)
        {
            try
            {
                session.OpenDirectory(directory);
            }
            catch (PortraitDbException failure)
            {
                Console.Error.WriteLine($"portraitdb: cannot open '{directory}': {failure.Message}");
                return 1;
            }
        }

        if (scripted)
        {
            var sources = options.Sources.Count > 0 ? options.Sources : [new ScriptRunner.Source(null, "-")];
            return ScriptRunner.Run(session, sources, () => new StreamReader(Console.OpenStandardInput(), Consoles.Utf8));
        }
        if (options.Command == CliCommand.Demo)
        {
            if (!Demo.Run(session, options.Rows))
                return 1;
            if (keys is null)
            {
                session.Note("Standard input is not a terminal, so the tour ends here; run it in a terminal to continue in the REPL.");
                return 0;
            }
        }
        session.Timer = true;
        return new Repl(session, keys!, new History(History.DefaultPath())).Run();
    }
}
