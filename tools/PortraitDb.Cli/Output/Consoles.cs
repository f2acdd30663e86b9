using System.Text;
using Spectre.Console;

namespace PortraitDb.Cli.Output;

/// <summary>Spectre consoles over the process's streams, a file, or a test's writer.</summary>
internal static class Consoles
{
    /// <summary>The width of tables written where there is no terminal to measure (COLUMNS overrides).</summary>
    public const int DefaultWidth = 120;

    /// <summary>UTF-8 without a byte-order mark, for standard output and files.</summary>
    public static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>A console over <paramref name="writer"/>: colours and live progress when it is a terminal, plain text otherwise.</summary>
    public static IAnsiConsole Create(TextWriter writer, bool isTerminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = isTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = isTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = isTerminal ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!isTerminal)
            console.Profile.Width = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out int columns) && columns > 0 ? columns : DefaultWidth;
        console.Profile.Capabilities.Unicode = true;
        return console;
    }

    /// <summary>Standard output.</summary>
    public static IAnsiConsole StandardOutput() => Create(Console.Out, !Console.IsOutputRedirected);

    /// <summary>Standard error.</summary>
    public static IAnsiConsole StandardError() => Create(Console.Error, !Console.IsErrorRedirected);
}
