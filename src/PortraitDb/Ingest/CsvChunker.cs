using System.Runtime.ExceptionServices;
using Microsoft.Win32.SafeHandles;

namespace PortraitDb.Ingest;

/// <summary>A byte range of a delimited file that starts at a record boundary, with the line number at its start.</summary>
/// <param name="Index">The chunk's position in file order.</param>
/// <param name="Start">The file offset of its first record.</param>
/// <param name="End">The file offset of the next chunk's first record (records starting before it belong to this chunk).</param>
/// <param name="FirstLine">The 1-based line number at <paramref name="Start"/>.</param>
public readonly record struct CsvChunk(int Index, long Start, long End, long FirstLine);

/// <summary>
/// Splits a delimited file into chunks at record boundaries so the chunks can be tokenized in parallel.
/// </summary>
/// <remarks>
/// <para>
/// Without reading the whole file one cannot know whether a line feed at an arbitrary offset ends a record or lies
/// inside a quoted field. The split is therefore speculative, like DuckDB's parallel CSV reader: for each target
/// offset it takes the byte after the next line feed and accepts it when a short trial parse from there gives records
/// with the file's field count and no error; otherwise it tries the next line feed. When quoting is disabled every
/// line feed is a boundary and no trial is needed.
/// </para>
/// <para>
/// A trial can still be fooled (a quoted field holding text that looks like whole records), so
/// <see cref="ParseParallel{TResult}"/> verifies every guess after the fact: a chunk's start is genuine exactly when
/// the previous chunk, whose start is genuine, stopped at it (chunk 0 starts at the real beginning, so this holds by
/// induction). A chunk that fails the check is parsed again from where the previous one stopped, sequentially, and
/// its speculative result and errors are discarded. The outcome always equals a sequential parse.
/// </para>
/// <para>
/// Line numbers of later chunks come from counting line feeds in the earlier ranges (vectorized, in parallel),
/// which matches the tokenizer's own count because it also counts line feeds inside quoted fields.
/// </para>
/// </remarks>
public static class CsvChunker
{
    private const int ProbeRecords = 16;
    private const int ProbeBufferSize = 64 << 10;
    private const int ProbeMaxRecordBytes = 1 << 20;
    private const int MaxCandidatesPerBoundary = 64;
    private const int CountBlockSize = 1 << 20;

    /// <summary>Opens a tokenizer over one chunk of a file.</summary>
    public static CsvTokenizer OpenRange(string path, CsvOptions? options, CsvChunk chunk)
    {
        var stream = OpenRead(path);
        try
        {
            stream.Seek(chunk.Start, SeekOrigin.Begin);
            return new CsvTokenizer(stream, options, path, chunk.Start, chunk.End, chunk.FirstLine);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Splits the data records of a file (after the header, when <see cref="CsvOptions.HasHeader"/>) into about
    /// <paramref name="chunkCount"/> chunks of similar size. Fewer chunks come back for small files or when no
    /// plausible boundary is found near a target offset.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Its layout.</param>
    /// <param name="chunkCount">The desired number of chunks (at least 1).</param>
    public static IReadOnlyList<CsvChunk> Split(string path, CsvOptions? options, int chunkCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkCount, 1);
        options ??= CsvOptions.Default;
        options.Validate();
        long length = new FileInfo(path).Length;
        long dataStart = 0;
        long firstLine = 1;
        int expectedFields = -1;
        using (var head = new CsvTokenizer(OpenRead(path), options, path))
        {
            if (head.TryRead(out var first))
            {
                expectedFields = first.FieldCount;
                if (options.HasHeader)
                {
                    dataStart = head.StopOffset;
                    firstLine = head.StopLine;
                }
            }
        }

        var starts = new List<long> { dataStart };
        long span = length - dataStart;
        if (expectedFields > 0 && chunkCount > 1 && span > 0)
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            for (int k = 1; k < chunkCount; k++)
            {
                long target = dataStart + span * k / chunkCount;
                if (target <= starts[^1])
                    continue;
                long boundary = FindBoundary(handle, path, options, target, length, expectedFields);
                if (boundary > starts[^1] && boundary < length)
                    starts.Add(boundary);
            }
        }

        long[] lines = new long[starts.Count];
        lines[0] = firstLine;
        if (starts.Count > 1)
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            long[] counts = new long[starts.Count - 1];
            Parallel.For(0, counts.Length, i => counts[i] = CountLineFeeds(handle, starts[i], starts[i + 1]));
            for (int i = 1; i < starts.Count; i++)
                lines[i] = lines[i - 1] + counts[i - 1];
        }

