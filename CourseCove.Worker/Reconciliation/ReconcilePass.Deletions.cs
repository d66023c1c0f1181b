using CourseCove.Sync.Clerk;
using CourseCove.Sync.Events;
using CourseCove.Sync.Processing;
using static CourseCove.Sync.Telemetry.ReconcileTelemetry;

namespace CourseCove.Worker.Reconciliation;

// Deleting what Clerk no longer has: only rows older than the pass, only after the whole read succeeded, and each one
// confirmed by a second look. Offset paging skips a row whenever an earlier one is deleted while we read, so "not
// seen" alone is no proof; Clerk's own answer for that id is.
public sealed partial class ReconcilePass
{
    private const int UsersPerLookup = 100;
    private const int DeletionsPerTransaction = 500;

    private async Task DeleteWhatClerkNoLongerHasAsync(DateTimeOffset passStart, SeenObjects seen, ReconcileProgress progress, CancellationToken ct)
    {
        var users = await CandidatesAsync(
            "SELECT id FROM users WHERE status = 'ACTIVE' AND synced_at < $1 AND NOT (id = ANY($2))", passStart, seen.Users, ct);
        var organizations = await CandidatesAsync(
            "SELECT id FROM organizations WHERE synced_at < $1 AND NOT (id = ANY($2))", passStart, seen.Organizations, ct);
        var memberships = await MembershipCandidatesAsync(passStart, seen.Memberships, ct);
        LogCandidates(logger, users.Count, organizations.Count, memberships.Count);

        var goneUsers = await ConfirmUsersGoneAsync(users, progress, ct);
        var goneOrganizations = await ConfirmOrganizationsGoneAsync(organizations, progress, ct);
        var goneMemberships = await ConfirmMembershipsGoneAsync(memberships, goneOrganizations, progress, ct);

        // Every look succeeded: now, and only now, delete.
        var deletedAt = clock.GetUtcNow();
        foreach (var batch in goneMemberships.Chunk(DeletionsPerTransaction))
        {
            progress.Applied(Membership, await applier.DeleteMembershipsAsync(batch, deletedAt, ct));
        }

        foreach (var batch in goneUsers.Chunk(DeletionsPerTransaction))
        {
            progress.Applied(User, await applier.DeleteUsersAsync(batch, deletedAt, ct));
        }

        foreach (var batch in goneOrganizations.Chunk(DeletionsPerTransaction))
        {
            progress.Applied(Organization, await applier.DeleteOrganizationsAsync(batch, deletedAt, ct));
        }
    }

    private async Task<List<string>> ConfirmUsersGoneAsync(List<string> candidates, ReconcileProgress progress, CancellationToken ct)
    {
        List<string> gone = [];
        foreach (var batch in candidates.Chunk(UsersPerLookup))
        {
            var found = await clerk.ListUsersByIdAsync(batch, ct);
            var present = found.Items.Select(u => u.Id).Concat(found.UnreadableIds).ToHashSet(StringComparer.Ordinal);
            gone.AddRange(batch.Where(id => !present.Contains(id)));
            progress.Fetched(User, found.Count);
            progress.Applied(User, await applier.ApplyUsersAsync(found.Items, ct));
        }

        return gone;
    }

    private async Task<List<string>> ConfirmOrganizationsGoneAsync(List<string> candidates, ReconcileProgress progress, CancellationToken ct)
    {
        List<string> gone = [];
        foreach (var id in candidates)
        {
            if (await clerk.GetOrganizationAsync(id, ct) is { } organization)
            {
                progress.Fetched(Organization, 1);
                progress.Applied(Organization, await applier.ApplyOrganizationsAsync([organization], ct));
            }
            else
            {
                gone.Add(id);
            }
        }

        return gone;
    }

    /// <summary>Looks at each organization's member list; an organization Clerk no longer has joins <paramref name="goneOrganizations"/>.</summary>
    private async Task<List<ClerkMembership>> ConfirmMembershipsGoneAsync(
        List<ClerkMembership> candidates, List<string> goneOrganizations, ReconcileProgress progress, CancellationToken ct)
    {
        List<ClerkMembership> gone = [];
        foreach (var group in candidates.GroupBy(m => m.Organization.Id, StringComparer.Ordinal))
        {
            // Deleting the organization removes its memberships with it.
            if (goneOrganizations.Contains(group.Key))
            {
                continue;
            }

            var ids = group.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
            var present = new HashSet<string>(StringComparer.Ordinal);
            for (var offset = 0; ; offset += PageSize)
            {
                var page = await clerk.ListOrganizationMembershipsAsync(group.Key, offset, PageSize, ct);
                if (page is null)
                {
                    goneOrganizations.Add(group.Key);
                    break;
                }

                var wanted = page.Items.Where(m => ids.Contains(m.Id)).ToList();
                present.UnionWith(wanted.Select(m => m.Id).Concat(page.UnreadableIds));
                progress.Fetched(Membership, wanted.Count);
                progress.Applied(Membership, await ApplyMembershipsAsync(wanted, ct));
                if (page.Count < PageSize)
                {
                    gone.AddRange(group.Where(m => !present.Contains(m.Id)));
                    break;
                }
            }
        }

        return gone;
    }

    private async Task<List<string>> CandidatesAsync(string sql, DateTimeOffset passStart, HashSet<string> seen, CancellationToken ct)
    {
        await using var db = await dataSource.OpenConnectionAsync(ct);
        await using var query = db.Command(sql, passStart, seen.ToArray());
        await using var reader = await query.ExecuteReaderAsync(ct);
        List<string> ids = [];
        while (await reader.ReadAsync(ct))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private async Task<List<ClerkMembership>> MembershipCandidatesAsync(DateTimeOffset passStart, HashSet<string> seen, CancellationToken ct)
    {
        await using var db = await dataSource.OpenConnectionAsync(ct);
        await using var query = db.Command("""
            SELECT id, role, organization_id, user_id, created_at, updated_at FROM organization_memberships
            WHERE synced_at < $1 AND NOT (id = ANY($2))
            """, passStart, seen.ToArray());
        await using var reader = await query.ExecuteReaderAsync(ct);
        List<ClerkMembership> rows = [];
        while (await reader.ReadAsync(ct))
        {
            // The stored row in the shape the ordering rules take: a membership deletion names its organization and user.
            rows.Add(new ClerkMembership(reader.GetString(0), reader.GetString(1), new ClerkMembershipOrganization(reader.GetString(2)),
                new ClerkPublicUserData(reader.GetString(3)), reader.GetFieldValue<DateTimeOffset>(4).ToUnixTimeMilliseconds(),
                reader.GetFieldValue<DateTimeOffset>(5).ToUnixTimeMilliseconds()));
        }

        return rows;
    }

    [LoggerMessage(LogLevel.Information,
        "Read all of Clerk; second look at {Users} users, {Organizations} organizations and {Memberships} memberships it did not list")]
    private static partial void LogCandidates(ILogger logger, int users, int organizations, int memberships);
}
