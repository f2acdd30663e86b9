using System.Buffers;

namespace PortraitDb.Query;

/// <summary>
/// "Did you mean" for names: the candidate closest to a misspelt keyword, table, column or category value, by
/// case-insensitive optimal string alignment distance (insertions, deletions, substitutions and swaps of two
/// neighbouring characters each cost 1).
/// </summary>
internal static class Suggestions
{
    /// <summary>Names shorter than this are not completed from a prefix ("se" could be anything).</summary>
    private const int MinPrefixLength = 3;

    /// <summary>
    /// The candidate closest to <paramref name="name"/>, or null when none is close: at most
    /// max(1, length / 3) edits away, or a candidate that starts with <paramref name="name"/> (at least 3
    /// characters), as in <c>SEL</c> → <c>SELECT</c>. The smallest distance wins; ties go to the earlier candidate.
    /// A candidate equal to <paramref name="name"/> but for case is the best answer.
    /// </summary>
    public static string? Closest(string name, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(candidates);
        if (name.Length == 0)
            return null;
        int threshold = Math.Max(1, name.Length / 3);
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string candidate in candidates)
        {
            if (string.IsNullOrEmpty(candidate))
                continue;
            bool prefix = name.Length >= MinPrefixLength && candidate.StartsWith(name, StringComparison.OrdinalIgnoreCase);
            // The length difference is a lower bound of the distance: skip the table for hopeless candidates.
            int lengthGap = Math.Abs(candidate.Length - name.Length);
            if (!prefix && lengthGap > threshold)
                continue;
            int distance = Distance(name, candidate);
            if (distance < bestDistance && (prefix || distance <= threshold))
            {
                best = candidate;
                bestDistance = distance;
                if (distance == 0)
                    break;
            }
        }
        return best;
    }

    /// <summary>Case-insensitive optimal string alignment distance between <paramref name="left"/> and <paramref name="right"/>.</summary>
    public static int Distance(string left, string right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        int width = right.Length + 1;
        int[] rows = ArrayPool<int>.Shared.Rent(width * 3);
        try
        {
            // Three rows of the dynamic-programming table: two back (for swaps), one back, and the current one.
            var twoBack = rows.AsSpan(0, width);
            var oneBack = rows.AsSpan(width, width);
            var current = rows.AsSpan(2 * width, width);
            for (int column = 0; column < width; column++)
                oneBack[column] = column;
            for (int row = 1; row <= left.Length; row++)
            {
                current[0] = row;
                char leftChar = char.ToUpperInvariant(left[row - 1]);
                for (int column = 1; column < width; column++)
                {
                    char rightChar = char.ToUpperInvariant(right[column - 1]);
                    int cost = leftChar == rightChar ? 0 : 1;
                    int value = Math.Min(Math.Min(oneBack[column] + 1, current[column - 1] + 1), oneBack[column - 1] + cost);
                    if (row > 1 && column > 1 && leftChar == char.ToUpperInvariant(right[column - 2])
                        && char.ToUpperInvariant(left[row - 2]) == rightChar)
                        value = Math.Min(value, twoBack[column - 2] + 1);
                    current[column] = value;
                }
                var recycled = twoBack;
                twoBack = oneBack;
                oneBack = current;
                current = recycled;
            }
            return oneBack[right.Length];
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rows);
        }
    }
}
