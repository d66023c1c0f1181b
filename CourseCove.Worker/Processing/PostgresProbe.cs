using Npgsql;

namespace CourseCove.Worker.Processing;

/// <summary>Waits until PostgreSQL answers again, so the consumer pauses through an outage instead of churning entries.</summary>
public sealed partial class PostgresProbe(NpgsqlDataSource dataSource, ILogger<PostgresProbe> logger)
{
    public async Task WaitUntilReachableAsync(TimeSpan interval, CancellationToken ct)
    {
        LogPaused(logger);
        while (true)
        {
            try
            {
                await using var command = dataSource.CreateCommand("SELECT 1");
                await command.ExecuteScalarAsync(ct);
                LogResumed(logger);
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException && !ct.IsCancellationRequested)
            {
                await Task.Delay(interval, ct);
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "PostgreSQL is unreachable: pausing the stream consumer until it answers")]
    private static partial void LogPaused(ILogger logger);

    [LoggerMessage(LogLevel.Information, "PostgreSQL answers again: resuming the stream consumer")]
    private static partial void LogResumed(ILogger logger);
}
