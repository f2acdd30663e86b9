using System.Diagnostics;
using PortraitDb.Bitmaps;
using PortraitDb.DataGen;

namespace PortraitDb.Cli;

/// <summary>
/// The <c>portraitdb</c> command. Until the query engine lands, <c>demo</c> loads seeded synthetic profiles into
/// an in-memory table and answers audience questions straight from the table's bitmap indexes.
/// </summary>
internal static class Program
{
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
        try
        {
            RunDemo(rows);
            return 0;
        }
        catch (PortraitDbException error)
        {
            Console.Error.WriteLine($"error: {error.Message}");
            return 1;
        }
    }

    private static void RunDemo(int rows)
    {
        using var database = PortraitDatabase.CreateInMemory();
        Console.Write($"Loading {rows:N0} synthetic profiles... ");
        var clock = Stopwatch.StartNew();
        var table = ProfileTableLoader.CreateAndFill(database, "profiles", rows, seed: 20261122);
        var snapshot = table.GetSnapshot();
        Console.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s ({rows / clock.Elapsed.TotalSeconds:N0} rows/s), {(double)snapshot.SizeInBytes / rows:F0} bytes per profile");
        Console.WriteLine($"Table {table}");

        Console.WriteLine();
        Console.WriteLine("Audience: gender = 'female' AND single AND phone_brand = 'iPhone' AND city = '北京'");
        RoaringBitmap[] conjuncts =
        [
            snapshot.GetRowsWithValue("gender", "female"),
            snapshot.GetRowsWithValue("single", true),
            snapshot.GetRowsWithValue("phone_brand", "iPhone"),
            snapshot.GetRowsWithValue("city", "北京"),
        ];
        long count = RoaringBitmap.AndManyCardinality(conjuncts);
        var timing = Stopwatch.StartNew();
        const int Repetitions = 200;
        for (int repetition = 0; repetition < Repetitions; repetition++)
            count = RoaringBitmap.AndManyCardinality(conjuncts);
        Console.WriteLine($"  {count:N0} profiles ({100.0 * count / rows:F2}%), counted in {timing.Elapsed.TotalMicroseconds / Repetitions:F1} µs");
        var audience = RoaringBitmap.AndMany(conjuncts);
        Span<uint> firstRows = stackalloc uint[5];
        int shown = audience.GetBatchIterator().Fill(firstRows);
        foreach (uint row in firstRows[..shown])
            Console.WriteLine($"  {snapshot.GetValue(row, "customer_id")}  age {snapshot.GetValue(row, "age")}, {snapshot.GetValue(row, "occupation") ?? "—"}, spent {snapshot.GetValue(row, "total_spend")}");

        Console.WriteLine();
        Console.WriteLine("That audience by income band, against everyone (TGI = 100 × audience share / base share):");
        Console.WriteLine($"  {"income_band",-12} {"audience",9} {"share",7} {"base share",10} {"TGI",5}");
        long audienceSize = audience.Cardinality;
        long baseSize = snapshot.RowCount;
        foreach (string band in snapshot.GetDistinctValues("income_band"))
        {
            var bandRows = snapshot.GetRowsWithValue("income_band", band);
            long inAudience = RoaringBitmap.AndCardinality(audience, bandRows);
            double share = (double)inAudience / audienceSize;
            double baseShare = (double)bandRows.Cardinality / baseSize;
            Console.WriteLine($"  {band,-12} {inAudience,9:N0} {share,7:P1} {baseShare,10:P1} {100 * share / baseShare,5:F0}");
        }
    }
}
