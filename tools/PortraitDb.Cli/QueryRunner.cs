using PortraitDb.Cli.Terminal;

namespace PortraitDb.Cli;

/// <summary>
/// Runs a statement or an import on a worker thread while this thread watches for Ctrl-C (through an
/// <see cref="IInterruptSource"/>) and refreshes progress, so that Ctrl-C cancels the work through its
/// <see cref="CancellationToken"/> and leaves the REPL running.
/// </summary>
internal sealed class QueryRunner(IInterruptSource interrupts)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(40);

    /// <summary>Runs <paramref name="work"/>, calling <paramref name="tick"/> every few tens of milliseconds until it ends.</summary>
    /// <exception cref="OperationCanceledException">The user pressed Ctrl-C and the work stopped.</exception>
    public T Run<T>(Func<CancellationToken, T> work, Action? tick = null)
    {
        if (interrupts is NoInterrupts && tick is null)
            return work(CancellationToken.None);
        using var cancellation = new CancellationTokenSource();
        var task = Task.Run(() => work(cancellation.Token), CancellationToken.None);
        while (!((IAsyncResult)task).AsyncWaitHandle.WaitOne(PollInterval))
        {
            if (interrupts.PollInterrupt())
                cancellation.Cancel();
            tick?.Invoke();
        }
        tick?.Invoke();
        return task.GetAwaiter().GetResult();
    }
}
