using CourseCove.Tests.Infrastructure;
using CourseCove.Sync.Streaming;
using StackExchange.Redis;

namespace CourseCove.Tests.Support;

/// <summary>
/// Base for tests of real Worker processes (and in-process Apis) in an environment of their own: own database, own
/// Redis database, so the AppHost's worker never takes their entries.
/// </summary>
public abstract class WorkerEnvironmentTest(AppHostFixture app) : IAsyncLifetime
{
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly List<WorkerProcess> _workers = [];
    private readonly List<IAsyncDisposable> _apis = [];

    protected AppHostFixture App => app;
    protected IsolatedEnvironment Env { get; private set; } = null!;
    protected ConnectionMultiplexer Redis { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Env = await IsolatedEnvironment.CreateAsync(app);
        Redis = await ConnectionMultiplexer.ConnectAsync(Env.RedisConnectionString);
    }

    public async Task DisposeAsync()
    {
        foreach (var worker in _workers) await worker.DisposeAsync();
        foreach (var api in _apis) await api.DisposeAsync();
        await Redis.DisposeAsync();
        await Env.DisposeAsync();
    }

    protected WorkerProcess StartWorker(string? name, params (string Key, string? Value)[] settings)
    {
        var worker = WorkerProcess.Start(name, [.. Env.Settings, .. settings]);
        _workers.Add(worker);
        return worker;
    }

    /// <summary>Starts a named Worker and waits until it reads the stream, so a timing measured after is the processing's.</summary>
    protected async Task<WorkerProcess> StartConsumingWorkerAsync(string name, params (string Key, string? Value)[] settings)
    {
        var worker = StartWorker(name, settings);
        await Eventually.HoldsAsync(async () =>
        {
            try
            {
                var consumers = await Redis.GetDatabase().StreamConsumerInfoAsync(WebhookStream.Key, WebhookStream.ConsumerGroup);
                return consumers.Any(c => c.Name == name);
            }
            catch (RedisServerException)
            {
                return false; // no stream or group yet
            }
        }, Patience, $"worker {name} reads the stream");
        return worker;
    }

    /// <summary>An in-process Api on this environment, and a sender that signs with the AppHost's secret.</summary>
    protected (ApiFactory Api, WebhookSender Sender) StartApi(params (string Key, string? Value)[] settings)
    {
        var api = new ApiFactory(app, [.. Env.Settings, .. settings]);
        _apis.Add(api);
        return (api, new WebhookSender(api.CreateClient(), app.SigningSecret));
    }

    protected async Task<EventRow> EventuallyStatusAsync(string webhookId, string status, string what, TimeSpan? within = null)
    {
        await Eventually.HoldsAsync(async () => (await Env.Db.EventAsync(webhookId))?.Status == status, within ?? Patience, what);
        return (await Env.Db.EventAsync(webhookId))!;
    }
}
