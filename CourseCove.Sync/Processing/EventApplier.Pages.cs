using CourseCove.Sync.Data;
using CourseCove.Sync.Events;
using Npgsql;

namespace CourseCove.Sync.Processing;

// The same rules for a page of snapshots from Clerk's Backend API, one statement per page instead of one per object:
// the updated_at guard, soft-deleted users and tombstones exactly as in the one-event plans above. What one statement
// cannot decide alone — a repeated id or (organization, user) pair within the page, a membership whose pair another
// membership holds, or whose user or organization is missing — is deferred to the one-event plans, run after it in the
// same transaction, so a page ends exactly as applying its objects one by one in id order would.
internal static partial class EventApplier
{
    /// <summary>What one page statement did; <see cref="Deferred"/> still has to go through the one-event plans.</summary>
    public sealed record PageOutcome(int Created, int Updated, string[] Settled, List<ClerkEvent> Deferred);

    /// <summary>
    /// Applies a page of snapshots of one kind (users, organizations or memberships, as <c>*.updated</c> events, in id
    /// order, their advisory locks already held) inside the caller's transaction.
    /// </summary>
    public static async Task<PageOutcome> ApplyPageAsync(NpgsqlConnection db, IReadOnlyList<ClerkEvent> events, CancellationToken ct)
    {
        var deferred = new List<ClerkEvent>();
        var page = new List<ClerkEvent>(events.Count);
        HashSet<string> seen = new(StringComparer.Ordinal);
        foreach (var evt in events)
        {
            // A second object with the same id or pair in one page: one statement cannot write a row twice.
            var fresh = evt.Membership is { } m
                ? seen.Add(m.Id) & seen.Add($"{m.Organization.Id}\n{m.PublicUserData.UserId}")
                : seen.Add(EventSubject.ObjectIdOf(evt));
            (fresh ? page : deferred).Add(evt);
        }

        await using var command = page[0] switch
        {
            { User: not null } => UsersPage(db, [.. page.Select(e => e.User!)]),
            { Organization: not null } => OrganizationsPage(db, [.. page.Select(e => e.Organization!)]),
            _ => MembershipsPage(db, [.. page.Select(e => e.Membership!)]),
        };

        // One row per object the statement did not leave alone: (id, 'created' | 'updated' | 'deferred', waited for).
        var byId = page.ToDictionary(EventSubject.ObjectIdOf, StringComparer.Ordinal);
        int created = 0, updated = 0;
        List<string> settled = [];
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var id = reader.GetString(0);
            switch (reader.GetString(1))
            {
                case "deferred": deferred.Add(byId[id]); continue;
                case "created": created++; break;
                default: updated++; break;
            }

            if (reader.GetBoolean(2))
            {
                settled.Add(byId[id].User is not null ? DependencyKeys.User(id) : DependencyKeys.Organization(id));
            }
        }

