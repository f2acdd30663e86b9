using PortraitDb.Bitmaps.Internal;

namespace PortraitDb.Bitmaps;

public sealed partial class RoaringBitmap
{
    /// <summary>The values in both bitmaps.</summary>
    public static RoaringBitmap And(RoaringBitmap left, RoaringBitmap right)
    {
        var result = new RoaringBitmap(Math.Min(left._size, right._size));
        int l = 0;
        int r = 0;
        while (l < left._size && r < right._size)
        {
            ushort leftKey = left._keys[l];
            ushort rightKey = right._keys[r];
            if (leftKey == rightKey)
            {
                var container = ContainerOperations.And(left._containers[l], right._containers[r]);
                if (container is not null)
                    result.Append(leftKey, container);
                l++;
                r++;
            }
            else if (leftKey < rightKey)
            {
                l = left.AdvanceUntil(rightKey, l);
            }
            else
            {
                r = right.AdvanceUntil(leftKey, r);
            }
        }
        return result;
    }

    /// <summary>The values in either bitmap.</summary>
    public static RoaringBitmap Or(RoaringBitmap left, RoaringBitmap right)
    {
        var result = new RoaringBitmap(left._size + right._size);
        int l = 0;
        int r = 0;
        while (l < left._size || r < right._size)
        {
            if (r == right._size || (l < left._size && left._keys[l] < right._keys[r]))
            {
                result.Append(left._keys[l], left._containers[l].Clone());
                l++;
            }
            else if (l == left._size || right._keys[r] < left._keys[l])
            {
                result.Append(right._keys[r], right._containers[r].Clone());
                r++;
            }
            else
            {
                result.Append(left._keys[l], ContainerOperations.Or(left._containers[l], right._containers[r]));
                l++;
                r++;
            }
        }
        return result;
    }

    /// <summary>The values in exactly one of the bitmaps.</summary>
    public static RoaringBitmap Xor(RoaringBitmap left, RoaringBitmap right)
    {
        var result = new RoaringBitmap(left._size + right._size);
        int l = 0;
        int r = 0;
        while (l < left._size || r < right._size)
        {
            if (r == right._size || (l < left._size && left._keys[l] < right._keys[r]))
            {
                result.Append(left._keys[l], left._containers[l].Clone());
                l++;
            }
            else if (l == left._size || right._keys[r] < left._keys[l])
            {
                result.Append(right._keys[r], right._containers[r].Clone());
                r++;
            }
            else
            {
                var container = ContainerOperations.Xor(left._containers[l], right._containers[r]);
                if (container is not null)
                    result.Append(left._keys[l], container);
                l++;
                r++;
            }
        }
        return result;
    }

    /// <summary>The values in <paramref name="left"/> but not in <paramref name="right"/>.</summary>
    public static RoaringBitmap AndNot(RoaringBitmap left, RoaringBitmap right)
    {
        var result = new RoaringBitmap(left._size);
        int r = 0;
        for (int l = 0; l < left._size; l++)
        {
            ushort key = left._keys[l];
            r = right.AdvanceUntil(key, r);
            if (r < right._size && right._keys[r] == key)
            {
                var container = ContainerOperations.AndNot(left._containers[l], right._containers[r]);
                if (container is not null)
                    result.Append(key, container);
            }
            else
            {
                result.Append(key, left._containers[l].Clone());
            }
        }
        return result;
    }

    /// <summary>The values in [0, <paramref name="universeSize"/>) that <paramref name="bitmap"/> lacks.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="universeSize"/> exceeds 2^32.</exception>
    public static RoaringBitmap Not(RoaringBitmap bitmap, ulong universeSize)
    {
        var result = FromRange(0, universeSize);
        result.ExceptWith(bitmap);
        return result;
    }

    /// <summary>The values in both bitmaps.</summary>
    public static RoaringBitmap operator &(RoaringBitmap left, RoaringBitmap right) => And(left, right);

    /// <summary>The values in either bitmap.</summary>
    public static RoaringBitmap operator |(RoaringBitmap left, RoaringBitmap right) => Or(left, right);

    /// <summary>The values in exactly one of the bitmaps.</summary>
    public static RoaringBitmap operator ^(RoaringBitmap left, RoaringBitmap right) => Xor(left, right);

    /// <summary>Keeps only the values also in <paramref name="other"/>.</summary>
    public void IntersectWith(RoaringBitmap other)
    {
        if (ReferenceEquals(this, other))
            return;
        int kept = 0;
        int r = 0;
        for (int l = 0; l < _size; l++)
        {
            ushort key = _keys[l];
            r = other.AdvanceUntil(key, r);
            if (r == other._size)
                break;
            if (other._keys[r] != key)
                continue;
            var container = ContainerOperations.AndInPlace(_containers[l], other._containers[r]);
            if (container is null)
                continue;
            _keys[kept] = key;
            _containers[kept] = container;
            kept++;
        }
        Array.Clear(_containers, kept, _size - kept);
        _size = kept;
        _cardinality = -1;
    }

