using PortraitDb.Bitmaps;

namespace PortraitDb.Tests.Bitmaps;

/// <summary>Hostile bytes: the readers throw <see cref="RoaringFormatException"/> or succeed, never anything else.</summary>
public sealed class RoaringFuzzTests
{
    private static RoaringBitmap MixedBitmap(Random random)
    {
        var bitmap = new RoaringBitmap();
        bitmap.AddRange(0, 70_000);
        for (int index = 0; index < 3000; index++)
            bitmap.Add((uint)random.Next(131_072, 196_608));
        for (int index = 0; index < 9000; index++)
            bitmap.Add((uint)random.Next(262_144, 327_680));
        bitmap.Add(uint.MaxValue);
        bitmap.RunOptimize();
        return bitmap;
    }

    private static void ReadBoth(byte[] bytes)
    {
        foreach (var read in new Func<RoaringBitmap>[] { () => RoaringBitmap.Deserialize(bytes), () => RoaringBitmap.Deserialize(new MemoryStream(bytes)) })
        {
            try
            {
                var bitmap = read();
                // Whatever was accepted must be a valid bitmap that survives a round trip.
                Assert.Equal(bitmap, RoaringBitmap.Deserialize(bitmap.Serialize()));
                Assert.Equal(bitmap.Cardinality, bitmap.ToArray().Length);
            }
            catch (RoaringFormatException)
            {
            }
        }
    }

    [Fact]
    public void Flipped_bytes_give_the_format_error_or_a_valid_bitmap()
    {
        var random = new Random(12345);
        byte[][] originals = [MixedBitmap(random).Serialize(), RoaringBitmap.FromSorted([1, 2, 3, 70_000, 1_000_000]).Serialize()];
        foreach (byte[] original in originals)
        {
            for (int trial = 0; trial < 1500; trial++)
            {
                byte[] bytes = (byte[])original.Clone();
                int flips = 1 + random.Next(4);
                // Most flips land in the header, where they matter most.
                for (int flip = 0; flip < flips; flip++)
                {
                    int position = random.Next(2) == 0 ? random.Next(Math.Min(bytes.Length, 128)) : random.Next(bytes.Length);
                    bytes[position] ^= (byte)(1 << random.Next(8));
                }
                ReadBoth(bytes);
            }
        }
    }

    [Fact]
    public void Every_truncation_gives_the_format_error()
    {
        byte[] original = MixedBitmap(new Random(7)).Serialize();
        for (int length = 0; length < original.Length; length += length < 256 ? 1 : 97)
        {
            byte[] truncated = original[..length];
            Assert.Throws<RoaringFormatException>(() => RoaringBitmap.Deserialize(truncated));
            Assert.Throws<RoaringFormatException>(() => RoaringBitmap.Deserialize(new MemoryStream(truncated)));
        }
    }

    [Fact]
    public void Random_bytes_give_the_format_error_or_a_valid_bitmap()
    {
        var random = new Random(99);
        foreach (uint cookie in new uint[] { 12346, 12347, 0x1234_303B, 0xFFFF_303B, 0 })
        {
            for (int trial = 0; trial < 500; trial++)
            {
                byte[] bytes = new byte[random.Next(4, 300)];
                random.NextBytes(bytes);
                BitConverter.TryWriteBytes(bytes, cookie);
                ReadBoth(bytes);
            }
        }
    }

    [Fact]
    public void A_bogus_container_count_does_not_drive_a_large_allocation()
    {
        // Cookie 12347 declaring 65536 containers, then nothing but a few bytes.
        byte[] bytes = [0x3B, 0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00];
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<RoaringFormatException>(() => RoaringBitmap.Deserialize(new MemoryStream(bytes)));
        Assert.Throws<RoaringFormatException>(() => RoaringBitmap.Deserialize(bytes));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 2_000_000, $"allocated {allocated} bytes for an 8-byte input");

        byte[] huge64 = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0, 0, 0, 0];
        Assert.Throws<RoaringFormatException>(() => Roaring64Bitmap.Deserialize(huge64));
        Assert.Throws<RoaringFormatException>(() => Roaring64Bitmap.Deserialize(new MemoryStream(huge64)));
    }

    [Theory]
    [InlineData(new byte[] { 0x3A, 0x30, 0, 0, 0x01, 0x00, 0x01, 0x00 }, "count")]
    [InlineData(new byte[] { 0x3A, 0x30, 0, 0, 2, 0, 0, 0, 5, 0, 0, 0, 5, 0, 0, 0, 24, 0, 0, 0, 26, 0, 0, 0, 1, 0, 1, 0 }, "strictly increase")]
    [InlineData(new byte[] { 0x3A, 0x30, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 16, 0, 0, 0, 5, 0, 5, 0 }, "strictly increase")]
    [InlineData(new byte[] { 0x3B, 0x30, 0, 0, 1, 0, 0, 0, 0, 0, 0 }, "no runs")]
    [InlineData(new byte[] { 0x3B, 0x30, 0, 0, 1, 0, 0, 0, 0, 2, 0, 2, 0, 2, 0, 4, 0, 0, 0 }, "overlaps or touches")]
    [InlineData(new byte[] { 0x3B, 0x30, 0, 0, 1, 0, 0, 0, 0, 2, 0, 2, 0, 2, 0, 5, 0, 0, 0 }, "overlaps or touches")]
    [InlineData(new byte[] { 0x3B, 0x30, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0xFF, 0xFF, 0x01, 0x00 }, "ends past 65535")]
    [InlineData(new byte[] { 0x00, 0x00, 0, 0 }, "unknown cookie")]
    public void Malformed_headers_name_the_problem(byte[] bytes, string expected)
    {
        var error = Assert.Throws<RoaringFormatException>(() => RoaringBitmap.Deserialize(bytes));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bitset_whose_cardinality_disagrees_with_its_header_is_rejected()
    {
        var bitmap = RoaringBitmap.FromRange(0, 5000);
        bitmap.RunOptimize();
        var dense = new RoaringBitmap();
        for (uint value = 0; value < 20_000; value += 2)
            dense.Add(value);
        byte[] bytes = dense.Serialize();
        // The descriptive header's cardinality − 1 sits at bytes 10..11.
        bytes[10] ^= 1;
        var error = Assert.Throws<RoaringFormatException>(() => RoaringBitmap.Deserialize(bytes));
        Assert.Contains("declares", error.Message, StringComparison.Ordinal);
    }
}
