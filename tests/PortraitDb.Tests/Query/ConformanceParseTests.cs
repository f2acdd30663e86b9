using PortraitDb.Query;
using PortraitDb.Query.Syntax;

namespace PortraitDb.Tests.Query;

/// <summary>Every statement of the conformance files parses, except the one that must fail with a syntax error.</summary>
public sealed class ConformanceParseTests
{
    private static void ParseFile(string name)
    {
        string? folder = ConformanceFile.Folder;
        Skip.If(folder is null, "The shared conformance folder (../shared/conformance beside the repository) is absent; this test needs it.");
        string path = Path.Combine(folder!, name);
        Skip.IfNot(File.Exists(path), $"{path} is absent; this test needs it.");
        var records = ConformanceFile.Read(path, "/shared/data");
        Assert.NotEmpty(records);
        foreach (var record in records)
        {
            bool syntaxError = record.Kind == ConformanceRecordKind.StatementError
                && record.Expected.Any(line => line.Contains("Syntax Error", StringComparison.OrdinalIgnoreCase));
            if (syntaxError)
            {
                var error = Assert.Throws<QueryException>(() => Parser.ParseScript(record.Sql));
                Assert.Equal(PortraitDbErrorKind.Syntax, error.Kind);
                foreach (string line in record.Expected)
                    Assert.Contains(line, error.Message, StringComparison.OrdinalIgnoreCase);
                continue;
            }
            IReadOnlyList<StatementSyntax> statements;
            try
            {
                statements = Parser.ParseScript(record.Sql);
            }
            catch (QueryException error)
            {
                Assert.Fail($"{name}:{record.Line}: {error.Message}");
                throw;
            }
            var statement = Assert.Single(statements);
            Assert.True(statement.IsEquivalentTo(Parser.ParseStatement(statement.ToString())), $"{name}:{record.Line}: '{statement}' does not parse back");
            if (record.Kind == ConformanceRecordKind.Query)
                Assert.IsType<SelectSyntax>(statement);
        }
    }

    [SkippableFact]
    public void Adult_statements_parse() => ParseFile("adult.test");

    [SkippableFact]
    public void Bank_statements_parse() => ParseFile("bank.test");

    [SkippableFact]
    public void Movielens_statements_parse() => ParseFile("movielens.test");

    [SkippableFact]
    public void Every_conformance_file_is_read()
    {
        string? folder = ConformanceFile.Folder;
        Skip.If(folder is null, "The shared conformance folder is absent.");
        foreach (string path in Directory.GetFiles(folder!, "*.test"))
        {
            foreach (var record in ConformanceFile.Read(path, "/shared/data"))
            {
                if (record.Kind != ConformanceRecordKind.StatementError)
                    Assert.Single(Parser.ParseScript(record.Sql));
            }
        }
    }
}
