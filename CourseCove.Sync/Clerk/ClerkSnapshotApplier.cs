using CourseCove.Sync.Events;
using CourseCove.Sync.Processing;
using Npgsql;
using Polly;
using Polly.Registry;

namespace CourseCove.Sync.Clerk;

/// <summary>
/// Applies what the Backend API returns through the same ordering rules as webhooks (<see cref="EventApplier"/>):
/// a snapshot is an <c>*.updated</c> event, a confirmed absence a <c>*.deleted</c> one, so the <c>updated_at</c> guard,
/// tombstones, soft-deleted users and hard-deleted organizations hold exactly as for webhooks. One transaction per
/// batch, objects in id order (the order the rules take their locks in); no <c>webhook_events</c> row is written.
/// A page of users, organizations or memberships is one statement (<see cref="EventApplier.ApplyPageAsync"/>);
/// deletions, and what that statement defers, go object by object.
/// </summary>
public sealed class ClerkSnapshotApplier(NpgsqlDataSource dataSource, ResiliencePipelineProvider<string> pipelines)
{
    private readonly ResiliencePipeline _pipeline = pipelines.GetPipeline(ClerkApiExtensions.ApplyPipeline);

    public Task<SnapshotOutcome> ApplyUsersAsync(IReadOnlyList<ClerkUser> users, CancellationToken ct) =>
        ApplyAsync(Table.Users, users.Select(u => Event(ClerkEventTypes.UserUpdated) with { User = u }).ToList(), ct);

    public Task<SnapshotOutcome> ApplyOrganizationsAsync(IReadOnlyList<ClerkOrganization> organizations, CancellationToken ct) =>
        ApplyAsync(Table.Organizations,
            organizations.Select(o => Event(ClerkEventTypes.OrganizationUpdated) with { Organization = o }).ToList(), ct);

    public Task<SnapshotOutcome> ApplyMembershipsAsync(IReadOnlyList<ClerkMembership> memberships, CancellationToken ct) =>
        ApplyAsync(Table.Memberships,
            memberships.Select(m => Event(ClerkEventTypes.MembershipUpdated) with { Membership = m }).ToList(), ct);

    /// <summary>Soft-deletes users Clerk no longer has (their memberships go with them).</summary>
    public Task<SnapshotOutcome> DeleteUsersAsync(IReadOnlyList<string> ids, DateTimeOffset deletedAt, CancellationToken ct) =>
        ApplyAsync(Table.None, ids.Select(id => Event(ClerkEventTypes.UserDeleted) with { Deleted = new(id, true) }).ToList(), ct, deletedAt);

    /// <summary>Hard-deletes and tombstones organizations Clerk no longer has (memberships cascade).</summary>
    public Task<SnapshotOutcome> DeleteOrganizationsAsync(IReadOnlyList<string> ids, DateTimeOffset deletedAt, CancellationToken ct) =>
        ApplyAsync(Table.None, ids.Select(id => Event(ClerkEventTypes.OrganizationDeleted) with { Deleted = new(id, true) }).ToList(), ct, deletedAt);

    /// <summary>Deletes and tombstones memberships Clerk no longer has.</summary>
    public Task<SnapshotOutcome> DeleteMembershipsAsync(IReadOnlyList<ClerkMembership> memberships, DateTimeOffset deletedAt, CancellationToken ct) =>
        ApplyAsync(Table.None, memberships.Select(m => Event(ClerkEventTypes.MembershipDeleted) with { Membership = m }).ToList(), ct, deletedAt);

    internal enum Table { None, Users, Organizations, Memberships }

    private static ClerkEvent Event(string type) => new(type, null);

    private async Task<SnapshotOutcome> ApplyAsync(
        Table table, IReadOnlyList<ClerkEvent> events, CancellationToken ct, DateTimeOffset? deletedAt = null)
    {
        if (events.Count == 0)
        {
            return SnapshotOutcome.None;
        }

        var ordered = events.OrderBy(EventSubject.ObjectIdOf, StringComparer.Ordinal).ToList();
        // A deadlock with a concurrent webhook rolls the whole batch back: it runs again from the start.
        return await _pipeline.ExecuteAsync(async token =>
        {
            await using var db = await dataSource.OpenConnectionAsync(token);
            await using var tx = await db.BeginTransactionAsync(token);
            await SnapshotRows.LockAllAsync(db, ordered, token);
            var tally = new SnapshotTally(deletedAt is not null);
            var oneByOne = ordered;
            if (table != Table.None)
            {
                // The page in one statement; what it cannot decide alone goes through the one-event plans below.
                var page = await EventApplier.ApplyPageAsync(db, ordered, token);
                tally.Add(page, ordered.Count);
                oneByOne = page.Deferred;
            }

            var stored = oneByOne.Count == 0 ? [] : await SnapshotRows.StoredAsync(db, table, oneByOne, token);
            foreach (var evt in oneByOne)
            {
                var row = stored.GetValueOrDefault(EventSubject.ObjectIdOf(evt));
                // Stored at this version or newer, or deleted here: the rules would change nothing, so skip the round trips.
                var outcome = row is not null && row.Covers(UpdatedAtOf(evt))
                    ? ApplyOutcome.NoEffect
                    : await EventApplier.ApplyAsync(db, evt, deletedAt ?? DateTimeOffset.UtcNow, token);
                tally.Add(evt, outcome, row is { Deleted: false });
            }

            await tx.CommitAsync(token);
            return tally.ToOutcome();
        }, ct);
    }

    private static DateTimeOffset UpdatedAtOf(ClerkEvent evt) => DateTimeOffset.FromUnixTimeMilliseconds(
        evt.User?.UpdatedAt ?? evt.Organization?.UpdatedAt ?? evt.Membership?.UpdatedAt ?? 0);
}
