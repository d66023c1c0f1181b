using CourseCove.Sync.Data;
using CourseCove.Sync.Processing;
using Npgsql;

namespace CourseCove.Sync.Reconciliation;

/// <summary>
/// The one owner of <c>reconcile_runs</c>: every status change of a run happens here. The Api requests runs; the
/// Worker holding the reconciliation lease takes them one at a time, reports progress and ends them.
/// </summary>
public sealed class ReconcileRunStore(NpgsqlDataSource dataSource)
{
    /// <summary>Redis pub/sub channel on which a request wakes the Workers.</summary>
    public const string WakeChannel = "coursecove:reconcile";

    /// <summary>Requests a run; while one already waits for a Worker, that one's id is returned instead.</summary>
    public async Task<Guid> RequestAsync(string source, CancellationToken ct)
    {
        await using var db = await dataSource.OpenConnectionAsync(ct);
        // The partial unique index decides, not a prior read; a waiting run taken meanwhile just means one more try.
        for (var attempt = 0; ; attempt++)
        {
            var id = await db.ScalarAsync<Guid?>("""
                WITH inserted AS (
                    INSERT INTO reconcile_runs (id, status, source, requested_at) VALUES ($1, 'running', $2, now())
                    ON CONFLICT DO NOTHING
                    RETURNING id)
                SELECT id FROM inserted
                UNION ALL
                SELECT id FROM reconcile_runs WHERE status = 'running' AND started_at IS NULL
                LIMIT 1
                """, ct, Guid.CreateVersion7(), source);
            if (id is { } found)
            {
                return found;
            }

            if (attempt == 3)
            {
                throw new InvalidOperationException("Could not record a reconciliation request: waiting runs kept being taken.");
            }
        }
    }

    /// <summary>True when no run was requested within <paramref name="interval"/> (a failed one only blocks for <paramref name="afterFailure"/>).</summary>
    public async Task<bool> IsScheduledRunDueAsync(TimeSpan interval, TimeSpan afterFailure, CancellationToken ct)
    {
        await using var db = await dataSource.OpenConnectionAsync(ct);
        return await db.ScalarAsync<bool>("""
            SELECT NOT EXISTS (
                SELECT 1 FROM reconcile_runs
                WHERE (status <> 'failed' AND requested_at > now() - $1)
                   OR (status = 'failed' AND finished_at > now() - LEAST($1, $2)))
            """, ct, interval, afterFailure);
    }

    public async Task<bool> HasWaitingAsync(CancellationToken ct)
    {
        await using var db = await dataSource.OpenConnectionAsync(ct);
        return await db.ScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM reconcile_runs WHERE status = 'running' AND started_at IS NULL)", ct);
    }

    /// <summary>
    /// Fails runs that a Worker started but never ended (it died). Only the holder of the reconciliation lease calls
    /// this, so no other pass can be in progress.
    /// </summary>
    public async Task<int> FailAbandonedAsync(CancellationToken ct)
    {
        await using var db = await dataSource.OpenConnectionAsync(ct);
        return await db.ExecuteAsync("""
            UPDATE reconcile_runs SET status = 'failed', finished_at = now(),
                error = 'The Worker running this pass stopped before it finished; nothing was deleted after that.'
            WHERE status = 'running' AND started_at IS NOT NULL
            """, ct);
    }

    /// <summary>Takes the oldest waiting run for this Worker; null when none waits.</summary>
    public async Task<ClaimedRun?> ClaimNextAsync(string worker, CancellationToken ct)
    {
        await using var db = await dataSource.OpenConnectionAsync(ct);
        await using var claim = db.Command("""
            UPDATE reconcile_runs SET started_at = now(), worker = $1
            WHERE id = (SELECT id FROM reconcile_runs WHERE status = 'running' AND started_at IS NULL
                        ORDER BY requested_at LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING id, source, requested_at
            """, worker);
        await using var reader = await claim.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new ClaimedRun(reader.GetGuid(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2))
            : null;
    }

    public Task ReportProgressAsync(Guid id, ReconcileCounters counters, CancellationToken ct) =>
        EndOrReportAsync(id, ReconcileRun.Running, counters, null, ct);

    public Task CompleteAsync(Guid id, ReconcileCounters counters, CancellationToken ct) =>
        EndOrReportAsync(id, ReconcileRun.Completed, counters, null, ct);

    public Task FailAsync(Guid id, ReconcileCounters counters, string error, CancellationToken ct) =>
        EndOrReportAsync(id, ReconcileRun.Failed, counters, error.Length <= 2000 ? error : error[..2000], ct);

    public async Task<ReconcileRunView?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var db = await dataSource.OpenConnectionAsync(ct);
        await using var query = db.Command("""
            SELECT id, status, started_at, finished_at, fetched_users, fetched_organizations, fetched_memberships,
                   created, updated, deleted, error
            FROM reconcile_runs WHERE id = $1
            """, id);
        await using var row = await query.ExecuteReaderAsync(ct);
        if (!await row.ReadAsync(ct))
        {
            return null;
        }

        DateTimeOffset? At(int column) => row.IsDBNull(column) ? null : row.GetFieldValue<DateTimeOffset>(column);
        return new ReconcileRunView(row.GetGuid(0), row.GetString(1), At(2), At(3),
            new FetchedCounts(row.GetInt64(4), row.GetInt64(5), row.GetInt64(6)),
            new ChangedCounts(row.GetInt64(7), row.GetInt64(8), row.GetInt64(9)),
            row.IsDBNull(10) ? null : row.GetString(10));
    }

    private async Task EndOrReportAsync(Guid id, string status, ReconcileCounters counters, string? error, CancellationToken ct)
    {
        await using var db = await dataSource.OpenConnectionAsync(ct);
        // Only a running run moves: an ended one keeps its outcome.
        await db.ExecuteAsync("""
            UPDATE reconcile_runs SET status = $2,
                finished_at = CASE WHEN $2 = 'running' THEN NULL ELSE now() END,
                fetched_users = $3, fetched_organizations = $4, fetched_memberships = $5,
                created = $6, updated = $7, deleted = $8, error = $9
            WHERE id = $1 AND status = 'running'
            """, ct, id, status, counters.Fetched.Users, counters.Fetched.Organizations, counters.Fetched.Memberships,
            counters.Changed.Created, counters.Changed.Updated, counters.Changed.Deleted, error);
    }
}
