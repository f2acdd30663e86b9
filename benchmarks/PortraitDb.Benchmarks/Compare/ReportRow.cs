namespace PortraitDb.Benchmarks.Compare;

/// <summary>One row of the comparison table.</summary>
/// <param name="Name">The query's or measure's name.</param>
/// <param name="Unit">The unit of the values: "ms", "s" or "B".</param>
/// <param name="Engines">Each engine's measurement, by engine name.</param>
/// <param name="Check">Whether the engines gave the same answer, or what went wrong.</param>
/// <param name="Agree">True when PortraitDb answered and every DuckDB table gave the same answer.</param>
/// <param name="Query">The workload entry behind a query row; null for load, import and memory rows.</param>
internal sealed record ReportRow(string Name, string Unit, IReadOnlyDictionary<string, Measurement> Engines, string Check, bool Agree, WorkloadQuery? Query = null);
