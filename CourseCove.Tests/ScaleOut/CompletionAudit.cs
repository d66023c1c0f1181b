using CourseCove.Tests.Support;

namespace CourseCove.Tests.ScaleOut;

/// <summary>
/// Counts every completion of a webhook event, with a trigger the test installs on the AppHost's database.
/// </summary>
/// <remarks>
/// An event's effect is written by the statement that marks it completed, gated on that (see
/// <c>WebhookEventLog.RecordCompleted</c>), so one completion is one application. <c>attempts</c> cannot say this:
/// it also counts failures recorded before the success (a failed attempt under chaos, a dead letter that Clerk
/// delivers again), none of which applied anything. Completing sets <c>processed_at = now()</c>, so a second
/// completion is a change of <c>processed_at</c> on a completed row; the retention pass never touches it.
/// </remarks>
internal static class CompletionAudit
{
    private const string Install = """
        CREATE TABLE IF NOT EXISTS test_completions (
            webhook_id text NOT NULL, completed_by text, at timestamptz NOT NULL DEFAULT clock_timestamp());
        CREATE OR REPLACE FUNCTION test_count_completion() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO test_completions (webhook_id, completed_by) VALUES (NEW.webhook_id, NEW.completed_by);
            RETURN NULL;
        END $$;
        CREATE OR REPLACE TRIGGER test_completed_on_insert AFTER INSERT ON webhook_events
            FOR EACH ROW WHEN (NEW.status = 'completed') EXECUTE FUNCTION test_count_completion();
        CREATE OR REPLACE TRIGGER test_completed_on_update AFTER UPDATE ON webhook_events
            FOR EACH ROW WHEN (NEW.status = 'completed'
                               AND (OLD.status <> 'completed' OR OLD.processed_at IS DISTINCT FROM NEW.processed_at))
            EXECUTE FUNCTION test_count_completion();
        """;

    /// <summary>Installs the trigger (idempotent); completions from now on are counted.</summary>
    public static async Task InstallAsync(SyncDatabase db) => await db.ExecuteAsync(Install);

    /// <summary>Asserts that each of these events was completed, and exactly once since <see cref="InstallAsync"/>.</summary>
    public static async Task AssertEachCompletedOnceAsync(SyncDatabase db, IReadOnlyCollection<string> webhookIds)
    {
        var ids = webhookIds.Distinct().ToArray();
        Assert.Equal(ids.Length, await db.CountAsync(
            "SELECT count(*) FROM webhook_events WHERE webhook_id = ANY($1) AND status = 'completed'", (object)ids));
        var twice = await db.CountAsync("""
            SELECT count(*) FROM (SELECT webhook_id FROM test_completions WHERE webhook_id = ANY($1)
                                  GROUP BY webhook_id HAVING count(*) > 1) t
            """, (object)ids);
        Assert.True(twice == 0, $"{twice} events were completed, so applied, more than once.");
        Assert.Equal(ids.Length, await db.CountAsync(
            "SELECT count(DISTINCT webhook_id) FROM test_completions WHERE webhook_id = ANY($1)", (object)ids));
    }

    /// <summary>How many completions by the Worker (<c>slow_path</c>) happened after <paramref name="since"/> (the database's clock).</summary>
    public static Task<long> WorkerCompletionsSinceAsync(SyncDatabase db, DateTimeOffset since) => db.CountAsync(
        "SELECT count(*) FROM test_completions WHERE completed_by = 'slow_path' AND at > $1", since);
}
