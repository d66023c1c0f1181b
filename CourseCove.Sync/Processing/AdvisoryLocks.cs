using Npgsql;

namespace CourseCove.Sync.Processing;

/// <summary>
/// Transaction-scoped advisory locks on dependency keys (<see cref="DependencyKeys"/>), one batch statement per key, in
/// ordinal order so that two transactions locking overlapping keys cannot deadlock.
/// </summary>
internal static class AdvisoryLocks
{
    /// <summary>Adds a lock statement per key to the batch; each returns one result, passed by <see cref="SkipAsync"/>.</summary>
    public static void AddTo(NpgsqlBatch batch, IEnumerable<string> keys)
    {
        foreach (var key in keys.Order(StringComparer.Ordinal))
        {
            batch.Add("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", key);
        }
    }

    /// <summary>Moves the reader past the results of <paramref name="count"/> lock statements, to the statement after them.</summary>
    public static async Task SkipAsync(NpgsqlDataReader reader, int count, CancellationToken ct)
    {
        for (var i = 0; i < count; i++)
        {
            await reader.NextResultAsync(ct);
        }
    }
}
