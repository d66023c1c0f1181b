using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace CourseCove.Sync.Clerk;

/// <summary>
/// The one request budget of this process for Clerk's Backend API, shared by everything that calls it (backfill,
/// reconciliation, fetch-on-wait, the tenant API): a sliding window kept under the instance's rate limit. Every
/// attempt takes a permit, retries included; callers beyond the budget wait in line rather than fail.
/// </summary>
public sealed class ClerkRequestBudget : IDisposable
{
    private const int SegmentsPerWindow = 10;

    public ClerkRequestBudget(IOptions<ClerkApiOptions> options)
    {
        var settings = options.Value;
        PermitsPerWindow = settings.EffectiveRequestBudget;
        Window = settings.RequestBudgetWindow;
        Limiter = new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
        {
            PermitLimit = PermitsPerWindow,
            Window = Window,
            SegmentsPerWindow = SegmentsPerWindow,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    public int PermitsPerWindow { get; }
    public TimeSpan Window { get; }
    public RateLimiter Limiter { get; }

    public void Dispose() => Limiter.Dispose();
}
