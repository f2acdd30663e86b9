using PortraitDb.Ingest;
using PortraitDb.Storage;

namespace PortraitDb.Tests.Ingest;

public sealed class TagsLimitImportTests
{
    [Fact]
    public void A_tags_cell_with_too_many_tags_is_reported_at_its_own_column()
    {
        string path = Path.Combine(Path.GetTempPath(), $"portraitdb-{Guid.NewGuid():N}.csv");
        string tooMany = string.Join('|', Enumerable.Range(0, 300).Select(index => $"t{index}"));
        File.WriteAllText(path, $"id,interests\nA,x|y\nB,{tooMany}\n");
        try
        {
            using var database = PortraitDatabase.CreateInMemory();
            var options = new ImportOptions { Key = "id", ColumnTypes = new Dictionary<string, ColumnType> { ["interests"] = ColumnType.Tags } };

            var error = Assert.Throws<ImportException>(() => CsvImporter.Import(database, path, "t", options));

            Assert.Equal(3, error.Line);
            Assert.Equal("interests", error.ColumnName);
            Assert.Contains("at most 255 tags", error.Message, StringComparison.Ordinal);
            Assert.Equal(3, error.Column);
            Assert.False(database.TryGetTable("t", out _));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
