using Npgsql;

namespace CourseCove.Sync.Processing;

/// <summary>
/// Transaction-scoped advisory locks on dependency keys (<see cref="DependencyKeys"/>), one batch statement per key, in
/// ordinal order so that two transactions locking overlapping keys cannot deadlock.
/// </summary>
internal static class AdvisoryLocks
{
    /// <summary>Adds a lock statement per key to the batch; each returns one row the reader must skip.</summary>
    public static void AddTo(NpgsqlBatch batch, IEnumerable<string> keys)
    {
        foreach (var key in keys.Order(StringComparer.Ordinal))
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
            {
                Parameters = { new NpgsqlParameter { Value = key } },
            });
        }
    }
}
