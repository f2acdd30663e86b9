using PortraitDb.Bitmaps;
using PortraitDb.Bitmaps.Internal;
using PortraitDb.Storage.Columns;

namespace PortraitDb.Storage;

/// <summary>One value of a column with the rows that take it, for <see cref="TableData.SetValues"/>.</summary>
/// <param name="Value">The value in its storage encoding (<see cref="Cell"/>); never NULL.</param>
/// <param name="Rows">The rows that take the value.</param>
internal readonly record struct ColumnValues(Cell Value, RoaringBitmap Rows);

/// <summary>
/// Schema changes and whole-column writes, on a writing copy like every other write: a column is added (all NULL)
/// or dropped in every per-column array and every segment's chunk list at once, and <see cref="SetValues"/> writes
/// a column for many rows from one bitmap per value, container by container, instead of cell by cell. Every
/// argument describes the change itself (a column definition, values with their row bitmaps), so a log can
/// record it and replay it without the engine that computed it.
/// </summary>
internal sealed partial class TableData
{
    // Above this many rows a whole-column write fills segments on several cores.
    private const long ParallelFillRows = 1 << 17;

    /// <summary>
    /// Adds <paramref name="column"/> at position <paramref name="ordinal"/> (after the others when −1), NULL in every
    /// row; the columns from that position on move one place right.
    /// </summary>
    /// <exception cref="PortraitDbException">The name is taken, or the column is a KEY.</exception>
    public void AddColumn(ColumnDefinition column, int ordinal = -1)
    {
        if (column.IsKey)
            throw new PortraitDbException(PortraitDbErrorKind.NotSupported, $"Column '{column.Name}' cannot be added as a KEY; a table's key is chosen when it is created.");
        if (ordinal < 0)
            ordinal = Schema.Columns.Count;
        if (ordinal > Schema.Columns.Count)
            throw new ArgumentOutOfRangeException(nameof(ordinal), ordinal, $"The table has {Schema.Columns.Count} columns.");
        var schema = Schema.WithColumn(column, ordinal);
        ReadAllIndexes();
        _pending?.Flush(this);
        var kind = column.Type.Kind;

        Dictionaries = Inserted(Dictionaries, ordinal, kind is ColumnKind.Category or ColumnKind.Tags ? new CategoryDictionary() : null);
        DictionaryCounts = Inserted(DictionaryCounts, ordinal, 0);
        ValueIndexes = Inserted(ValueIndexes, ordinal, kind switch
        {
            ColumnKind.Category or ColumnKind.Tags => [],
            ColumnKind.Bool => [new RoaringBitmap(), new RoaringBitmap()],
            _ => null,
        });
        _valueIndexOwned = Inserted(_valueIndexOwned, ordinal, true);
        // Every live row is NULL in the new column: its null bitmap is the live rows, sharing their published containers.
        NullRows = Inserted(NullRows, ordinal, PrivateCopy(LiveRows));
        for (int segment = 0; segment < Segments.Length; segment++)
        {
            // An empty chunk: rows past a chunk's end are NULL, and the first value written grows it.
            var chunk = NewChunk(column.Type, 0);
            chunk.Owner = Transaction;
            OwnSegment(segment).ChangeColumns(chunks => Inserted(chunks, ordinal, chunk));
        }
        SetSchema(schema);
        Log?.AddColumn(ordinal, column);
    }

    /// <summary>Drops the column at <paramref name="ordinal"/> and every value, index and dictionary it had.</summary>
    /// <exception cref="PortraitDbException">The column is the KEY, or the only column.</exception>
    public void DropColumn(int ordinal)
    {
        var column = Schema.Columns[ordinal];
        if (column.IsKey)
            throw new PortraitDbException(PortraitDbErrorKind.NotSupported, $"Column '{column.Name}' is the table's KEY and cannot be dropped.");
        var schema = Schema.WithoutColumn(ordinal);
        ReadAllIndexes();
        _pending?.Flush(this);
        Dictionaries = Without(Dictionaries, ordinal);
        DictionaryCounts = Without(DictionaryCounts, ordinal);
        ValueIndexes = Without(ValueIndexes, ordinal);
        _valueIndexOwned = Without(_valueIndexOwned, ordinal);
        NullRows = Without(NullRows, ordinal);
        for (int segment = 0; segment < Segments.Length; segment++)
        {
            OwnSegment(segment).ChangeColumns(chunks => Without(chunks, ordinal));
        }
        SetSchema(schema);
        Log?.DropColumn(ordinal);
    }

