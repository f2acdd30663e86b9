using System.Text;
using PortraitDb.Ingest;

namespace PortraitDb.Tests.Query;

/// <summary>IMPORT statements report their progress to <see cref="PortraitDatabase.ImportProgress"/>.</summary>
public sealed class ImportProgressTests
{
    private sealed class Recorder : IProgress<ImportProgress>
    {
        public List<ImportProgress> Reports { get; } = [];

        public void Report(ImportProgress value)
        {
            lock (Reports)
                Reports.Add(value);
        }
    }

    [Fact]
    public void AnImportStatementReportsRowsAndBytes()
    {
        const int Rows = 150_000;
        string path = Path.Combine(Path.GetTempPath(), $"portraitdb-progress-{Guid.NewGuid():N}.csv");
        var text = new StringBuilder("id,age\n");
        for (int row = 0; row < Rows; row++)
            text.Append("c").Append(row).Append(',').Append(row % 90).Append('\n');
        File.WriteAllText(path, text.ToString());
        try
        {
            using var db = PortraitDatabase.CreateInMemory();
            var recorder = new Recorder();
            db.ImportProgress = recorder;
            var result = db.Execute($"IMPORT '{path}' INTO people WITH (header = true, key = id)");
            Assert.Equal(Rows, result.AffectedRows);
            Assert.NotEmpty(recorder.Reports);
            Assert.All(recorder.Reports, report => Assert.InRange(report.Rows, 0, Rows));
            Assert.Contains(recorder.Reports, report => report.Rows > 0 && report.BytesRead > 0);
            Assert.All(recorder.Reports, report => Assert.Equal(new FileInfo(path).Length, report.TotalBytes));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
