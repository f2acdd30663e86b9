namespace PortraitDb.DataGen;

/// <summary>
/// Produces per-block results on the thread pool, a bounded number ahead, and hands them to a consumer in
/// block order, so output is parallel to produce yet byte-for-byte independent of the thread count.
/// </summary>
internal static class BlockPipeline
{
    public static void Run<T>(int blockCount, Func<int, T> produce, Action<int, T> consume)
    {
        var window = Math.Max(2, Environment.ProcessorCount * 2);
        var pending = new Queue<Task<T>>(window);
        var next = 0;
        try
        {
            for (var done = 0; done < blockCount; done++)
            {
                while (next < blockCount && pending.Count < window)
                {
                    var block = next++;
                    pending.Enqueue(Task.Run(() => produce(block)));
                }

                consume(done, pending.Dequeue().GetAwaiter().GetResult());
            }
        }
        finally
        {
            // Let in-flight producers finish before the caller releases what they use.
            foreach (var task in pending)
            {
                try
                {
                    task.Wait();
                }
                catch (AggregateException)
                {
                    // The first failure has already been rethrown above.
                }
            }
        }
    }
}