    /// <summary>
    /// Writes column <paramref name="column"/> for the live rows in <paramref name="rows"/>: the rows of each entry of
    /// <paramref name="values"/> take its value, and rows of <paramref name="rows"/> in no entry become NULL. The
    /// entries' bitmaps must be disjoint and inside <paramref name="rows"/>; they are taken over (the caller must not
    /// change them afterwards). A value's code, null bit and index entry are set container by container, and the
    /// segments' chunks are filled in parallel.
    /// </summary>
    /// <exception cref="PortraitDbException">The column is the KEY or a TAGS column, or a bitmap is outside <paramref name="rows"/>.</exception>
    public void SetValues(int column, RoaringBitmap rows, IReadOnlyList<ColumnValues> values)
    {
        var definition = Schema.Columns[column];
        if (definition.IsKey || definition.Type.Kind == ColumnKind.Tags)
            throw new PortraitDbException(PortraitDbErrorKind.NotSupported, $"Column '{definition.Name}' ({(definition.IsKey ? "the KEY" : "TAGS")}) cannot be written as a whole column.");
        _pending?.Flush(this);
        rows = RoaringBitmap.And(rows, LiveRows);
        var union = values.Count switch
        {
            0 => new RoaringBitmap(),
            1 => values[0].Rows,
            _ => RoaringBitmap.OrMany([.. values.Select(value => value.Rows)]),
        };
        if (union.Cardinality != values.Sum(value => value.Rows.Cardinality) || !RoaringBitmap.AndNot(union, rows).IsEmpty)
            throw new PortraitDbException(PortraitDbErrorKind.Internal, $"The values written to column '{definition.Name}' overlap or fall outside the rows written.");
        if (values.Any(value => value.Value.IsNull))
            throw new PortraitDbException(PortraitDbErrorKind.Internal, "NULL is written by leaving a row out of every value.");

        // Codes first (the dictionary grows here, on this thread), then the bitmaps, then the chunks.
        var codes = new int[values.Count];
        for (int index = 0; index < values.Count; index++)
        {
            codes[index] = _kinds[column] switch
            {
                ColumnKind.Category => Dictionaries[column]!.GetOrAdd(values[index].Value.Text!),
                ColumnKind.Bool => values[index].Value.Integer != 0 ? 1 : 0,
                _ => -1,
            };
        }
        // This writer reads its own column next (a tag that reads this one, in the same write): let it see the new codes.
        DictionaryCounts[column] = Dictionaries[column]?.Count ?? 0;
        bool wholeColumn = rows.Cardinality == LiveRows.Cardinality;
        var nulls = RoaringBitmap.AndNot(rows, union);
        if (wholeColumn)
        {
            NullRows[column] = Private(nulls);
            if (definition.Type.IsIndexed)
            {
                var index = new RoaringBitmap[_kinds[column] == ColumnKind.Bool ? 2 : Math.Max(0, codes.Length == 0 ? 0 : codes.Max() + 1)];
                for (int code = 0; code < index.Length; code++)
                    index[code] = new RoaringBitmap { Owner = Transaction };
                ValueIndexes[column] = index;
                _valueIndexOwned[column] = true;
                for (int entry = 0; entry < values.Count; entry++)
                    index[codes[entry]] = index[codes[entry]].IsEmpty ? PrivateCopy(values[entry].Rows) : Private(RoaringBitmap.Or(index[codes[entry]], values[entry].Rows));
            }
        }
        else
        {
            Subtract(ref NullRows[column], rows);
            Union(ref NullRows[column], nulls);
            if (ValueIndex(column) is not null)
            {
                var index = OwnIndex(column);
                for (int code = 0; code < index.Length; code++)
                    Subtract(ref index[code], rows);
                for (int entry = 0; entry < values.Count; entry++)
                    Union(ref GrowIndex(column, codes[entry])[codes[entry]], values[entry].Rows);
            }
        }
        FillChunks(column, values, codes);
        Log?.SetValues(Schema, column, rows, values);
        if (!definition.IsDerived)
            _written = _written is null ? null : RoaringBitmap.Or(_written, rows);
    }

