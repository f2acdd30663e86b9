using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace PortraitDb.Benchmarks.Common;

/// <summary>The machine a report ran on: cores, CPU, SIMD width, .NET and DuckDB versions, memory.</summary>
internal static class MachineFacts
{
    /// <summary>The facts, by name, in the order reports print them.</summary>
    public static Dictionary<string, string> Collect()
    {
        string cpu = "unknown";
        try
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        string simd = Vector512.IsHardwareAccelerated ? "512-bit (Vector512)" : Vector256.IsHardwareAccelerated ? "256-bit (Vector256)" : Vector128.IsHardwareAccelerated ? "128-bit" : "none";
        return new Dictionary<string, string>
        {
            ["cores"] = Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture),
            ["cpu"] = cpu,
            ["os"] = RuntimeInformation.OSDescription,
            [".NET"] = RuntimeInformation.FrameworkDescription,
            ["SIMD"] = $"{simd}; Vector<byte> = {Vector<byte>.Count * 8} bits",
            ["DuckDB"] = DuckProfiles.Version(),
            ["memory"] = $"{GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1 << 20):N0} MiB available to the GC",
            ["load average"] = LoadAverage(),
        };
    }

    /// <summary>The 1-, 5- and 15-minute load averages when the report was written: above the core count, other work competed for the CPU.</summary>
    private static string LoadAverage()
    {
        try
        {
            string[] fields = File.ReadAllText("/proc/loadavg").Split(' ');
            return fields.Length >= 3 ? $"{fields[0]}, {fields[1]}, {fields[2]} (1, 5, 15 min)" : "unknown";
        }
        catch (IOException)
        {
            return "unknown";
        }
        catch (UnauthorizedAccessException)
        {
            return "unknown";
        }
    }

    /// <summary>The facts as a Markdown bullet list.</summary>
    public static string ToMarkdown(IReadOnlyDictionary<string, string> facts) =>
        string.Concat(facts.Select(fact => $"- {fact.Key}: {fact.Value}\n"));
}
