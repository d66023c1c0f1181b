using System.Net.Sockets;
using Npgsql;

namespace CourseCove.Sync.Processing;

/// <summary>
/// Classifies a database failure by what happened. "Unreachable" — the server could not be reached or is going away
/// (socket, timeout, exhausted pool, connection exceptions 08xxx, shutdown 57P01-57P03, too many connections 53300) —
/// means nothing was stored and trying elsewhere or later is right. Every other server answer (data, constraint,
/// limits, a trigger) means the server was there and said no: the event is recorded, not re-sent.
/// </summary>
public static class DatabaseErrors
{
    public static bool IsUnreachable(Exception exception) => exception switch
    {
        PostgresException pg => pg.SqlState.StartsWith("08", StringComparison.Ordinal)
            || pg.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
                or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections,
        // Npgsql's own failures: I/O, timeouts, the pool exhausted; the server never answered.
        NpgsqlException => true,
        SocketException or TimeoutException => true,
        _ => false,
    };
}
