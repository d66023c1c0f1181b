using CourseCove.Sync.Processing;
using Npgsql;

namespace CourseCove.Worker.Reconciliation;

/// <summary>
/// One reconciliation pass at a time across every Worker: a session-level advisory lock held on a dedicated
/// connection for the length of the pass. PostgreSQL releases it when that connection closes, so a Worker that dies
/// mid-pass does not block the next one.
/// </summary>
public sealed class ReconcileLease : IAsyncDisposable
{
    private const string Key = "coursecove:reconcile";
    private readonly NpgsqlConnection _connection;

    private ReconcileLease(NpgsqlConnection connection) => _connection = connection;

    /// <summary>The lease, or null when another Worker holds it.</summary>
    public static async Task<ReconcileLease?> TryAcquireAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        var connection = await dataSource.OpenConnectionAsync(ct);
        try
        {
            if (await connection.ScalarAsync<bool>("SELECT pg_try_advisory_lock(hashtextextended($1, 0))", ct, Key))
            {
                return new ReconcileLease(connection);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // Pooled connections keep session state (No Reset On Close): unlock before handing it back.
            await _connection.ExecuteAsync("SELECT pg_advisory_unlock(hashtextextended($1, 0))", CancellationToken.None, Key);
        }
        catch (NpgsqlException)
        {
            // The session is gone, and PostgreSQL released the lock with it.
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }
}
