using static CourseCove.Sync.Data.RetentionIndexes;

namespace CourseCove.Sync.Processing;

// The retention pass's statements. Each changes at most `limit` rows in a transaction of its own and takes only rows
// nobody else holds (SKIP LOCKED), so webhooks never wait long behind it. A pending event is never touched: what the
// Worker still has to process keeps its body. A removed body is NULL; the row stays, so the svix-id stays a duplicate
// and the stats stay the same.
public sealed partial class WebhookEventLog
{
    /// <summary>Removes the bodies of completed events received more than <paramref name="age"/> ago; returns how many.</summary>
    public Task<int> PruneCompletedAsync(TimeSpan age, int limit, CancellationToken ct) => RemoveBodiesAsync($"""
        SELECT id FROM webhook_events
        WHERE {WithPayload} AND created_at < now() - $1 AND status = '{Completed}'
        ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED
        """, age, limit, ct);

    /// <summary>
    /// Removes the bodies of events dead-lettered more than <paramref name="age"/> ago: a dead letter can be replayed
    /// (or revived by its dependency) for the payload retention after it failed, then no longer. Its
    /// <c>waiting_for</c> goes too, so nothing tries to revive it; Clerk's dashboard Replay still can, sending the body.
    /// </summary>
    public Task<int> PruneFailedAsync(TimeSpan age, int limit, CancellationToken ct) => RemoveBodiesAsync($"""
        SELECT id FROM webhook_events
        WHERE {WithPayload} AND created_at < now() - $1 AND status = '{Failed}' AND updated_at < now() - $1
        ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED
        """, age, limit, ct);

    /// <summary>
    /// Removes the bodies of completed and failed events that concern a user deleted more than <paramref name="age"/>
    /// ago — also those recorded after the user's erasure (a late delivery, a Replay). Needs their users read first
    /// (<see cref="ReadSubjectsAsync"/>).
    /// </summary>
    public Task<int> EraseBodiesOfDeletedUsersAsync(TimeSpan age, int limit, CancellationToken ct) => RemoveBodiesAsync($"""
        SELECT e.id FROM webhook_events e JOIN users u ON u.id = e.subject_user_id
        WHERE {WithSubject} AND e.status IN ('{Completed}', '{Failed}')
          AND u.status = '{Data.User.Deleted}' AND u.deleted_at < now() - $1
        LIMIT $2 FOR UPDATE OF e SKIP LOCKED
        """, age, limit, ct);

    /// <summary>
    /// Reads which user each of up to <paramref name="limit"/> user and membership bodies concerns whose user is not
    /// recorded yet — dead letters, which never completed through the rules, and bodies stored before users were
    /// recorded (<see cref="EventSubject"/>); returns how many it read.
    /// </summary>
    public async Task<int> ReadSubjectsAsync(int limit, CancellationToken ct)
    {
        await using var db = await dataSource.OpenConnectionAsync(ct);
        List<long> ids = [];
        List<string> subjects = [];
        await using (var command = db.Command($"SELECT id, payload FROM webhook_events WHERE {SubjectUnread} ORDER BY id LIMIT $1", limit))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                ids.Add(reader.GetInt64(0));
                subjects.Add(EventSubject.UserIdOf(reader.GetString(1)));
            }
        }

        if (ids.Count > 0)
        {
            await db.ExecuteAsync("""
                UPDATE webhook_events e SET subject_user_id = s.user_id
                FROM unnest($1::bigint[], $2::text[]) AS s(id, user_id)
                WHERE e.id = s.id AND e.subject_user_id IS NULL
                """, ct, ids.ToArray(), subjects.ToArray());
        }

        return ids.Count;
    }

    private async Task<int> RemoveBodiesAsync(string selectIds, TimeSpan age, int limit, CancellationToken ct)
    {
        await using var db = await dataSource.OpenConnectionAsync(ct);
        return await db.ExecuteAsync(
            $"UPDATE webhook_events SET payload = NULL, waiting_for = NULL WHERE id IN ({selectIds})", ct, age, limit);
    }
}
