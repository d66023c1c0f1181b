using System.Runtime.CompilerServices;
using CourseCove.Sync.Clerk;

namespace CourseCove.Worker.Reconciliation;

/// <summary>
/// Reads a Clerk list to its end, a few pages in flight at once (the request budget still paces them), handing them
/// out in order so the caller applies one page while the next ones download.
/// </summary>
public static class ClerkPages
{
    public static async IAsyncEnumerable<ClerkPage<T>> ReadAllAsync<T>(
        Func<int, CancellationToken, Task<ClerkPage<T>>> fetch, int pageSize, int concurrency, long? knownTotal,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var first = await fetch(0, ct);
        yield return first;
        if (first.Count < pageSize)
        {
            yield break;
        }

        // Clerk's total says how many pages to ask for at once; reading on to the first short page also picks up
        // objects created during the pass (they come last in created_at order).
        var total = knownTotal ?? first.TotalCount ?? long.MaxValue;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var inFlight = new Queue<Task<ClerkPage<T>>>();
        var next = pageSize;
        try
        {
            while (true)
            {
                while (inFlight.Count < concurrency && (next < total || inFlight.Count == 0))
                {
                    inFlight.Enqueue(fetch(next, stop.Token));
                    next += pageSize;
                }

                var page = await inFlight.Dequeue();
                yield return page;
                if (page.Count < pageSize)
                {
                    yield break;
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            foreach (var unread in inFlight)
            {
                // Pages past the end, or abandoned after a failure: their outcome no longer matters.
                try { await unread; } catch (Exception) { }
            }
        }
    }
}
