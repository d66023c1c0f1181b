using System.Net.Http.Headers;
using CourseCove.Sync.Processing;
using CourseCove.Tests.Infrastructure;
using CourseCove.Tests.Support;
using CourseCove.Worker.Processing;
using CourseCove.Worker.Retention;
using Microsoft.Extensions.Options;

namespace CourseCove.Tests.Retention;

/// <summary>
/// Base for retention tests: an environment of their own, an in-process Api on it (with the admin key), and the real
/// <see cref="RetentionPass"/> run in-process with the retention times a test chooses.
/// </summary>
public abstract class RetentionTest(AppHostFixture app) : WorkerEnvironmentTest(app)
{
    protected const string AdminKey = "retention-tests-admin-key-0123456789";

    protected static readonly TimeSpan Long = TimeSpan.FromDays(1);
    protected static readonly TimeSpan Tiny = TimeSpan.FromSeconds(1);

    /// <summary>An in-process Api whose client carries the admin key, and a sender that signs like Svix.</summary>
    protected (HttpClient Client, WebhookSender Sender) StartAdminApi()
    {
        var (api, sender) = StartApi(("Admin:ApiKey", AdminKey));
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        return (client, sender);
    }

    protected RetentionPass Pass(TimeSpan deletedUsers, TimeSpan eventPayloads, TimeSpan? dependencyHorizon = null) => new(
        Env.Db.EventLog,
        new DeletedRows(Env.Db.DataSource),
        Options.Create(new RetentionOptions { DeletedUsers = deletedUsers, EventPayloads = eventPayloads }),
        Options.Create(new WorkerOptions { DependencyHorizon = dependencyHorizon ?? TimeSpan.FromDays(3) }));

    /// <summary>Stored bodies that contain <paramref name="text"/> anywhere (an email, a name).</summary>
    protected Task<long> BodiesContainingAsync(string text) =>
        Env.Db.CountAsync("SELECT count(*) FROM webhook_events WHERE strpos(payload, $1) > 0", text);

    protected async Task<string?> PayloadAsync(string webhookId)
    {
        await using var command = Env.Db.DataSource.CreateCommand("SELECT payload FROM webhook_events WHERE webhook_id = $1");
        command.Parameters.Add(new() { Value = webhookId });
        return await command.ExecuteScalarAsync() as string;
    }

    /// <summary>The whole row as JSON text, to compare before and after.</summary>
    protected async Task<string?> RowAsync(string table, string id)
    {
        await using var command = Env.Db.DataSource.CreateCommand($"SELECT row_to_json(t)::text FROM {table} t WHERE id = $1");
        command.Parameters.Add(new() { Value = id });
        return await command.ExecuteScalarAsync() as string;
    }
}
