using System.Numerics;
using FsCheck.Xunit;
using PortraitDb.Kernels;

namespace PortraitDb.Tests.Kernels;

/// <summary><see cref="GroupKernels.CountBuckets{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{long})"/> on every SIMD path, against a loop over the values.</summary>
[Properties(Arbitrary = [typeof(KernelArbitraries)], MaxTest = 100)]
public class CountBucketsKernelTests
{
    [Property]
    public void Counts_each_bucket_as_Bucketize_assigns_it(KernelCase c)
    {
        Check<int>(c);
        Check<long>(c);
        Check<double>(c);
    }

    private static void Check<T>(KernelCase c)
        where T : unmanaged, INumber<T>, IMinMaxValue<T>
    {
        var values = KernelInputs.Values<T>(c);
        var random = c.Random(31);
        int[] edgeCounts = [0, 1, 2, 6, 9, 33];
        int edgeCount = edgeCounts[random.Next(edgeCounts.Length)];
        var pool = values.Where(value => !T.IsNaN(value)).Concat([T.MinValue, T.MaxValue, T.Zero]).ToArray();
        // Repeated edges are allowed: the bucket between them stays empty.
        var edges = Enumerable.Range(0, edgeCount).Select(_ => pool[random.Next(pool.Length)]).Order().ToArray();
        var expected = new long[edgeCount + 2];
        foreach (var value in values)
            expected[edges.Count(edge => !(value < edge))]++;
        expected[^1] = 5;
        foreach (var path in KernelInputs.Paths)
        {
            var counts = new long[edgeCount + 2];
            counts[^1] = 5;
            GroupKernels.CountBuckets<T>(values, edges, counts, path);
            Assert.True(expected.SequenceEqual(counts), $"{typeof(T).Name} with {edgeCount} edges on {path}, {c}: [{string.Join(", ", counts)}] against [{string.Join(", ", expected)}]");
        }
    }

    [Fact]
    public void Adds_to_the_counts_and_refuses_bad_edges()
    {
        var counts = new long[] { 1, 1, 1 };
        GroupKernels.CountBuckets<int>([1, 5, 9, 10, 11], [5, 10], counts);
        Assert.Equal([2L, 3L, 3L], counts);
        Assert.Throws<ArgumentException>(() => GroupKernels.CountBuckets<double>([1.0], [2.0, 1.0], new long[3]));
        Assert.Throws<ArgumentException>(() => GroupKernels.CountBuckets<double>([1.0], [double.NaN], new long[2]));
        Assert.Throws<ArgumentException>(() => GroupKernels.CountBuckets<int>([1, 2], [1, 2], new long[2]));
    }
}