        var chunks = new CsvChunk[starts.Count];
        for (int i = 0; i < starts.Count; i++)
            chunks[i] = new CsvChunk(i, starts[i], i + 1 < starts.Count ? starts[i + 1] : length, lines[i]);
        return chunks;
    }

    /// <summary>The number of line feeds in the byte range <c>[start, end)</c> of a file.</summary>
    public static long CountLineFeeds(string path, long start, long end)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return CountLineFeeds(handle, start, end);
    }

    /// <summary>
    /// Tokenizes a file in parallel chunks and returns one result per chunk, in file order; the records seen are
    /// exactly those of a sequential read of the data records (the header excluded when <see cref="CsvOptions.HasHeader"/>).
    /// </summary>
    /// <typeparam name="TResult">What a chunk's parse produces.</typeparam>
    /// <param name="path">The file.</param>
    /// <param name="options">Its layout.</param>
    /// <param name="chunkCount">The desired number of chunks.</param>
    /// <param name="parseChunk">
    /// Reads records from the tokenizer it is given and returns the chunk's result. It may run speculatively on a
    /// wrong range whose result is then thrown away, so it must not have side effects beyond its result. Records it
    /// leaves unread are skipped.
    /// </param>
    /// <param name="maxDegreeOfParallelism">The thread limit, or -1 for the processor count.</param>
    /// <returns>The results of the verified chunks, in file order.</returns>
    /// <exception cref="ImportException">The earliest error a sequential read would have hit.</exception>
    public static TResult[] ParseParallel<TResult>(string path, CsvOptions? options, int chunkCount, Func<CsvTokenizer, TResult> parseChunk, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(parseChunk);
        options ??= CsvOptions.Default;
        var chunks = Split(path, options, chunkCount);
        var outcomes = new ChunkOutcome<TResult>[chunks.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        Parallel.For(0, chunks.Count, parallel, i => outcomes[i] = Run(path, options, chunks[i], parseChunk));

        var results = new TResult[chunks.Count];
        long expectedStart = chunks[0].Start;
        long expectedLine = chunks[0].FirstLine;
        for (int i = 0; i < chunks.Count; i++)
        {
            var outcome = outcomes[i];
            if (chunks[i].Start != expectedStart)
            {
                // The guessed boundary was inside a record: redo this range from where the previous chunk really stopped.
                long end = Math.Max(chunks[i].End, expectedStart);
                outcome = Run(path, options, new CsvChunk(i, expectedStart, end, expectedLine), parseChunk);
            }
            outcome.Error?.Throw();
            results[i] = outcome.Result!;
            expectedStart = outcome.StopOffset;
            expectedLine = outcome.StopLine;
        }
        return results;
    }

    private static ChunkOutcome<TResult> Run<TResult>(string path, CsvOptions options, CsvChunk chunk, Func<CsvTokenizer, TResult> parseChunk)
    {
        using var tokenizer = OpenRange(path, options, chunk);
        try
        {
            var result = parseChunk(tokenizer);
            while (tokenizer.TryRead(out _))
            {
            }
            return new ChunkOutcome<TResult>(result, null, tokenizer.StopOffset, tokenizer.StopLine);
        }
        catch (Exception e) when (e is ImportException or ArgumentOutOfRangeException or FormatException)
        {
            // Kept, not thrown: if this chunk's start was a wrong guess the error is not real.
            return new ChunkOutcome<TResult>(default, ExceptionDispatchInfo.Capture(e), -1, -1);
        }
    }

    private static long FindBoundary(SafeFileHandle handle, string path, CsvOptions options, long target, long length, int expectedFields)
    {
        byte[] window = new byte[ProbeBufferSize];
        long position = target;
        int attempts = 0;
        while (position < length && attempts < MaxCandidatesPerBoundary)
        {
            int read = RandomAccess.Read(handle, window, position);
            if (read <= 0)
                return -1;
            int lf = window.AsSpan(0, read).IndexOf((byte)'\n');
            if (lf < 0)
            {
                position += read;
                continue;
            }
            long candidate = position + lf + 1;
            attempts++;
            if (candidate >= length)
                return -1;
            if (options.Quote is null || Probe(path, options, candidate, expectedFields))
                return candidate;
            position = candidate;
        }
        return -1;
    }

    /// <summary>A trial parse from a candidate boundary: a few records with the right shape and no error.</summary>
    private static bool Probe(string path, CsvOptions options, long candidate, int expectedFields)
    {
        var probeOptions = options with
        {
            BufferSize = Math.Min(options.BufferSize, ProbeBufferSize),
            MaxRecordBytes = Math.Min(options.MaxRecordBytes, ProbeMaxRecordBytes),
        };
        try
        {
            using var tokenizer = OpenRange(path, probeOptions, new CsvChunk(0, candidate, long.MaxValue, 1));
            for (int i = 0; i < ProbeRecords && tokenizer.TryRead(out var record); i++)
            {
                if (record.FieldCount != expectedFields)
                    return false;
            }
            return true;
        }
        catch (ImportException)
        {
            return false;
        }
    }

    private static long CountLineFeeds(SafeFileHandle handle, long start, long end)
    {
        byte[] block = new byte[CountBlockSize];
        long count = 0;
        for (long position = start; position < end;)
        {
            int want = (int)Math.Min(block.Length, end - position);
            int read = RandomAccess.Read(handle, block.AsSpan(0, want), position);
            if (read <= 0)
                break;
            count += block.AsSpan(0, read).Count((byte)'\n');
            position += read;
        }
        return count;
    }

    private static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);

    private readonly record struct ChunkOutcome<TResult>(TResult? Result, ExceptionDispatchInfo? Error, long StopOffset, long StopLine);
}
