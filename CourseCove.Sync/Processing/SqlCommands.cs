using Npgsql;

namespace CourseCove.Sync.Processing;

/// <summary>Positional-parameter helpers so the processing SQL reads as SQL.</summary>
public static class SqlCommands
{
    public static NpgsqlCommand Command(this NpgsqlConnection connection, string sql, params object?[] values)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return command;
    }

    /// <summary>Adds a statement with positional parameters to the batch.</summary>
    public static void Add(this NpgsqlBatch batch, string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        batch.BatchCommands.Add(command);
    }

    public static async Task<int> ExecuteAsync(
        this NpgsqlConnection connection, string sql, CancellationToken ct, params object?[] values)
    {
        await using var command = connection.Command(sql, values);
        return await command.ExecuteNonQueryAsync(ct);
    }

    public static async Task<T?> ScalarAsync<T>(
        this NpgsqlConnection connection, string sql, CancellationToken ct, params object?[] values)
    {
        await using var command = connection.Command(sql, values);
        var result = await command.ExecuteScalarAsync(ct);
        return result is null or DBNull ? default : (T)result;
    }
}
