namespace PortraitDb.Cli.Terminal;

/// <summary>Tells a running statement whether the user asked to cancel it (Ctrl-C) since the last poll.</summary>
internal interface IInterruptSource
{
    /// <summary>True when the user pressed Ctrl-C since the last call.</summary>
    bool PollInterrupt();
}

/// <summary>No interrupts: scripts, where Ctrl-C ends the process as usual.</summary>
internal sealed class NoInterrupts : IInterruptSource
{
    public static NoInterrupts Instance { get; } = new();

    public bool PollInterrupt() => false;
}
