using CourseCove.Sync.Data;
using CourseCove.Sync.Processing;
using Npgsql;

namespace CourseCove.Api.Tenants;

/// <summary>What one request may see of the synced tables, read as the tenant role under row-level security.</summary>
internal sealed record TenantView(
    UserAnswer? User, bool UserDeleted, IReadOnlyList<OrganizationAnswer> Organizations, OrganizationAnswer? Active, MembersAnswer? Members)
{
    /// <summary>The active organization as the signed-in user's membership shows it (null when not a member here).</summary>
    public OrganizationAnswer? ActiveMembership => Active is null ? null : Organizations.FirstOrDefault(o => o.Id == Active.Id);
}

/// <summary>
/// Reads in one transaction that first becomes <c>coursecove_app</c> (SET LOCAL ROLE) and sets <c>app.user_id</c> /
/// <c>app.org_id</c> transaction-locally: PostgreSQL's policies, not this code, decide which rows exist, and nothing
/// outlives the transaction on the pooled connection (which is not reset between uses). One round trip and a commit.
/// </summary>
internal sealed class TenantReader(NpgsqlDataSource dataSource)
{
    public const int MaxPageSize = 100;

    public async Task<TenantView> ReadAsync(ClerkSession session, (int Limit, int Offset)? page, CancellationToken ct)
    {
        await using var db = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await db.BeginTransactionAsync(ct);
        await using var batch = new NpgsqlBatch(db, tx);
        // set_config('role', ..., true) is SET LOCAL ROLE, in the same statement as the two settings. JIT off: Npgsql
        // prepares these statements, PostgreSQL then runs a generic plan whose estimate under the policies passes
        // jit_above_cost, and compiling it took 500 ms of a 7 ms members page, on every request.
        batch.Add("SELECT set_config('role', $1, true), set_config($2, $3, true), set_config($4, $5, true), set_config('jit', 'off', true)",
            TenantAccess.Role, TenantAccess.UserSetting, session.UserId, TenantAccess.OrganizationSetting, session.OrganizationId ?? "");
        // The WHERE clauses say what the endpoint wants; the policies guarantee nothing else could come back.
        batch.Add("SELECT id, email, first_name, last_name, username, image_url, status FROM users WHERE id = $1", session.UserId);
        batch.Add("""
            SELECT o.id, o.name, o.slug, m.role FROM organization_memberships m JOIN organizations o ON o.id = m.organization_id
            WHERE m.user_id = $1 ORDER BY o.name, o.id
            """, session.UserId);
        batch.Add("SELECT id, name, slug FROM organizations WHERE id = $1", session.OrganizationId ?? "");
        if (page is { } p)
        {
            // Each member's user by its key (LATERAL ... OFFSET 0 keeps the planner from joining the whole users table
            // instead): a page costs the organization's members, not every user, and the users policy is checked on
            // those rows only — the hash join it chose at 50,000 users cost 17 ms, 53 ms under the policies.
            batch.Add("""
                SELECT m.user_id, u.email, u.first_name, u.last_name, m.role
                FROM organization_memberships m
                CROSS JOIN LATERAL (SELECT email, first_name, last_name FROM users WHERE id = m.user_id OFFSET 0) u
                WHERE m.organization_id = $1
                ORDER BY u.first_name NULLS LAST, u.last_name NULLS LAST, m.user_id
                LIMIT $2 OFFSET $3
                """, session.OrganizationId ?? "", p.Limit, p.Offset);
            batch.Add("SELECT count(*) FROM organization_memberships WHERE organization_id = $1", session.OrganizationId ?? "");
        }

        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct); // past the settings
        var user = await reader.ReadAsync(ct)
            ? (new UserAnswer(reader.GetString(0), Text(reader, 1), Text(reader, 2), Text(reader, 3), Text(reader, 4), Text(reader, 5)),
                reader.GetString(6) == User.Deleted)
            : default;
        await reader.NextResultAsync(ct);
        var organizations = new List<OrganizationAnswer>();
        while (await reader.ReadAsync(ct))
        {
            organizations.Add(new(reader.GetString(0), reader.GetString(1), Text(reader, 2), reader.GetString(3)));
        }

        await reader.NextResultAsync(ct);
        var active = await reader.ReadAsync(ct) ? new OrganizationAnswer(reader.GetString(0), reader.GetString(1), Text(reader, 2), null) : null;
        var members = page is null ? null : await ReadMembersAsync(reader, ct);
        await reader.DisposeAsync();
        await tx.CommitAsync(ct);
        return new TenantView(user.Item1, user.Item2, organizations, active, members);
    }

    private static async Task<MembersAnswer> ReadMembersAsync(NpgsqlDataReader reader, CancellationToken ct)
    {
        await reader.NextResultAsync(ct);
        var members = new List<MemberAnswer>();
        while (await reader.ReadAsync(ct))
        {
            members.Add(new(reader.GetString(0), Text(reader, 1), Text(reader, 2), Text(reader, 3), reader.GetString(4)));
        }

        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        return new MembersAnswer(members, reader.GetInt64(0));
    }

    private static string? Text(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);
}
