using CourseCove.Sync.Data;
using CourseCove.Sync.Events;
using CourseCove.Sync.Processing;
using Npgsql;

namespace CourseCove.Tests.Support;

/// <summary>Drives the real <see cref="EventProcessor"/> against the real PostgreSQL and reads back what it stored.</summary>
public sealed class SyncDatabase(string connectionString) : IAsyncDisposable
{
    public NpgsqlDataSource DataSource { get; } = NpgsqlDataSource.Create(connectionString);

    public EventProcessor Processor => new(DataSource);

    public WebhookEventLog EventLog => new(DataSource);

    /// <summary>Processes one body as a delivery with the given svix-id (fresh when omitted).</summary>
    /// <param name="redriveFailed">True delivers like Clerk (a dead-lettered svix-id runs again), false like the Worker.</param>
    public async Task<ProcessingResult> DeliverAsync(
        string body, string? webhookId = null, string path = ProcessingPath.SlowPath, bool redriveFailed = true)
    {
        Assert.True(ClerkEventParser.TryParse(body, out var evt, out var error), error);
        var webhook = new ReceivedWebhook(webhookId ?? ClerkEvents.NewId("msg"), evt!.Type, body, DateTimeOffset.UtcNow);
        return await Processor.ProcessAsync(webhook, evt, path, redriveFailed, CancellationToken.None);
    }

    public Task<UserRow?> UserAsync(string id) => RowAsync(
        "SELECT email, first_name, status, deleted_at IS NOT NULL, updated_at FROM users WHERE id = $1",
        r => new UserRow(r.IsDBNull(0) ? null : r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetString(2), r.GetBoolean(3), r.GetFieldValue<DateTimeOffset>(4)),
        id);

    public Task<OrganizationRow?> OrganizationAsync(string id) => RowAsync(
        "SELECT name, slug, updated_at FROM organizations WHERE id = $1",
        r => new OrganizationRow(r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetFieldValue<DateTimeOffset>(2)),
        id);

    public Task<MembershipRow?> MembershipAsync(string id) => RowAsync(
        "SELECT id, organization_id, user_id, role FROM organization_memberships WHERE id = $1",
        r => new MembershipRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3)),
        id);

    /// <summary>The membership ids stored for an (organization, user) pair.</summary>
    public async Task<List<string>> MembershipIdsAsync(string orgId, string userId)
    {
        await using var command = Command(
            "SELECT id FROM organization_memberships WHERE organization_id = $1 AND user_id = $2", orgId, userId);
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<string>();
        while (await reader.ReadAsync()) ids.Add(reader.GetString(0));
        return ids;
    }

    public Task<EventRow?> EventAsync(string webhookId) => RowAsync(
        "SELECT status, attempts, completed_by, last_error, (SELECT count(*) FROM webhook_events w2 WHERE w2.webhook_id = $1) FROM webhook_events WHERE webhook_id = $1",
        r => new EventRow(r.GetString(0), r.GetInt32(1), r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetInt64(4)),
        webhookId);

    public async Task<long> CountAsync(string sql, params object[] values)
    {
        await using var command = Command(sql, values);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public async Task ExecuteAsync(string sql, params object[] values)
    {
        await using var command = Command(sql, values);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<T?> RowAsync<T>(string sql, Func<NpgsqlDataReader, T> read, params object[] values) where T : class
    {
        await using var command = Command(sql, values);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? read(reader) : null;
    }

    private NpgsqlCommand Command(string sql, params object[] values)
    {
        var command = DataSource.CreateCommand(sql);
        foreach (var value in values) command.Parameters.Add(new() { Value = value });
        return command;
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}

public sealed record UserRow(string? Email, string? FirstName, string Status, bool HasDeletedAt, DateTimeOffset UpdatedAt);
public sealed record OrganizationRow(string Name, string? Slug, DateTimeOffset UpdatedAt);
public sealed record MembershipRow(string Id, string OrganizationId, string UserId, string Role);
public sealed record EventRow(string Status, int Attempts, string? CompletedBy, string? LastError, long Rows);
