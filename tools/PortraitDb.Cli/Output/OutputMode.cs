namespace PortraitDb.Cli.Output;

/// <summary>How results are printed.</summary>
internal enum OutputMode
{
    /// <summary>Aligned tables; numbers right-aligned with thousands separators.</summary>
    Table,

    /// <summary>A header line, then one line per row, RFC 4180 quoting.</summary>
    Csv,

    /// <summary>An array of objects, one row per line.</summary>
    Json,

    /// <summary>A horizontal bar chart of a breakdown (a label column and a number column); a table otherwise.</summary>
    Chart,
}

/// <summary>Parsing and naming output modes.</summary>
internal static class OutputModes
{
    /// <summary>The mode called <paramref name="name"/> (any case).</summary>
    public static bool TryParse(string name, out OutputMode mode) => Enum.TryParse(name, ignoreCase: true, out mode) && Enum.IsDefined(mode) && !int.TryParse(name, out _);

    /// <summary>The mode's name as typed.</summary>
    public static string Name(OutputMode mode) => mode.ToString().ToLowerInvariant();
}
