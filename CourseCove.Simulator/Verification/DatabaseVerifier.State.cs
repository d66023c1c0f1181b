using Npgsql;

namespace CourseCove.Simulator.Verification;

public sealed partial class DatabaseVerifier
{
    /// <summary>
    /// Compares only the synced tables, not <c>webhook_events</c>: for a database filled from Clerk's Backend API rather
    /// than by webhooks. A user deleted in Clerk may then be absent as well as DELETED: the API never lists deleted
    /// users, so a backfill has no row for one it never saw.
    /// </summary>
    public async Task<IReadOnlyList<string>> VerifyStateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        List<string> differences = [];
        differences.AddRange((await CompareUsersAsync(connection, cancellationToken))
            .Where(d => !d.EndsWith(": missing (expected DELETED)", StringComparison.Ordinal)));
        differences.AddRange(await CompareOrganizationsAsync(connection, cancellationToken));
        differences.AddRange(await CompareMembershipsAsync(connection, cancellationToken));
        return differences;
    }
}
