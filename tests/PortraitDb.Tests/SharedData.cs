namespace PortraitDb.Tests;

/// <summary>
/// Locates <c>../shared</c> beside the repository (real datasets and conformance files). It is not part of the
/// project; tests that need it skip with a clear message where it is absent.
/// </summary>
internal static class SharedData
{
    private static readonly Lazy<string?> Root = new(FindRoot);

    /// <summary>The shared folder, or null when absent.</summary>
    public static string? Folder => Root.Value;

    /// <summary>A path under <c>shared/data</c>; skips the calling test when it does not exist.</summary>
    public static string RequireData(string relativePath)
    {
        string? folder = Folder;
        Skip.If(folder is null, "The shared data folder (../shared beside the repository) is absent; this test needs it.");
        string path = Path.Combine(folder!, "data", relativePath);
        Skip.IfNot(File.Exists(path) || Directory.Exists(path), $"Shared data file {path} is absent; this test needs it.");
        return path;
    }

    private static string? FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "PortraitDb.sln")))
            directory = directory.Parent;
        if (directory?.Parent is null)
            return null;
        string shared = Path.Combine(directory.Parent.FullName, "shared");
        return Directory.Exists(shared) ? shared : null;
    }
}
