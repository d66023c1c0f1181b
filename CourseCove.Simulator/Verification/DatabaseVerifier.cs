using System.Diagnostics;
using CourseCove.Simulator.History;
using CourseCove.Simulator.Truth;
using CourseCove.Sync.Events;
using Npgsql;

namespace CourseCove.Simulator.Verification;

/// <summary>
/// Compares CourseCove's PostgreSQL with Clerk's truth for the ids of one history only, so a database shared with
/// other data still verifies; also checks that every svix-id of the history was completed.
/// </summary>
public sealed partial class DatabaseVerifier(string connectionString, ClerkHistory history, TruthModel model)
{
    /// <summary>Human-readable differences, sorted; empty when the database matches.</summary>
    public async Task<IReadOnlyList<string>> VerifyAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        List<string> differences = [];
        differences.AddRange(await CompareUsersAsync(connection, cancellationToken));
        differences.AddRange(await CompareOrganizationsAsync(connection, cancellationToken));
        differences.AddRange(await CompareMembershipsAsync(connection, cancellationToken));
        differences.AddRange(await CompareWebhookEventsAsync(connection, cancellationToken));
        return differences;
    }

    /// <summary>
    /// Polls until the database matches (time-to-consistency), or the timeout passes. A database that cannot be
    /// reached counts as not yet consistent, so this also waits out an outage.
    /// </summary>
    public async Task<ConsistencyResult> WaitForConsistencyAsync(TimeSpan timeout, TimeSpan? pollInterval = null,
        CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var interval = pollInterval ?? TimeSpan.FromMilliseconds(100);
        while (true)
        {
            IReadOnlyList<string> differences;
            try
            {
                differences = await VerifyAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
            {
                differences = [$"The database could not be read: {ex.Message}"];
            }

            var elapsed = Stopwatch.GetElapsedTime(started);
            if (differences.Count == 0 || elapsed >= timeout)
            {
                return new ConsistencyResult(differences.Count == 0, elapsed, differences);
            }

            await Task.Delay(interval, cancellationToken);
        }
    }

    private IEnumerable<string> IdsOf(params string[] types) =>
        history.Events.Where(e => types.Contains(e.Type)).Select(e => e.ObjectId).Distinct(StringComparer.Ordinal);

    private IEnumerable<string> UserIds => IdsOf(
        ClerkEventTypes.UserCreated, ClerkEventTypes.UserUpdated, ClerkEventTypes.UserDeleted);

    private IEnumerable<string> OrganizationIds => IdsOf(
        ClerkEventTypes.OrganizationCreated, ClerkEventTypes.OrganizationUpdated, ClerkEventTypes.OrganizationDeleted);

    private IEnumerable<string> MembershipIds => IdsOf(
        ClerkEventTypes.MembershipCreated, ClerkEventTypes.MembershipUpdated, ClerkEventTypes.MembershipDeleted);

    private static async Task<Dictionary<string, object?[]>> ReadAsync(
        NpgsqlConnection connection, string sql, string[] ids, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new() { Value = ids } } };
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new Dictionary<string, object?[]>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
        {
            var values = new object?[reader.FieldCount];
            for (var i = 0; i < reader.FieldCount; i++)
            {
                values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows[reader.GetString(0)] = values;
        }

        return rows;
    }
}

/// <summary>Whether the database caught up with Clerk's truth, how long that took, and what still differed if not.</summary>
public sealed record ConsistencyResult(bool IsConsistent, TimeSpan Elapsed, IReadOnlyList<string> Differences);
