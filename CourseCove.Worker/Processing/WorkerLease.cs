using CourseCove.Sync.Processing;
using Npgsql;

namespace CourseCove.Worker.Processing;

/// <summary>
/// One periodic pass of a kind at a time across every Worker: a session-level advisory lock on the pass's key, held on a
/// dedicated connection for the length of the pass. PostgreSQL releases it when that connection closes, so a Worker
/// that dies mid-pass does not block the next one.
/// </summary>
public sealed class WorkerLease : IAsyncDisposable
{
    /// <summary>Reconciliation with Clerk's Backend API.</summary>
    public const string Reconcile = "coursecove:reconcile";

    /// <summary>The data retention pass.</summary>
    public const string Retention = "coursecove:retention";

    private readonly NpgsqlConnection _connection;
    private readonly string _key;

    private WorkerLease(NpgsqlConnection connection, string key) => (_connection, _key) = (connection, key);

    /// <summary>The lease on <paramref name="key"/>, or null when another Worker holds it.</summary>
    public static async Task<WorkerLease?> TryAcquireAsync(NpgsqlDataSource dataSource, string key, CancellationToken ct)
    {
        var connection = await dataSource.OpenConnectionAsync(ct);
        try
        {
            if (await connection.ScalarAsync<bool>("SELECT pg_try_advisory_lock(hashtextextended($1, 0))", ct, key))
            {
                return new WorkerLease(connection, key);
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
            await _connection.ExecuteAsync("SELECT pg_advisory_unlock(hashtextextended($1, 0))", CancellationToken.None, _key);
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
