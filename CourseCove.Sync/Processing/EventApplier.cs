using CourseCove.Sync.Events;
using Npgsql;

namespace CourseCove.Sync.Processing;

/// <summary>
/// The ordering rules: how one Clerk event changes the synced tables so that any order of delivery, and any number of
/// repeats, ends in Clerk's truth. Each event is one statement, run after transaction-scoped advisory locks on the ids
/// it touches (so two events about the same user, organization or membership never interleave), and gated on a
/// <c>recorded</c> row: the webhook's own record when processing a delivery (one round trip for record, rules and
/// completion), or a constant row when applying a snapshot from Clerk's Backend API.
/// </summary>
internal static partial class EventApplier
{
    /// <summary>The batch that applies <paramref name="evt"/>: its locks, then its statement with <paramref name="recorded"/> as gate.</summary>
    public static NpgsqlBatch Batch(NpgsqlConnection db, ApplyPlan plan, RecordCte recorded)
    {
        var batch = new NpgsqlBatch(db);
        AdvisoryLocks.AddTo(batch, plan.LockKeys);

        // Whether any event waits for what this one settles (a parked or dead-lettered one): only then is it announced
        // to the Workers. Seen from this statement's snapshot, taken after the locks: an event parking on these keys
        // takes the same locks first (WebhookEventLog.ParkAsync), so it either shows here or sees this event's rows.
        var settlesParameter = plan.Parameters.Length + recorded.Parameters.Length + 1;
        var waited = plan.Settles.Length == 0 ? "false" : $"""
            EXISTS (SELECT 1 FROM webhook_events w WHERE {WebhookEventLog.Waiting("w")} AND w.waiting_for && ${settlesParameter})
            """;
        var parameters = plan.Parameters.Concat(recorded.Parameters);
        batch.Add($"""
            WITH {plan.State}{recorded.Sql(plan.Parameters.Length + 1, plan.Gate)},
            {plan.Effects}
            SELECT (SELECT count(*) FROM recorded), {plan.Changed}, {plan.Missing}, {waited}
            """, [.. plan.Settles.Length == 0 ? parameters : parameters.Append(plan.Settles)]);
        return batch;
    }

    /// <summary>Runs the batch; its last result is (recorded, changed, missing dependencies, whether any event waits for it).</summary>
    public static async Task<(bool Recorded, ApplyOutcome Outcome)> RunAsync(NpgsqlBatch batch, ApplyPlan plan, CancellationToken ct)
    {
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await AdvisoryLocks.SkipAsync(reader, plan.LockKeys.Length, ct);

        await reader.ReadAsync(ct);
        var (recorded, changed, missing, waited) =
            (reader.GetInt64(0) > 0, reader.GetInt64(1) > 0, reader.GetFieldValue<string[]>(2), reader.GetBoolean(3));
        var outcome = missing.Length > 0 ? new ApplyOutcome { MissingDependencies = missing }
            : changed ? new ApplyOutcome { Changed = true, SettledDependencies = waited ? plan.Settles : [] }
            : ApplyOutcome.NoEffect;
        return (recorded, outcome);
    }

    /// <summary>Applies a snapshot (no webhook of its own) inside the caller's transaction.</summary>
    public static async Task<ApplyOutcome> ApplyAsync(NpgsqlConnection db, ClerkEvent evt, DateTimeOffset occurredAt, CancellationToken ct)
    {
        var plan = Plan(evt, occurredAt);
        await using var batch = Batch(db, plan, RecordCte.Snapshot);
        return (await RunAsync(batch, plan, ct)).Outcome;
    }
}
