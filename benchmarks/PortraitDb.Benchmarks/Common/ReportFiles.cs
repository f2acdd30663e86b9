using System.Text.Encodings.Web;
using System.Text.Json;

namespace PortraitDb.Benchmarks.Common;

/// <summary>Where reports go (benchmarks/results in the repository) and how they are written: Markdown beside JSON.</summary>
internal static class ReportFiles
{
    // Relaxed escaping keeps city names and quotes readable in the files; nothing here is embedded in HTML.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes <paramref name="markdown"/> to <c>NAME.md</c> and <paramref name="json"/> serialised to <c>NAME.json</c>; returns the path without extension.</summary>
    public static string Write(string name, string markdown, object json)
    {
        string folder = ResultsFolder();
        Directory.CreateDirectory(folder);
        string stem = Path.Combine(folder, name);
        File.WriteAllText(stem + ".md", markdown);
        File.WriteAllText(stem + ".json", JsonSerializer.Serialize(json, Indented) + "\n");
        Measuring.Log($"wrote {stem}.md and {stem}.json");
        return stem;
    }

    /// <summary>benchmarks/results of the repository holding the running binary, or ./results outside one.</summary>
    public static string ResultsFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "PortraitDb.sln")))
                return Path.Combine(folder.FullName, "benchmarks", "results");
        }
        return Path.Combine(Environment.CurrentDirectory, "results");
    }

    /// <summary>Now, in UTC, as ISO 8601 to the second.</summary>
    public static string UtcNow() => DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
