using PortraitDb.Benchmarks.Common;

namespace PortraitDb.Benchmarks.Compare;

/// <summary>One engine's figures for one report row: the timed runs (or a single value), or why there are none.</summary>
internal sealed class Measurement
{
    /// <summary>The runs, in the row's unit (ms for queries, s for imports, bytes for memory).</summary>
    public List<double> Values { get; } = [];

    /// <summary>Why there are no values: the engine's error, or "n/a: ..." for a measure that does not exist yet.</summary>
    public string? Missing { get; set; }

    /// <summary>The engine's error message, when it failed.</summary>
    public string? Error { get; set; }

    /// <summary>True when the engine failed (as opposed to a measure that is not available).</summary>
    public bool Failed { get; set; }

    /// <summary>The median of <see cref="Values"/>, NaN when there are none.</summary>
    public double Median => Measuring.Median(Values);

    /// <summary>The smallest of <see cref="Values"/>, NaN when there are none.</summary>
    public double Min => Values.Count == 0 ? double.NaN : Values.Min();

    /// <summary>A measurement with one value.</summary>
    public static Measurement Of(double value)
    {
        var measurement = new Measurement();
        measurement.Values.Add(value);
        return measurement;
    }

    /// <summary>A measurement that could not be taken.</summary>
    public static Measurement NotAvailable(string reason, bool failed = false) => new() { Missing = reason, Failed = failed };
}
