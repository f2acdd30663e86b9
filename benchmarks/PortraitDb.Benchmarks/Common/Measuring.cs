using System.Diagnostics;

namespace PortraitDb.Benchmarks.Common;

/// <summary>Memory settling, medians and progress lines shared by the side-by-side reports.</summary>
internal static class Measuring
{
    /// <summary>The managed heap after two forced, compacting, blocking collections.</summary>
    public static long SettledHeap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>The process working set after <see cref="SettledHeap"/>.</summary>
    public static long SettledRss()
    {
        SettledHeap();
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    /// <summary>The median of <paramref name="values"/> (the mean of the middle two for an even count).</summary>
    public static double Median(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
            return double.NaN;
        var sorted = values.Order().ToArray();
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>Writes a time-stamped progress line to standard error, keeping standard output for the table.</summary>
    public static void Log(string message) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");
}
