using System.Diagnostics;
using PortraitDb.Bitmaps.Internal;

namespace PortraitDb.Benchmarks;

internal static class Probe
{
    public static int Run()
    {
        var random = new Random(1);
        var inputs = new ulong[4][];
        for (int i = 0; i < 4; i++) { inputs[i] = new ulong[1024]; for (int w = 0; w < 1024; w++) inputs[i][w] = (ulong)random.NextInt64(); }
        foreach (var path in SimdSupport.Supported)
        {
            long sink = 0;
            for (int warm = 0; warm < 200000; warm++) sink += BitsetKernels.AndManyPopCount(inputs, 1024, path);
            var sw = Stopwatch.StartNew();
            const int N = 200000;
            for (int rep = 0; rep < N; rep++) sink += BitsetKernels.AndManyPopCount(inputs, 1024, path);
            double ns4 = sw.Elapsed.TotalNanoseconds / N;
            sw.Restart();
            for (int rep = 0; rep < N; rep++) sink += BitsetKernels.BinaryPopCount<AndOperator>(inputs[0], inputs[1], path);
            double ns2 = sw.Elapsed.TotalNanoseconds / N;
            sw.Restart();
            for (int rep = 0; rep < N; rep++) BitsetKernels.BinaryStoreNoCount<AndOperator>(inputs[0], inputs[1], inputs[3], path);
            double nsStore = sw.Elapsed.TotalNanoseconds / N;
            Console.WriteLine($"{path}: and4 {ns4:F0} ns, and2card {ns2:F0} ns, store {nsStore:F0} ns {sink}");
        }
        return 0;
    }
}
