using CourseCove.Api.Webhooks;
using CourseCove.Tests.Infrastructure;
using CourseCove.Worker.Processing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CourseCove.Tests.Support;

/// <summary>
/// An in-process service with its own configuration (a second secret, a dead PostgreSQL, an isolated environment)
/// against the real PostgreSQL and Redis of the running AppHost; for what the AppHost's own processes cannot be bent to.
/// </summary>
public class InProcessService<TEntryPoint>(AppHostFixture app, params (string Key, string? Value)[] settings)
    : WebApplicationFactory<TEntryPoint> where TEntryPoint : class
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:coursecove", app.DatabaseConnectionString);
        builder.UseSetting("ConnectionStrings:redis", app.RedisConnectionString);
        builder.UseSetting("Clerk:WebhookSigningSecret", app.SigningSecret);
        // The AppHost's api already migrated; a dead database must not stop this one from starting.
        builder.UseSetting("Database:MigrateOnStart", "false");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}

/// <summary>An in-process Api.</summary>
public sealed class ApiFactory(AppHostFixture app, params (string Key, string? Value)[] settings)
    : InProcessService<SignatureVerifier>(app, settings)
{
    /// <summary>A connection string to a port nothing listens on.</summary>
    public const string DeadPostgres = "Host=127.0.0.1;Port=1;Username=postgres;Password=x;Database=coursecove;Timeout=2";
    public const string DeadRedis = "127.0.0.1:1,abortConnect=false,connectTimeout=500,syncTimeout=500,asyncTimeout=500";
}

/// <summary>An in-process Worker (its hosted services start with the host).</summary>
public sealed class WorkerFactory(AppHostFixture app, params (string Key, string? Value)[] settings)
    : InProcessService<WorkerOptions>(app, settings)
{
    /// <summary>Starts the host, and with it the consumer, the scheduler and the listeners.</summary>
    public void Start() => _ = Server;
}
