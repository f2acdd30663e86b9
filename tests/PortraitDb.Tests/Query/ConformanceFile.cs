namespace PortraitDb.Tests.Query;

/// <summary>What a conformance record asks for.</summary>
public enum ConformanceRecordKind
{
    /// <summary><c>statement ok</c>: the statement must succeed.</summary>
    StatementOk,

    /// <summary><c>statement error</c>: the statement must fail with a message containing <see cref="ConformanceRecord.Expected"/>.</summary>
    StatementError,

    /// <summary><c>query TYPES</c>: the statement must return the expected rows.</summary>
    Query,
}

/// <summary>One record of a sqllogictest-style file (see ../shared/conformance/README.md).</summary>
/// <param name="Kind">What the record asks for.</param>
/// <param name="Types">The column types of a query (<c>I</c>, <c>R</c>, <c>T</c>), empty otherwise.</param>
/// <param name="Sql">The statement, with <c>${DATA}</c> already replaced.</param>
/// <param name="Expected">The lines after <c>----</c>: rows of a query, or the error text.</param>
/// <param name="Line">1-based line of the record's header in its file.</param>
public sealed record ConformanceRecord(ConformanceRecordKind Kind, string Types, string Sql, IReadOnlyList<string> Expected, int Line);

/// <summary>Reads conformance files: records separated by blank lines, '#' comment lines outside records.</summary>
public static class ConformanceFile
{
    /// <summary>The conformance folder (../shared/conformance), or null when absent.</summary>
    public static string? Folder => SharedData.Folder is { } shared && Directory.Exists(Path.Combine(shared, "conformance"))
        ? Path.Combine(shared, "conformance")
        : null;

    /// <summary>The records of the file at <paramref name="path"/>, with <c>${DATA}</c> replaced by <paramref name="dataFolder"/>.</summary>
    public static List<ConformanceRecord> Read(string path, string dataFolder)
    {
        string[] lines = File.ReadAllLines(path);
        var records = new List<ConformanceRecord>();
        int index = 0;
        while (index < lines.Length)
        {
            string header = lines[index].Trim();
            if (header.Length == 0 || header.StartsWith('#'))
            {
                index++;
                continue;
            }
            int headerLine = index + 1;
            var (kind, types) = header switch
            {
                "statement ok" => (ConformanceRecordKind.StatementOk, ""),
                "statement error" => (ConformanceRecordKind.StatementError, ""),
                _ when header.StartsWith("query ", StringComparison.Ordinal) => (ConformanceRecordKind.Query, header[6..].Trim()),
                _ => throw new InvalidDataException($"{path}:{headerLine}: unknown record '{header}'"),
            };
            index++;
            var sql = new List<string>();
            while (index < lines.Length && lines[index].Trim().Length > 0 && lines[index] != "----")
                sql.Add(lines[index++]);
            var expected = new List<string>();
            if (index < lines.Length && lines[index] == "----")
            {
                index++;
                while (index < lines.Length && lines[index].Length > 0)
                    expected.Add(lines[index++]);
            }
            string text = string.Join('\n', sql).Replace("${DATA}", dataFolder, StringComparison.Ordinal);
            records.Add(new ConformanceRecord(kind, types, text, expected, headerLine));
        }
        return records;
    }
}
