using System.Runtime.ExceptionServices;

namespace PortraitDb.Internal;

/// <summary>Turns the AggregateException of a failed parallel loop back into the engine's own error.</summary>
internal static class ParallelErrors
{
    /// <summary>True when <paramref name="error"/> carries a <see cref="PortraitDbException"/> or a cancellation to rethrow.</summary>
    public static bool HasEngineError(AggregateException error) => EngineError(error) is not null;

    /// <summary>Rethrows the first engine error or cancellation inside <paramref name="error"/>, with its stack trace.</summary>
    public static Exception Rethrow(AggregateException error)
    {
        ExceptionDispatchInfo.Capture(EngineError(error) ?? error).Throw();
        return error;
    }

    private static Exception? EngineError(AggregateException error) =>
        error.Flatten().InnerExceptions.FirstOrDefault(inner => inner is PortraitDbException or OperationCanceledException);
}