    /// <summary>Adds every value of <paramref name="other"/>.</summary>
    public void UnionWith(RoaringBitmap other)
    {
        if (ReferenceEquals(this, other))
            return;
        Replace(Or(this, other));
    }

    /// <summary>Removes every value of <paramref name="other"/>.</summary>
    public void ExceptWith(RoaringBitmap other)
    {
        if (ReferenceEquals(this, other))
        {
            Clear();
            return;
        }
        int kept = 0;
        int r = 0;
        for (int l = 0; l < _size; l++)
        {
            ushort key = _keys[l];
            var container = _containers[l];
            r = other.AdvanceUntil(key, r);
            if (r < other._size && other._keys[r] == key)
                container = ContainerOperations.AndNot(container, other._containers[r]);
            if (container is null)
                continue;
            _keys[kept] = key;
            _containers[kept] = container;
            kept++;
        }
        Array.Clear(_containers, kept, _size - kept);
        _size = kept;
        _cardinality = -1;
    }

    /// <summary>Keeps the values in exactly one of this bitmap and <paramref name="other"/>.</summary>
    public void SymmetricExceptWith(RoaringBitmap other)
    {
        if (ReferenceEquals(this, other))
        {
            Clear();
            return;
        }
        Replace(Xor(this, other));
    }

    /// <summary>Removes every value.</summary>
    public void Clear()
    {
        Array.Clear(_containers, 0, _size);
        _size = 0;
        _cardinality = -1;
    }

    /// <summary>|left ∩ right|, without building the intersection.</summary>
    public static long AndCardinality(RoaringBitmap left, RoaringBitmap right)
    {
        long count = 0;
        int l = 0;
        int r = 0;
        while (l < left._size && r < right._size)
        {
            ushort leftKey = left._keys[l];
            ushort rightKey = right._keys[r];
            if (leftKey == rightKey)
            {
                count += ContainerOperations.AndCardinality(left._containers[l], right._containers[r]);
                l++;
                r++;
            }
            else if (leftKey < rightKey)
            {
                l = left.AdvanceUntil(rightKey, l);
            }
            else
            {
                r = right.AdvanceUntil(leftKey, r);
            }
        }
        return count;
    }

    /// <summary>|left ∪ right|, without building the union.</summary>
    public static long OrCardinality(RoaringBitmap left, RoaringBitmap right) =>
        left.Cardinality + right.Cardinality - AndCardinality(left, right);

    /// <summary>|left △ right|, without building it.</summary>
    public static long XorCardinality(RoaringBitmap left, RoaringBitmap right) =>
        left.Cardinality + right.Cardinality - (2 * AndCardinality(left, right));

    /// <summary>|left \ right|, without building the difference.</summary>
    public static long AndNotCardinality(RoaringBitmap left, RoaringBitmap right) =>
        left.Cardinality - AndCardinality(left, right);

    /// <summary>True when the bitmaps share at least one value; stops at the first.</summary>
    public static bool Intersects(RoaringBitmap left, RoaringBitmap right)
    {
        int l = 0;
        int r = 0;
        while (l < left._size && r < right._size)
        {
            ushort leftKey = left._keys[l];
            ushort rightKey = right._keys[r];
            if (leftKey == rightKey)
            {
                if (ContainerOperations.Intersects(left._containers[l], right._containers[r]))
                    return true;
                l++;
                r++;
            }
            else if (leftKey < rightKey)
            {
                l = left.AdvanceUntil(rightKey, l);
            }
            else
            {
                r = right.AdvanceUntil(leftKey, r);
            }
        }
        return false;
    }

    /// <summary>The Jaccard index |A ∩ B| / |A ∪ B|; 0 when both bitmaps are empty.</summary>
    public static double JaccardIndex(RoaringBitmap left, RoaringBitmap right)
    {
        long common = AndCardinality(left, right);
        long union = left.Cardinality + right.Cardinality - common;
        return union == 0 ? 0 : (double)common / union;
    }

    /// <summary>The first container index at or after <paramref name="position"/> whose key is at least <paramref name="key"/>.</summary>
    internal int AdvanceUntil(ushort key, int position) =>
        ArrayKernels.AdvanceUntil(_keys.AsSpan(0, _size), position, key);

    private void Replace(RoaringBitmap source)
    {
        _keys = source._keys;
        _containers = source._containers;
        _size = source._size;
        _cardinality = -1;
    }
}