    /// <summary>
    /// Reads every column's bitmaps that a table opened from disk has not read yet: column positions are about to
    /// move, and the segment files know the columns by their old positions.
    /// </summary>
    private void ReadAllIndexes()
    {
        if (_deferredIndexes is null)
            return;
        for (int column = 0; column < Schema.Columns.Count; column++)
            ValueIndex(column);
        _deferredIndexes = null;
    }

    /// <summary>The rows inserted or changed since the last call (live or not), or null when none were.</summary>
    public RoaringBitmap? TakeWrittenRows()
    {
        if (_written is not { IsEmpty: false } written)
            return null;
        _written = new RoaringBitmap();
        return written;
    }

    /// <summary>Puts back rows <see cref="TakeWrittenRows"/> handed out, when computing their derived columns failed.</summary>
    public void ReturnWrittenRows(RoaringBitmap rows)
    {
        if (Schema.HasDerivedColumns)
            _written = _written is null ? rows : RoaringBitmap.Or(_written, rows);
    }

    private void SetSchema(TableSchema schema)
    {
        Schema = schema;
        _kinds = [.. schema.Columns.Select(definition => definition.Type.Kind)];
        if (_pending is not null)
            _pending = new PendingBitmapAdds(schema.Columns.Count);
        if (schema.HasDerivedColumns)
            _written ??= new RoaringBitmap();
        else
            _written = null;
    }

    /// <summary>Writes each value into the chunks of the segments its rows are in, segments in parallel.</summary>
    private void FillChunks(int column, IReadOnlyList<ColumnValues> values, int[] codes)
    {
        // Per segment, the (entry, container) pairs that land in it.
        var bySegment = new Dictionary<ushort, List<(int Entry, Container Rows)>>();
        long total = 0;
        for (int entry = 0; entry < values.Count; entry++)
        {
            var bitmap = values[entry].Rows;
            total += bitmap.Cardinality;
            for (int index = 0; index < bitmap.ContainerCount; index++)
            {
                ushort key = bitmap.KeyAt(index);
                if (!bySegment.TryGetValue(key, out var list))
                    bySegment[key] = list = [];
                list.Add((entry, bitmap.ContainerAt(index)));
            }
        }
        var segments = bySegment.ToArray();
        // Own every touched segment's chunk list here: OwnSegment replaces array slots, which is safe in parallel,
        // but doing it first keeps the parallel part to chunk contents only.
        var chunks = new ColumnChunk[segments.Length];
        for (int index = 0; index < segments.Length; index++)
        {
            int key = segments[index].Key;
            chunks[index] = OwnChunk(key, column, Segments[key].RowCount);
        }
        void Fill(int index)
        {
            foreach (var (entry, rows) in segments[index].Value)
                FillChunk(chunks[index], rows, values[entry].Value, codes[entry]);
        }
        if (segments.Length > 1 && total >= ParallelFillRows)
        {
            Parallel.For(0, segments.Length, Fill);
        }
        else
        {
            for (int index = 0; index < segments.Length; index++)
                Fill(index);
        }
    }

