namespace PortraitDb.Cli.Terminal;

/// <summary>
/// The process console. While it exists, Ctrl-C is read as a key (so the line editor can clear the line and a
/// running query can be cancelled) instead of ending the process.
/// </summary>
internal sealed class SystemTerminal : ITerminal, IDisposable
{
    private const int FallbackWidth = 80;
    private readonly bool _treatedControlCAsInput;

    public SystemTerminal()
    {
        _treatedControlCAsInput = Console.TreatControlCAsInput;
        Console.TreatControlCAsInput = true;
    }

    public bool KeyAvailable => Console.KeyAvailable;

    public int Width
    {
        get
        {
            try
            {
                return Console.WindowWidth > 0 ? Console.WindowWidth : FallbackWidth;
            }
            catch (IOException)
            {
                return FallbackWidth;
            }
        }
    }

    public ConsoleKeyInfo ReadKey() => Console.ReadKey(intercept: true);

    public void Write(string text)
    {
        Console.Out.Write(text);
        Console.Out.Flush();
    }

    public void Dispose() => Console.TreatControlCAsInput = _treatedControlCAsInput;
}
