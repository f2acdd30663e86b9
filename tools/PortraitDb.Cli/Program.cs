using System.Diagnostics;
using PortraitDb.Bitmaps;

namespace PortraitDb.Cli;

/// <summary>
/// The <c>portraitdb</c> command. Until the store and query engine land, <c>demo</c> shows the tag-index layer
/// on its own: seeded synthetic profiles indexed by roaring bitmaps, one per tag value, and an audience answered
/// as a many-way AND.
/// </summary>
internal static class Program
{
    private static readonly string[] Cities = ["北京", "上海", "广州", "深圳", "杭州", "成都", "武汉", "西安", "南京", "重庆"];
    private static readonly string[] Phones = ["iPhone", "Huawei", "Xiaomi", "OPPO", "vivo", "Honor", "Samsung", "other"];

    public static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] != "demo")
        {
            Console.Error.WriteLine("usage: portraitdb demo [--rows N]");
            return 1;
        }
        int rows = 1_000_000;
        if (args.Length == 3 && args[1] == "--rows" && (!int.TryParse(args[2], out rows) || rows <= 0))
        {
            Console.Error.WriteLine($"--rows takes a positive integer, not '{args[2]}'.");
            return 1;
        }
        RunDemo(rows);
        return 0;
    }

    private static void RunDemo(int rows)
    {
        Console.WriteLine($"Generating {rows:N0} synthetic profiles and their tag bitmaps...");
        var clock = Stopwatch.StartNew();
        var random = new Random(20261122);
        var female = new List<uint>();
        var single = new List<uint>();
        var cities = Cities.Select(_ => new List<uint>()).ToArray();
        var phones = Phones.Select(_ => new List<uint>()).ToArray();
        for (uint row = 0; row < rows; row++)
        {
            if (random.Next(100) < 52)
                female.Add(row);
            if (random.Next(100) < 35)
                single.Add(row);
            // Zipf-like city sizes: the first cities are the largest.
            cities[(int)(Cities.Length * Math.Pow(random.NextDouble(), 2.2))].Add(row);
            phones[(int)(Phones.Length * Math.Pow(random.NextDouble(), 1.6))].Add(row);
        }
        var femaleIndex = RoaringBitmap.FromSorted(female.ToArray());
        var singleIndex = RoaringBitmap.FromSorted(single.ToArray());
        var cityIndex = cities.Select(ids => RoaringBitmap.FromSorted(ids.ToArray())).ToArray();
        var phoneIndex = phones.Select(ids => RoaringBitmap.FromSorted(ids.ToArray())).ToArray();
        Console.WriteLine($"  built {2 + cityIndex.Length + phoneIndex.Length} tag bitmaps in {clock.ElapsedMilliseconds} ms");

        Console.WriteLine();
        Console.WriteLine("Audience: female AND single AND iPhone AND 北京");
        RoaringBitmap[] conjuncts = [femaleIndex, singleIndex, phoneIndex[0], cityIndex[0]];
        long count = RoaringBitmap.AndManyCardinality(conjuncts);
        var timing = Stopwatch.StartNew();
        const int Repetitions = 100;
        for (int repetition = 0; repetition < Repetitions; repetition++)
            count = RoaringBitmap.AndManyCardinality(conjuncts);
        Console.WriteLine($"  {count:N0} profiles ({100.0 * count / rows:F2}%), counted in {timing.Elapsed.TotalMicroseconds / Repetitions:F1} µs");
        var audience = RoaringBitmap.AndMany(conjuncts);
        Span<uint> firstIds = stackalloc uint[10];
        int shown = audience.GetBatchIterator().Fill(firstIds);
        Console.WriteLine($"  first ids: {string.Join(", ", firstIds[..shown].ToArray())}");

        Console.WriteLine();
        Console.WriteLine("Female singles by phone brand, against everyone (TGI = 100 × audience share / base share):");
        var femaleSingles = RoaringBitmap.And(femaleIndex, singleIndex);
        long audienceSize = femaleSingles.Cardinality;
        Console.WriteLine($"  {"phone",-8} {"audience",10} {"share",7} {"base share",10} {"TGI",6}");
        for (int phone = 0; phone < Phones.Length; phone++)
        {
            long inAudience = RoaringBitmap.AndCardinality(femaleSingles, phoneIndex[phone]);
            double share = (double)inAudience / audienceSize;
            double baseShare = (double)phoneIndex[phone].Cardinality / rows;
            Console.WriteLine($"  {Phones[phone],-8} {inAudience,10:N0} {share,7:P1} {baseShare,10:P1} {100 * share / baseShare,6:F0}");
        }
        long bytes = femaleIndex.SizeInBytes + singleIndex.SizeInBytes + cityIndex.Sum(b => b.SizeInBytes) + phoneIndex.Sum(b => b.SizeInBytes);
        Console.WriteLine();
        Console.WriteLine($"Tag indexes: {bytes / 1024.0 / 1024.0:F1} MiB in memory ({(double)bytes / rows:F1} bytes per profile).");
    }
}
