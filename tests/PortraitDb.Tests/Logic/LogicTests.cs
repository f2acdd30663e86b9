namespace PortraitDb.Tests.Logic;

/// <summary>Runs every SQL logic file: the shared conformance files (results computed by DuckDB) and the project's own.</summary>
public sealed class LogicTests
{
    public static TheoryData<string> ConformanceFiles() => Files(SharedData.Folder is { } shared ? Path.Combine(shared, "conformance") : null);

    public static TheoryData<string> ProjectFiles() => Files(Path.Combine(RepositoryRoot(), "tests", "logic"));

    [SkippableTheory]
    [MemberData(nameof(ConformanceFiles))]
    public void ConformanceFilePasses(string file)
    {
        Skip.If(file.Length == 0, "The shared conformance folder (../shared/conformance beside the repository) is absent.");
        LogicTestRunner.Run(file, Path.Combine(SharedData.Folder!, "data"));
    }

    [SkippableTheory]
    [MemberData(nameof(ProjectFiles))]
    public void ProjectFilePasses(string file)
    {
        Assert.True(file.Length > 0, "tests/logic holds no .test files");
        LogicTestRunner.Run(file, SharedData.Folder is { } shared ? Path.Combine(shared, "data") : null);
    }

    private static TheoryData<string> Files(string? folder)
    {
        var data = new TheoryData<string>();
        if (folder is null || !Directory.Exists(folder))
        {
            data.Add("");
            return data;
        }
        foreach (string file in Directory.GetFiles(folder, "*.test").Order(StringComparer.Ordinal))
            data.Add(file);
        return data;
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "PortraitDb.sln")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("PortraitDb.sln not found above the test binaries.");
    }
}
