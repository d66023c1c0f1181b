using CourseCove.Simulator.History;

namespace CourseCove.Simulator.Delivery;

/// <summary>
/// Delivers a history the way Svix does: concurrent senders, signed svix-id / svix-timestamp / svix-signature
/// headers (fresh timestamp and signature on every attempt), repeats, and Svix's retry schedule for any non-2xx
/// or connection error.
/// </summary>
public sealed class SvixDeliverer(HttpClient client)
{
    public const string WebhookPath = "/api/webhooks/clerk";

    /// <exception cref="ArgumentException">The options are invalid, or there is neither a target nor a BaseAddress.</exception>
    public Task<DeliveryReport> DeliverAsync(ClerkHistory history, DeliveryOptions options,
        IProgress<DeliveryProgress>? progress = null, CancellationToken cancellationToken = default) =>
        DeliverAsync(DeliveryPlanner.Plan(history, options), options, progress, cancellationToken);

    /// <summary>Delivers an explicit plan (for example one from <see cref="DeliveryPlanner.Plan"/>, altered by a test).</summary>
    public async Task<DeliveryReport> DeliverAsync(IReadOnlyList<PlannedDelivery> plan, DeliveryOptions options,
        IProgress<DeliveryProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        var baseAddress = options.Target ?? client.BaseAddress
            ?? throw new ArgumentException("Give DeliveryOptions.Target or an HttpClient with a BaseAddress.", nameof(options));
        var endpoint = new Uri(baseAddress, WebhookPath);
        var run = new DeliveryRun(client, endpoint, plan, options, progress);
        return await run.RunAsync(cancellationToken);
    }
}
