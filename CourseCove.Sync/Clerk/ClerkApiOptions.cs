using System.ComponentModel.DataAnnotations;

namespace CourseCove.Sync.Clerk;

/// <summary>
/// Configuration section <c>Clerk</c> as far as Clerk's Backend API goes (backfill, reconciliation, fetch-on-wait).
/// Without <c>Clerk:SecretKey</c> all of it is off and CourseCove runs on webhooks alone.
/// </summary>
public sealed class ClerkApiOptions : IValidatableObject
{
    public const string Section = "Clerk";

    /// <summary>Clerk's documented limits per secret key, per <see cref="LimitWindow"/>.</summary>
    public const int ProductionLimit = 1000;
    public const int DevelopmentLimit = 100;
    public static readonly TimeSpan LimitWindow = TimeSpan.FromSeconds(10);

    /// <summary>Clerk returns at most this many objects per list request.</summary>
    public const int MaxPageSize = 500;

    public static readonly Uri DefaultApiUrl = new("https://api.clerk.com/v1");

    /// <summary><c>Clerk:SecretKey</c>: the instance's <c>sk_live_...</c> or <c>sk_test_...</c> key; unset turns this off.</summary>
    public string? SecretKey { get; set; }

    /// <summary><c>Clerk:ApiUrl</c>: the Backend API's base address, including the version path.</summary>
    public Uri ApiUrl { get; set; } = DefaultApiUrl;

    /// <summary><c>Clerk:ReconcileInterval</c>: time between periodic passes; zero runs them only on demand.</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromHours(6);

    /// <summary><c>Clerk:PageSize</c>: objects asked for per list request (Clerk allows 1-500).</summary>
    [Range(1, MaxPageSize, ErrorMessage = "Clerk:PageSize must be between 1 and 500 (Clerk's largest page).")]
    public int PageSize { get; set; } = MaxPageSize;

    /// <summary>
    /// <c>Clerk:RequestBudget</c>: requests this process may send per <see cref="RequestBudgetWindow"/>. Default: 90 % of
    /// Clerk's limit for the key's kind (sk_live_: 1,000, otherwise 100 per 10 s), scaled to the window.
    /// </summary>
    [Range(1, 1_000_000, ErrorMessage = "Clerk:RequestBudget must be between 1 and 1000000 requests per Clerk:RequestBudgetWindow.")]
    public int? RequestBudget { get; set; }

    /// <summary><c>Clerk:RequestBudgetWindow</c>: the sliding window the budget counts over.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00", ErrorMessage = "Clerk:RequestBudgetWindow must be between 100 ms and 1 h.")]
    public TimeSpan RequestBudgetWindow { get; set; } = LimitWindow;

    /// <summary><c>Clerk:MaxRetries</c>: retries of a request after 429, 5xx or a timeout (429 waits Retry-After).</summary>
    [Range(0, 20, ErrorMessage = "Clerk:MaxRetries must be between 0 and 20.")]
    public int MaxRetries { get; set; } = 5;

    public bool IsEnabled => !string.IsNullOrWhiteSpace(SecretKey);

    /// <summary>The budget in force: the configured one, or 90 % of the key's documented limit over the window.</summary>
    public int EffectiveRequestBudget => RequestBudget
        ?? Math.Max(1, (int)(0.9 * InstanceLimit * RequestBudgetWindow.TotalSeconds / LimitWindow.TotalSeconds));

    private int InstanceLimit => SecretKey?.StartsWith("sk_live_", StringComparison.Ordinal) == true ? ProductionLimit : DevelopmentLimit;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!ApiUrl.IsAbsoluteUri || ApiUrl.Scheme is not ("https" or "http"))
        {
            yield return new ValidationResult(
                $"{Section}:ApiUrl must be an absolute http(s) address such as {DefaultApiUrl}.", [nameof(ApiUrl)]);
        }

        if (ReconcileInterval < TimeSpan.Zero || ReconcileInterval > TimeSpan.FromDays(30))
        {
            yield return new ValidationResult(
                $"{Section}:ReconcileInterval must be between 0 (on demand only) and 30 days.", [nameof(ReconcileInterval)]);
        }

        // Never echo the key: say what is wrong with it.
        if (SecretKey is { } key && key.Length > 0 && key.Any(char.IsWhiteSpace))
        {
            yield return new ValidationResult(
                $"{Section}:SecretKey contains whitespace: give the instance's sk_live_... or sk_test_... key alone.", [nameof(SecretKey)]);
        }
    }
}
