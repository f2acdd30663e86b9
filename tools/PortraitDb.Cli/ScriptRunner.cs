namespace PortraitDb.Cli;

/// <summary>
/// Scripting: runs the <c>-c</c> statements and <c>-f</c> files in the order given, or standard input when
/// neither is given. Stops at the first error (message on standard error) and returns 1; 0 when all succeeded
/// (or the code of <c>.exit CODE</c>).
/// </summary>
internal static class ScriptRunner
{
    /// <summary>Where a script comes from.</summary>
    /// <param name="Text">Statement text (<c>-c</c>), or null to read <paramref name="Path"/>.</param>
    /// <param name="Path">A script file, or "-" for standard input.</param>
    internal sealed record Source(string? Text, string? Path);

    /// <summary>Runs the sources in order; returns the process exit code.</summary>
    public static int Run(Session session, IReadOnlyList<Source> sources, Func<TextReader> standardInput)
    {
        foreach (var source in sources)
        {
            string text;
            string? name;
            try
            {
                (text, name) = source switch
                {
                    { Text: { } statements } => (statements, null),
                    { Path: "-" } => (standardInput().ReadToEnd(), null),
                    { Path: { } path } => (Session.ReadFile(path), path),
                    _ => throw new ArgumentException("a source needs text or a path", nameof(sources)),
                };
            }
            catch (PortraitDbException error)
            {
                session.ReportError(error.Message);
                return 1;
            }
            if (!session.RunScript(text, name))
                return 1;
            if (session.ExitRequested)
                return session.ExitCode;
        }
        return 0;
    }
}
