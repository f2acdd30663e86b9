using System.Runtime.CompilerServices;

namespace PortraitDb.DataGen;

/// <summary>Cumulative integer weights sampled with one random draw and a binary search.</summary>
internal sealed class WeightedTable
{
    private readonly uint[] _cumulative;
    private readonly uint _total;

    public WeightedTable(ReadOnlySpan<int> weights)
    {
        _cumulative = new uint[weights.Length];
        ulong sum = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            if (weights[i] < 0)
                throw new ArgumentOutOfRangeException(nameof(weights), "Weights must not be negative.");
            sum += (uint)weights[i];
            _cumulative[i] = checked((uint)sum);
        }

        if (sum == 0)
            throw new ArgumentException("At least one weight must be positive.", nameof(weights));
        _total = (uint)sum;
    }

    public int Count => _cumulative.Length;

    public static WeightedTable[] Many(int[][] rows) => rows.Select(r => new WeightedTable(r)).ToArray();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Sample(ref Xoshiro256 rng)
    {
        var x = rng.Below(_total);
        var cumulative = _cumulative;
        int lo = 0, hi = cumulative.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) >> 1;
            if (cumulative[mid] > x)
                hi = mid;
            else
                lo = mid + 1;
        }

        return lo;
    }
}
