using System.IO.Compression;
using PortraitDb.Bitmaps;

namespace PortraitDb.Tests.Bitmaps;

/// <summary>The reference files written by Java, CRoaring and C++ (shared/data/roaring; expectations from its README).</summary>
public sealed class RoaringInteropTests
{
    private static IEnumerable<uint> StandardSet()
    {
        for (uint k = 0; k < 100_000; k += 1000)
            yield return k;
        for (uint k = 100_000; k < 200_000; k++)
            yield return 3 * k;
        for (uint k = 700_000; k < 800_000; k++)
            yield return k;
    }

    [SkippableTheory]
    [InlineData("bitmapwithoutruns.bin", false)]
    [InlineData("bitmapwithruns.bin", true)]
    public void Standard_files_read_as_the_spec_says_and_write_back_identically(string file, bool hasRuns)
    {
        byte[] bytes = File.ReadAllBytes(SharedData.RequireData(Path.Combine("roaring", file)));

        var bitmap = RoaringBitmap.Deserialize(bytes);

        Assert.Equal(200_100, bitmap.Cardinality);
        Assert.Equal(StandardSet(), bitmap);
        Assert.Equal(bytes, bitmap.Serialize());
        Assert.Equal(bytes.Length, bitmap.SerializedSizeInBytes);
        Assert.Equal(hasRuns, bytes[0] == 0x3B);
        using var stream = new MemoryStream();
        bitmap.Serialize(stream);
        Assert.Equal(bytes, stream.ToArray());
        stream.Position = 0;
        Assert.Equal(bitmap, RoaringBitmap.Deserialize(stream));
        Assert.Equal(bytes.Length, stream.Position);
    }

    [SkippableFact]
    public void Building_the_standard_set_and_run_optimizing_reproduces_the_java_file()
    {
        byte[] withRuns = File.ReadAllBytes(SharedData.RequireData("roaring/bitmapwithruns.bin"));
        byte[] withoutRuns = File.ReadAllBytes(SharedData.RequireData("roaring/bitmapwithoutruns.bin"));
        var bitmap = RoaringBitmap.FromSorted(StandardSet().ToArray());

        Assert.Equal(withoutRuns, bitmap.Serialize());
        Assert.True(bitmap.RunOptimize());
        Assert.Equal(withRuns, bitmap.Serialize());
    }

    [SkippableFact]
    public void Addoffset_input_reads_with_its_cardinality_and_writes_back_identically()
    {
        byte[] bytes = File.ReadAllBytes(SharedData.RequireData("roaring/croaring-testdata/addoffsetinput.bin"));

        var bitmap = RoaringBitmap.Deserialize(bytes);

        Assert.Equal(933_468, bitmap.Cardinality);
        Assert.Equal(bytes, bitmap.Serialize());
    }

    [SkippableTheory]
    [InlineData("crashproneinput1.bin")]
    [InlineData("crashproneinput2.bin")]
    [InlineData("crashproneinput3.bin")]
    [InlineData("crashproneinput4.bin")]
    [InlineData("crashproneinput5.bin")]
    [InlineData("crashproneinput6.bin")]
    [InlineData("crashproneinput7.bin")]
    public void Crash_prone_inputs_are_rejected_with_the_format_error(string file)
    {
        byte[] bytes = File.ReadAllBytes(SharedData.RequireData(Path.Combine("roaring/croaring-testdata", file)));

        Assert.Throws<RoaringFormatException>(() => RoaringBitmap.Deserialize(bytes));
        Assert.Throws<RoaringFormatException>(() => RoaringBitmap.Deserialize(new MemoryStream(bytes)));
    }

    [SkippableFact]
    public void Portable_bitmap64_holds_two_identical_buckets()
    {
        byte[] bytes = File.ReadAllBytes(SharedData.RequireData("roaring/portable_bitmap64.bin"));

        var bitmap = Roaring64Bitmap.Deserialize(bytes);

        var expectedLow = new List<ulong>();
        for (ulong v = 0; v <= 0x9000; v++)
            expectedLow.Add(v);
        for (ulong v = 0xA000; v <= 0x10000; v++)
            expectedLow.Add(v);
        expectedLow.Add(0x20000);
        expectedLow.Add(0x20005);
        for (ulong j = 0; j < 0x10000; j += 2)
            expectedLow.Add(0x80000 + j);
        var expected = expectedLow.Concat(expectedLow.Select(v => (1UL << 32) + v)).ToArray();
        Assert.Equal(188_424, bitmap.Cardinality);
        Assert.Equal(expected, bitmap.ToArray());
        Assert.Equal(bytes, bitmap.Serialize());
        Assert.Equal(bitmap, Roaring64Bitmap.Deserialize(new MemoryStream(bytes)));
    }

    [SkippableFact]
    public void Bitmap64_from_the_cpp_writer_reads_and_writes_back()
    {
        byte[] bytes = File.ReadAllBytes(SharedData.RequireData("roaring/bitmap64.bin"));

        var bitmap = Roaring64Bitmap.Deserialize(bytes);

        Assert.Equal(1_032_769, bitmap.Cardinality);
        for (ulong v = 0; v < 65536; v++)
            Assert.Equal(v % 2 == 0, bitmap.Contains(v));
        Assert.True(bitmap.Contains(1UL << 32));
        Assert.True(bitmap.Contains((1UL << 32) + 999_999));
        Assert.False(bitmap.Contains((1UL << 32) + 1_000_000));
        Assert.True(bitmap.Contains(1UL << 48));
        Assert.Equal(1UL << 48, bitmap.Max);
        Assert.Equal(bytes, bitmap.Serialize());
    }

