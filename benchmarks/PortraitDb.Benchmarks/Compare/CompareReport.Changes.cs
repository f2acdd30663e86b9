using System.Diagnostics;
using PortraitDb.Benchmarks.Common;

namespace PortraitDb.Benchmarks.Compare;

/// <summary>The statements that change data (<see cref="ChangeWorkload"/>): timed one run at a time, each undone untimed.</summary>
internal static partial class CompareReport
{
    // Each run rewrites a whole column of every profile: fewer runs than the read-only queries get.
    private const int MaxChangeIterations = 5;

    /// <summary>
    /// Runs <paramref name="change"/> on every engine: the first run is checked (its answers compared after it, before
    /// the undo), then one untimed warm-up, then timed runs alternating the engines; the undo after every run is not timed.
    /// </summary>
    private static ReportRow RunChange(ChangeStatement change, List<IQueryEngine> engines, CompareOptions options)
    {
        var measurements = engines.ToDictionary(engine => engine.Name, _ => new Measurement());
        var answers = new Dictionary<string, ResultRows>();
        var problems = new List<string>();
        var active = new List<IQueryEngine>();
        foreach (var engine in engines)
        {
            if (!TryRun(engine, change.Sql(engine.Kind), out _, out string? error))
            {
                Fail(measurements[engine.Name], problems, engine.Name, error);
                TryRun(engine, change.Undo(engine.Kind), out _, out _);
                continue;
            }
            if (TryRun(engine, change.Check(engine.Kind), out var answer, out error))
                answers[engine.Name] = answer;
            else
                problems.Add($"{engine.Name} check query error: {error}");
            if (TryRun(engine, change.Undo(engine.Kind), out _, out error))
                active.Add(engine);
            else
                Fail(measurements[engine.Name], problems, engine.Name, $"undo failed: {error}");
        }
        if (options.Show)
        {
            foreach (var (engine, answer) in answers)
                Measuring.Log($"{change.Name} on {engine}: {answer.Describe()}\n{answer.Preview(8)}");
        }
        // One more untimed run each (the first was the checked one).
        foreach (var engine in active.ToList())
        {
            if (!RunAndUndo(engine, change, out _, out string? error))
                Drop(engine, active, answers, measurements[engine.Name], problems, error);
        }
        int iterations = Math.Min(options.Iterations, MaxChangeIterations);
        var timed = Stopwatch.StartNew();
        for (int iteration = 0; iteration < iterations; iteration++)
        {
            if (iteration >= MinIterations && timed.Elapsed.TotalSeconds > options.BudgetSeconds)
            {
                Measuring.Log($"{change.Name}: stopped after {iteration} timed runs per engine ({options.BudgetSeconds} s budget)");
                break;
            }
            foreach (var engine in active.ToList())
            {
                if (RunAndUndo(engine, change, out double milliseconds, out string? error))
                    measurements[engine.Name].Values.Add(milliseconds);
                else
                    Drop(engine, active, answers, measurements[engine.Name], problems, error);
            }
        }
        var (check, agree) = Verdict(engines, answers, problems);
        Measuring.Log($"{change.Name}: {string.Join(", ", engines.Select(engine => $"{engine.Name} {CompareOutput.Cell(measurements[engine.Name])}"))} ms; {check}");
        var described = new WorkloadQuery(change.Name, change.What, change.PortraitSql, change.DuckSql);
        return new ReportRow(change.Name, "ms", measurements, check, agree, described);
    }

    /// <summary>Runs the statement (timed) and its undo (not timed).</summary>
    private static bool RunAndUndo(IQueryEngine engine, ChangeStatement change, out double milliseconds, out string? error)
    {
        long start = Stopwatch.GetTimestamp();
        bool ran = TryRun(engine, change.Sql(engine.Kind), out _, out error);
        milliseconds = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        bool undone = TryRun(engine, change.Undo(engine.Kind), out _, out string? undoError);
        if (ran && !undone)
            error = $"undo failed: {undoError}";
        return ran && undone;
    }
}
