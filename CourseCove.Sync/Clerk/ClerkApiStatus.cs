using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CourseCove.Sync.Clerk;

/// <summary>Says once, at start, whether Clerk's Backend API is in use and with what budget (never the key).</summary>
internal sealed partial class ClerkApiStatus(IOptions<ClerkApiOptions> options, ILogger<ClerkApiStatus> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.IsEnabled)
        {
            LogOn(logger, settings.ApiUrl, settings.EffectiveRequestBudget, settings.RequestBudgetWindow.TotalSeconds);
        }
        else
        {
            LogOff(logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Information,
        "Clerk Backend API at {ApiUrl}: backfill, reconciliation and fetch-on-wait are on ({Budget} requests per {WindowSeconds} s)")]
    private static partial void LogOn(ILogger logger, Uri apiUrl, int budget, double windowSeconds);

    [LoggerMessage(LogLevel.Information,
        "Clerk:SecretKey is not set: backfill, reconciliation and fetch-on-wait are off; webhooks alone keep the database current")]
    private static partial void LogOff(ILogger logger);
}
