using CourseCove.Api.Webhooks;
using CourseCove.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CourseCove.Tests.Support;

/// <summary>
/// An in-process Api with its own configuration (a second secret, a dead PostgreSQL, ...) against the real
/// PostgreSQL and Redis of the running AppHost; for what the AppHost's own api cannot be bent to.
/// </summary>
public sealed class ApiFactory(AppHostFixture app, params (string Key, string? Value)[] settings)
    : WebApplicationFactory<SignatureVerifier>
{
    /// <summary>A connection string to a port nothing listens on.</summary>
    public const string DeadPostgres = "Host=127.0.0.1;Port=1;Username=postgres;Password=x;Database=coursecove;Timeout=2";
    public const string DeadRedis = "127.0.0.1:1,abortConnect=false,connectTimeout=500,syncTimeout=500,asyncTimeout=500";

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
