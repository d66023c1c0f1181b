using CourseCove.Tests.Infrastructure;
using CourseCove.Worker.Retention;
using static CourseCove.Sync.Events.ClerkEventTypes;
using static CourseCove.Tests.Support.ClerkEvents;

namespace CourseCove.Tests.Retention;

/// <summary>A big pass goes in bounded batches, each a short transaction, while webhooks are answered as usual.</summary>
[Collection(AppHostCollection.Name)]
public sealed class RetentionBatchTests(AppHostFixture app) : RetentionTest(app)
{
    private const int OldEvents = 100_000;

    [Fact]
    public async Task APassOverOneHundredThousandOldEventsGoesInBoundedBatchesWhileWebhooksAreServed()
    {
        var (_, sender) = StartAdminApi();
        await Env.Db.ExecuteAsync($$$"""
            INSERT INTO webhook_events (webhook_id, event_type, payload, status, attempts, completed_by, processed_at, created_at, updated_at)
            SELECT 'old_' || i, '{{{UserCreated}}}',
                   '{"type":"user.created","data":{"id":"user_old_' || i || '","note":"' || repeat('x', 400) || '"}}',
                   'completed', 1, 'fast_path', now() - interval '40 days', now() - interval '40 days', now() - interval '40 days'
            FROM generate_series(1, {{{OldEvents}}}) i
            """);
        // Every statement that updates webhook_events records how many rows it changed, and when it ended.
        await Env.Db.ExecuteAsync("""
            CREATE TABLE statement_sizes (rows bigint, ended_at timestamptz);
            CREATE FUNCTION record_statement_size() RETURNS trigger AS $$
                BEGIN INSERT INTO statement_sizes SELECT count(*), clock_timestamp() FROM changed; RETURN NULL; END $$ LANGUAGE plpgsql;
            CREATE TRIGGER record_statement_size AFTER UPDATE ON webhook_events REFERENCING NEW TABLE AS changed
                FOR EACH STATEMENT EXECUTE FUNCTION record_statement_size();
            """);

        // A fresh Api's first request pays for its start-up; not this test's subject.
        await sender.SendAsync(User(UserCreated, NewId("user"), 100));

        var pass = Task.Run(() => Pass(Long, eventPayloads: TimeSpan.FromDays(30)).RunAsync(CancellationToken.None));
        List<string> served = [];
        var fastPath = 0;
        for (var i = 0; !pass.IsCompleted; i++)
        {
            // New events, and Svix retries of old ones whose rows the pass may hold at that moment.
            var (id, retry) = (NewId("msg"), $"old_{1 + i * 7919 % OldEvents}");
            using var fresh = await sender.SendAsync(User(UserCreated, NewId("user"), 100), id);
            using var duplicate = await sender.SendAsync(User(UserCreated, NewId("user"), 100), retry);
            Assert.True(fresh.IsSuccessStatusCode);
            fastPath += (await fresh.Content.ReadAsStringAsync()).Contains("fast_path") ? 1 : 0;
            Assert.Contains("duplicate", await duplicate.Content.ReadAsStringAsync());
            served.Add(id);
        }

        var tally = await pass;
        // On two shared cores an odd one may run out of the fast path's 500 ms; a pass that blocked webhooks would stop them all.
        Assert.InRange(fastPath, served.Count * 9 / 10, served.Count);

        Assert.Equal(OldEvents, tally.Pruned);
        Assert.Equal(0, await Env.Db.CountAsync("SELECT count(*) FROM webhook_events WHERE starts_with(webhook_id, 'old_') AND payload IS NOT NULL"));
        Assert.InRange(await Env.Db.CountAsync("SELECT max(rows) FROM statement_sizes"), 1, RetentionPass.BatchSize);
        Assert.InRange(await Env.Db.CountAsync("SELECT count(*) FROM statement_sizes WHERE rows > 0"), OldEvents / RetentionPass.BatchSize, long.MaxValue);
        // The webhooks really were answered while the pass ran, between its statements.
        Assert.InRange(await Env.Db.CountAsync("""
            SELECT count(*) FROM webhook_events
            WHERE webhook_id = ANY($1) AND processed_at < (SELECT max(ended_at) FROM statement_sizes WHERE rows = $2)
            """, served.ToArray(), RetentionPass.BatchSize), 1, long.MaxValue);
    }
}