        var deferredInIdOrder = deferred.OrderBy(EventSubject.ObjectIdOf, StringComparer.Ordinal).ToList();
        return new PageOutcome(created, updated, [.. settled], deferredInIdOrder);
    }

    private static NpgsqlCommand UsersPage(NpgsqlConnection db, ClerkUser[] users) => db.Command($"""
        WITH input AS (
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::timestamptz[])
                AS i(id, email, first_name, last_name, username, image_url, created_at, updated_at)),
        upserted AS (
            INSERT INTO users (id, email, first_name, last_name, username, image_url, status, created_at, updated_at, synced_at)
            SELECT id, email, first_name, last_name, username, image_url, '{User.Active}', created_at, updated_at, now() FROM input
            ON CONFLICT (id) DO UPDATE SET
                email = EXCLUDED.email, first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name,
                username = EXCLUDED.username, image_url = EXCLUDED.image_url,
                created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at, synced_at = now()
            WHERE users.status <> '{Deleted}' AND users.updated_at < EXCLUDED.updated_at
            RETURNING id, xmax = 0 AS created)
        {Settling("upserted", DependencyKeys.UserPrefix)}
        """,
        users.Select(u => u.Id).ToArray(), users.Select(u => u.PrimaryEmail).ToArray(), users.Select(u => u.FirstName).ToArray(),
        users.Select(u => u.LastName).ToArray(), users.Select(u => u.Username).ToArray(), users.Select(u => u.ImageUrl).ToArray(),
        users.Select(u => FromMs(u.CreatedAt)).ToArray(), users.Select(u => FromMs(u.UpdatedAt)).ToArray());

    private static NpgsqlCommand OrganizationsPage(NpgsqlConnection db, ClerkOrganization[] organizations) => db.Command($"""
        WITH input AS (
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[])
                AS i(id, name, slug, image_url, created_at, updated_at)),
        upserted AS (
            INSERT INTO organizations (id, name, slug, image_url, created_at, updated_at, synced_at)
            SELECT id, name, slug, image_url, created_at, updated_at, now() FROM input
            WHERE NOT EXISTS (SELECT 1 FROM tombstones t WHERE t.kind = '{OrganizationTomb}' AND t.id = input.id)
            ON CONFLICT (id) DO UPDATE SET
                name = EXCLUDED.name, slug = EXCLUDED.slug, image_url = EXCLUDED.image_url,
                created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at, synced_at = now()
            WHERE organizations.updated_at < EXCLUDED.updated_at
            RETURNING id, xmax = 0 AS created)
        {Settling("upserted", DependencyKeys.OrganizationPrefix)}
        """,
        organizations.Select(o => o.Id).ToArray(), organizations.Select(o => o.Name).ToArray(), organizations.Select(o => o.Slug).ToArray(),
        organizations.Select(o => o.ImageUrl).ToArray(), organizations.Select(o => FromMs(o.CreatedAt)).ToArray(),
        organizations.Select(o => FromMs(o.UpdatedAt)).ToArray());

    /// <summary>
    /// The rows a page changed, each with whether an event waits for it (parked or dead-lettered): one probe of the
    /// waiting index for the whole page.
    /// </summary>
    private static string Settling(string changed, string prefix) => $"""
        , waited AS (
            SELECT DISTINCT key FROM webhook_events w, unnest(w.waiting_for) AS key
            WHERE {WebhookEventLog.Waiting("w")} AND w.waiting_for && (SELECT array_agg('{prefix}' || id) FROM {changed}))
        SELECT c.id, CASE WHEN c.created THEN 'created' ELSE 'updated' END, ('{prefix}' || c.id) IN (SELECT key FROM waited)
        FROM {changed} c
        """;

    // Memberships the statement decides: neither moot (tombstoned, or its organization tombstoned or user deleted: no
    // effect) nor waiting nor contested by another membership of the pair — those go to the one-event plan.
    private static NpgsqlCommand MembershipsPage(NpgsqlConnection db, ClerkMembership[] memberships) => db.Command($"""
        WITH input AS (
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[])
                AS i(id, organization_id, user_id, role, created_at, updated_at)),
        classified AS (
            SELECT input.*,
                   EXISTS (SELECT 1 FROM tombstones t WHERE t.kind = '{MembershipTomb}' AND t.id = input.id)
                   OR EXISTS (SELECT 1 FROM tombstones t WHERE t.kind = '{OrganizationTomb}' AND t.id = input.organization_id)
                   OR EXISTS (SELECT 1 FROM users u WHERE u.id = input.user_id AND u.status = '{Deleted}') AS moot,
                   NOT EXISTS (SELECT 1 FROM organizations o WHERE o.id = input.organization_id)
                   OR NOT EXISTS (SELECT 1 FROM users u WHERE u.id = input.user_id)
                   OR EXISTS (SELECT 1 FROM organization_memberships h
                              WHERE h.organization_id = input.organization_id AND h.user_id = input.user_id AND h.id <> input.id) AS deferred
            FROM input),
        upserted AS (
            INSERT INTO organization_memberships (id, organization_id, user_id, role, created_at, updated_at, synced_at)
            SELECT id, organization_id, user_id, role, created_at, updated_at, now() FROM classified WHERE NOT moot AND NOT deferred
            ON CONFLICT (id) DO UPDATE SET role = EXCLUDED.role, updated_at = EXCLUDED.updated_at, synced_at = now()
            WHERE organization_memberships.updated_at < EXCLUDED.updated_at
            RETURNING id, xmax = 0 AS created)
        SELECT id, CASE WHEN created THEN 'created' ELSE 'updated' END, false FROM upserted
        UNION ALL SELECT id, 'deferred', false FROM classified WHERE deferred AND NOT moot
        """,
        memberships.Select(m => m.Id).ToArray(), memberships.Select(m => m.Organization.Id).ToArray(),
        memberships.Select(m => m.PublicUserData.UserId).ToArray(), memberships.Select(m => m.Role).ToArray(),
        memberships.Select(m => FromMs(m.CreatedAt)).ToArray(), memberships.Select(m => FromMs(m.UpdatedAt)).ToArray());
}
