using PortraitDb.Bitmaps.Internal;

namespace PortraitDb.Storage.Columns;

/// <summary>Writes one value at every offset a container holds: runs and full words as block fills, the rest bit by bit.</summary>
internal static class ContainerFill
{
    public static void Fill<T>(Span<T> target, Container rows, T value)
    {
        switch (rows)
        {
            case ArrayContainer array:
                foreach (ushort offset in array.Span)
                    target[offset] = value;
                break;
            case RunContainer runs:
                for (int run = 0; run < runs.NumberOfRuns; run++)
                    target.Slice(runs.Runs[2 * run], runs.Runs[(2 * run) + 1] + 1).Fill(value);
                break;
            default:
                {
                    var words = ((BitmapContainer)rows).Words;
                    for (int word = 0; word < words.Length; word++)
                    {
                        ulong bits = words[word];
                        if (bits == ulong.MaxValue)
                        {
                            target.Slice(word << 6, 64).Fill(value);
                            continue;
                        }
                        while (bits != 0)
                        {
                            target[(word << 6) + System.Numerics.BitOperations.TrailingZeroCount(bits)] = value;
                            bits &= bits - 1;
                        }
                    }
                    break;
                }
        }
    }
}
