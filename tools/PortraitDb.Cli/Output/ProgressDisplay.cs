using Spectre.Console;
using Spectre.Console.Rendering;

namespace PortraitDb.Cli.Output;

/// <summary>Where long work reports how far it got: a value towards a maximum (rows, or bytes) and the rows done so far.</summary>
internal sealed class ProgressState
{
    private long _value;
    private long _rows;

    /// <summary>Progress towards the maximum.</summary>
    public long Value => Interlocked.Read(ref _value);

    /// <summary>Rows done so far.</summary>
    public long Rows => Interlocked.Read(ref _rows);

    /// <summary>Records progress (called from the worker thread).</summary>
    public void Report(long value, long rows)
    {
        Interlocked.Exchange(ref _value, value);
        Interlocked.Exchange(ref _rows, rows);
    }
}

/// <summary>
/// A progress bar with rows per second (Spectre.Console) for imports and data generation, drawn on the terminal
/// while the work runs under a <see cref="QueryRunner"/>; without a terminal the work just runs.
/// </summary>
internal static class ProgressDisplay
{
    /// <summary>Runs <paramref name="work"/> with a bar titled <paramref name="description"/> going to <paramref name="maximum"/>.</summary>
    public static T Run<T>(IAnsiConsole? display, QueryRunner runner, string description, long maximum, Func<ProgressState, CancellationToken, T> work)
    {
        var state = new ProgressState();
        if (display is null)
            return runner.Run(token => work(state, token));
        T result = default!;
        display.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RowsColumn(), new RowsPerSecondColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(description, maxValue: Math.Max(1, maximum));
                task.Tag = state;
                result = runner.Run(token => work(state, token), () => task.Value = state.Value);
                task.Value = task.MaxValue;
                task.StopTask();
            });
        return result;
    }

    /// <summary>Rows done, with thousands separators.</summary>
    private sealed class RowsColumn : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text($"{(task.Tag as ProgressState)?.Rows ?? 0:N0} rows", new Style(Color.Grey));
    }

    /// <summary>Rows per second since the task started.</summary>
    private sealed class RowsPerSecondColumn : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
        {
            double seconds = task.ElapsedTime?.TotalSeconds ?? 0;
            long rows = (task.Tag as ProgressState)?.Rows ?? 0;
            return new Text(seconds > 0 ? $"{rows / seconds:N0} rows/s" : "", new Style(Color.Grey));
        }
    }
}