    public static TheoryData<string, ulong[]> Accepted64Files() => new()
    {
        { "64mapempty.bin", [] },
        { "64map32bitvals.bin", [.. Enumerable.Range(0, 10).Select(v => (ulong)v)] },
        { "64mapspreadvals.bin", [.. from h in Enumerable.Range(0, 10) from l in Enumerable.Range(0, 10) select ((ulong)h << 32) + (ulong)l] },
        {
            "64maphighvals.bin",
            [.. from h in Enumerable.Range(0, 11) from l in Enumerable.Range(0, 11)
                select ((ulong)(uint.MaxValue - 10 + (uint)h) << 32) + (uint.MaxValue - 10 + (uint)l)]
        },
    };

    [SkippableTheory]
    [MemberData(nameof(Accepted64Files))]
    public void Accepted_64_bit_files_read_their_values_and_write_back_identically(string file, ulong[] expected)
    {
        byte[] bytes = File.ReadAllBytes(SharedData.RequireData(Path.Combine("roaring/croaring-testdata", file)));

        var bitmap = Roaring64Bitmap.Deserialize(bytes);

        Assert.Equal(expected, bitmap.ToArray());
        Assert.Equal(bytes, bitmap.Serialize());
    }

    [SkippableTheory]
    [InlineData("64mapemptyinput.bin")]
    [InlineData("64mapinvalidsize.bin")]
    [InlineData("64mapkeytoosmall.bin")]
    [InlineData("64mapsizetoosmall.bin")]
    public void Rejected_64_bit_files_give_the_format_error(string file)
    {
        byte[] bytes = File.ReadAllBytes(SharedData.RequireData(Path.Combine("roaring/croaring-testdata", file)));

        Assert.Throws<RoaringFormatException>(() => Roaring64Bitmap.Deserialize(bytes));
        Assert.Throws<RoaringFormatException>(() => Roaring64Bitmap.Deserialize(new MemoryStream(bytes)));
    }

    [SkippableTheory]
    [InlineData("census1881.zip", 1_003_861L, 2u, 4_277_805u, 23L, 2_007_691L, 988_653L, 2_004_480L, 1_891_964L, 1332, 0, 132)]
    [InlineData("wikileaks-noquotes.zip", 275_355L, 176u, 1_353_178u, 3_327L, 541_893L, 242_540L, 567_446L, 202_770L, 199, 0, 1693)]
    public void Real_datasets_give_the_documented_totals_and_unions(
        string zip, long totalCardinality, uint min, uint max, long successiveAnd, long successiveOr, long union,
        long plainBytes, long optimizedBytes, int arrays, int bitsets, int runs)
    {
        var bitmaps = LoadRealData(SharedData.RequireData(Path.Combine("roaring/realdata", zip)));

        Assert.Equal(200, bitmaps.Length);
        Assert.Equal(totalCardinality, bitmaps.Sum(b => b.Cardinality));
        Assert.Equal(min, bitmaps.Min(b => b.Min));
        Assert.Equal(max, bitmaps.Max(b => b.Max));
        Assert.Equal(plainBytes, bitmaps.Sum(b => (long)b.SerializedSizeInBytes));
        long successiveAndCardinality = 0;
        long successiveOrCardinality = 0;
        for (int index = 0; index + 1 < bitmaps.Length; index++)
        {
            successiveAndCardinality += RoaringBitmap.AndCardinality(bitmaps[index], bitmaps[index + 1]);
            successiveOrCardinality += RoaringBitmap.OrCardinality(bitmaps[index], bitmaps[index + 1]);
            Assert.Equal(RoaringBitmap.AndCardinality(bitmaps[index], bitmaps[index + 1]), (bitmaps[index] & bitmaps[index + 1]).Cardinality);
        }
        Assert.Equal(successiveAnd, successiveAndCardinality);
        Assert.Equal(successiveOr, successiveOrCardinality);

        var lazyUnion = RoaringBitmap.OrMany(bitmaps);
        var naiveUnion = new RoaringBitmap();
        foreach (var bitmap in bitmaps)
            naiveUnion.UnionWith(bitmap);
        Assert.Equal(union, lazyUnion.Cardinality);
        Assert.Equal(naiveUnion, lazyUnion);

        foreach (var bitmap in bitmaps)
            bitmap.RunOptimize();
        Assert.Equal(optimizedBytes, bitmaps.Sum(b => (long)b.SerializedSizeInBytes));
        var kinds = bitmaps.SelectMany(b => Enumerable.Range(0, b.ContainerCount).Select(b.ContainerAt)).GroupBy(c => c.GetType().Name).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(arrays, kinds.GetValueOrDefault("ArrayContainer"));
        Assert.Equal(bitsets, kinds.GetValueOrDefault("BitmapContainer"));
        Assert.Equal(runs, kinds.GetValueOrDefault("RunContainer"));
        Assert.Equal(union, RoaringBitmap.OrMany(bitmaps).Cardinality);
        foreach (var bitmap in bitmaps)
            Assert.Equal(bitmap, RoaringBitmap.Deserialize(bitmap.Serialize()));
    }

    internal static RoaringBitmap[] LoadRealData(string zipPath)
    {
        using var archive = ZipFile.OpenRead(zipPath);
        return [.. archive.Entries
            .Where(entry => entry.Name.EndsWith(".txt", StringComparison.Ordinal))
            .OrderBy(entry => entry.Name, StringComparer.Ordinal)
            .Select(entry =>
            {
                using var reader = new StreamReader(entry.Open());
                var values = reader.ReadToEnd().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(uint.Parse).ToArray();
                return RoaringBitmap.FromSorted(values);
            })];
    }
}