    private static void FillChunk(ColumnChunk chunk, Container rows, in Cell value, int code)
    {
        switch (chunk)
        {
            case CodeChunk codes:
                codes.Fill(rows, code);
                break;
            case BoolChunk bits:
                {
                    Span<ulong> words = stackalloc ulong[RoaringConstants.BitsetWords];
                    rows.OrInto(words);
                    var target = bits.Bits.AsSpan();
                    int length = Math.Min(target.Length, words.Length);
                    for (int word = 0; word < length; word++)
                        target[word] = value.Integer != 0 ? target[word] | words[word] : target[word] & ~words[word];
                    break;
                }
            case NumericChunk<int> ints:
                ints.Fill(rows, (int)value.Integer);
                break;
            case NumericChunk<long> longs:
                longs.Fill(rows, value.Integer);
                break;
            case NumericChunk<double> doubles:
                doubles.Fill(rows, value.Real);
                break;
            case TextChunk text:
                {
                    uint[] offsets = System.Buffers.ArrayPool<uint>.Shared.Rent(rows.Cardinality);
                    int count = rows.Fill(0, offsets.AsSpan(0, rows.Cardinality), 0, out _);
                    foreach (uint offset in offsets.AsSpan(0, count))
                        text.Set((int)offset, value.Text!);
                    System.Buffers.ArrayPool<uint>.Shared.Return(offsets);
                    break;
                }
            default:
                throw new PortraitDbException(PortraitDbErrorKind.Internal, $"A whole-column write to a {chunk.GetType().Name}.");
        }
    }

    /// <summary>Takes <paramref name="removed"/> out of <paramref name="bitmap"/>, container by container, copying what is shared.</summary>
    private void Subtract(ref RoaringBitmap bitmap, RoaringBitmap removed)
    {
        for (int index = 0; index < removed.ContainerCount; index++)
        {
            ushort key = removed.KeyAt(index);
            int at = bitmap.FindKey(key);
            if (at < 0 || !ContainerOperations.Intersects(bitmap.ContainerAt(at), removed.ContainerAt(index)))
                continue;
            if (bitmap.Owner != Transaction)
            {
                bitmap = bitmap.ShareContainers();
                bitmap.Owner = Transaction;
            }
            var left = ContainerOperations.AndNot(bitmap.ContainerAt(at), removed.ContainerAt(index));
            if (left is null or { Cardinality: 0 })
            {
                bitmap.RemoveContainerAt(at);
                continue;
            }
            left.Owner = Transaction;
            bitmap.SetContainerAt(at, left);
        }
    }

    /// <summary>Adds <paramref name="added"/> to <paramref name="bitmap"/>, container by container, copying what is shared.</summary>
    private void Union(ref RoaringBitmap bitmap, RoaringBitmap added)
    {
        for (int index = 0; index < added.ContainerCount; index++)
            MergeIntoBitmap(ref bitmap, added.KeyAt(index), added.ContainerAt(index).Clone());
    }

    /// <summary>A bitmap this writer may change in place, for a result it built itself (its containers are its own).</summary>
    private RoaringBitmap Private(RoaringBitmap built)
    {
        built.Owner = Transaction;
        return built;
    }

    /// <summary>
    /// A bitmap this writer owns with the same values as <paramref name="source"/>, sharing its containers, which stay
    /// copy-on-write; a container this writer stamped as its own is copied now, so no two bitmaps share a container
    /// the writer would change in place.
    /// </summary>
    private RoaringBitmap PrivateCopy(RoaringBitmap source)
    {
        var copy = source.ShareContainers();
        copy.Owner = Transaction;
        for (int index = 0; index < copy.ContainerCount; index++)
        {
            if (copy.ContainerAt(index).Owner == Transaction)
                copy.SetContainerAt(index, copy.ContainerAt(index).Clone());
        }
        return copy;
    }

    private static T[] Without<T>(T[] items, int ordinal) => [.. items.AsSpan(0, ordinal), .. items.AsSpan(ordinal + 1)];

    private static T[] Inserted<T>(T[] items, int ordinal, T item) => [.. items.AsSpan(0, ordinal), item, .. items.AsSpan(ordinal)];
}
