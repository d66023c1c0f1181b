using CourseCove.Sync.Telemetry;

namespace CourseCove.Tests.Monitoring;

/// <summary>Database spans are named after what the statement does, never after values in it.</summary>
public sealed class DatabaseSpanNameTests
{
    [Theory]
    [InlineData("SELECT id FROM webhook_events WHERE status = 'pending'", "SELECT webhook_events")]
    [InlineData("  -- due events\n  UPDATE webhook_events SET attempts = attempts + 1 WHERE webhook_id = $1", "UPDATE webhook_events")]
    [InlineData("INSERT INTO users (id, email) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET email = excluded.email", "INSERT users")]
    [InlineData("WITH inserted AS (INSERT INTO webhook_events (webhook_id) VALUES ($1) RETURNING id) SELECT id FROM inserted", "INSERT webhook_events")]
    [InlineData("SELECT EXISTS (SELECT 1 FROM tombstones WHERE kind = 'membership' AND id = $1)", "SELECT tombstones")]
    [InlineData("SELECT m.\"MigrationId\" FROM \"__EFMigrationsHistory\" AS m", "SELECT __EFMigrationsHistory")]
    [InlineData("CREATE TABLE IF NOT EXISTS \"__EFMigrationsHistory\" (migration_id text)", "CREATE __EFMigrationsHistory")]
    [InlineData("DELETE FROM organization_memberships WHERE user_id = 'FROM evil'", "DELETE organization_memberships")]
    [InlineData("/* from: worker */ SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", "SELECT pg_advisory_xact_lock")]
    [InlineData("SELECT 1", "SELECT")]
    [InlineData("COMMIT", "COMMIT")]
    [InlineData("select count(*) from public.webhook_events", "SELECT public.webhook_events")]
    [InlineData("", "postgresql")]
    [InlineData("$1", "postgresql")]
    public void StatementIsNamedByOperationAndTable(string sql, string expected) =>
        Assert.Equal(expected, DatabaseSpanNames.Summarize(sql));
}
