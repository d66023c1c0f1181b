using System.Net;
using System.Net.Http.Headers;
using CourseCove.Sync.Reconciliation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Npgsql;
using Polly;

namespace CourseCove.Sync.Clerk;

/// <summary>Registers Clerk's Backend API for the Api and the Worker: options, the one typed client, snapshots, runs.</summary>
public static class ClerkApiExtensions
{
    /// <summary>Name of the pipeline that retries a snapshot batch on deadlocks and dropped connections.</summary>
    public const string ApplyPipeline = "clerk-snapshot-apply";

    /// <summary>Registers everything once; calling it again (the Worker's reconciliation does too) changes nothing.</summary>
    public static TBuilder AddClerkApi<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        if (builder.Services.Any(s => s.ServiceType == typeof(ClerkRequestBudget)))
        {
            return builder;
        }

        builder.Services.AddOptions<ClerkApiOptions>().BindConfiguration(ClerkApiOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ClerkRequestBudget>();
        builder.Services.AddHostedService<ClerkApiStatus>();
        builder.Services.AddSingleton<ClerkSnapshotApplier>();
        builder.Services.AddSingleton<ReconcileRunStore>();
        builder.Services.AddTransient<ClerkDependencyFetcher>();
        builder.Services.AddResiliencePipeline(ApplyPipeline, pipeline => pipeline.AddRetry(new()
        {
            ShouldHandle = new PredicateBuilder().Handle<NpgsqlException>(ex => ex.IsTransient),
            MaxRetryAttempts = 3,
            Delay = TimeSpan.FromMilliseconds(50),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
        }));

        var clerk = builder.Services.AddHttpClient<ClerkApiClient>((services, http) =>
        {
            var options = services.GetRequiredService<IOptions<ClerkApiOptions>>().Value;
            // A trailing slash so that relative paths ("users") land under the version path.
            http.BaseAddress = new Uri(options.ApiUrl.AbsoluteUri.TrimEnd('/') + "/");
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.SecretKey);
            // The resilience pipeline's total timeout is the one that counts.
            http.Timeout = Timeout.InfiniteTimeSpan;
        });
        // ServiceDefaults gives every client the default standard handler: this one gets its own, tuned for Clerk.
        // RemoveAllResilienceHandlers is the documented way to replace it, still marked experimental (EXTEXP0001).
#pragma warning disable EXTEXP0001
        clerk.RemoveAllResilienceHandlers().AddStandardResilienceHandler()
#pragma warning restore EXTEXP0001
            .Configure((resilience, services) => Tune(resilience, services.GetRequiredService<IOptions<ClerkApiOptions>>().Value));
        // Inside the standard handler, so that every attempt (retries too) spends from the shared budget.
        clerk.AddResilienceHandler("clerk-budget", (pipeline, context) =>
            pipeline.AddRateLimiter(context.ServiceProvider.GetRequiredService<ClerkRequestBudget>().Limiter));
        return builder;
    }

    private static void Tune(HttpStandardResilienceOptions resilience, ClerkApiOptions options)
    {
        // A 429 waits exactly as long as Retry-After says (ShouldRetryAfterHeader); 5xx and timeouts back off with jitter.
        resilience.Retry.MaxRetryAttempts = Math.Max(options.MaxRetries, 1);
        resilience.Retry.ShouldHandle = args => ValueTask.FromResult(
            options.MaxRetries > 0 && HttpClientResiliencePredicates.IsTransient(args.Outcome));
        resilience.Retry.ShouldRetryAfterHeader = true;
        resilience.Retry.BackoffType = DelayBackoffType.Exponential;
        resilience.Retry.UseJitter = true;
        resilience.Retry.Delay = TimeSpan.FromMilliseconds(500);
        resilience.Retry.MaxDelay = TimeSpan.FromSeconds(30);

        // An attempt may first wait in the budget's queue for up to one window.
        resilience.AttemptTimeout.Timeout = options.RequestBudgetWindow + TimeSpan.FromSeconds(20);
        resilience.TotalRequestTimeout.Timeout = TimeSpan.FromMinutes(5);

        // 429 is Clerk asking us to wait, not a failing server: it does not count towards opening the circuit.
        resilience.CircuitBreaker.ShouldHandle = args => ValueTask.FromResult(
            args.Outcome.Result?.StatusCode != HttpStatusCode.TooManyRequests && HttpClientResiliencePredicates.IsTransient(args.Outcome));
        resilience.CircuitBreaker.MinimumThroughput = 20;
        resilience.CircuitBreaker.FailureRatio = 0.5;
        resilience.CircuitBreaker.SamplingDuration = 2 * resilience.AttemptTimeout.Timeout;
        resilience.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(15);
    }
}
