using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using StandardWebhooks;

namespace CourseCove.Simulator.Delivery;

internal sealed partial class DeliveryRun
{
    private async Task AttemptAsync(DeliveryState state, SvixSigner signer, CancellationToken ct)
    {
        var attempt = state.Attempts.Count + 1;
        var sentAt = DateTimeOffset.UtcNow;
        state.FirstSent.TrySetResult(Stopwatch.GetTimestamp());
        var started = Stopwatch.GetTimestamp();
        int status;
        try
        {
            using var request = signer.Sign(endpoint, state.Planned.Event.SvixId, state.Planned.Event.Body, sentAt);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(options.RequestTimeout);
            using var response = await client.SendAsync(request, timeout.Token);
            status = (int)response.StatusCode;
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            // Refused, reset, too slow or otherwise broken: Svix counts it as a failed attempt like any non-2xx,
            // and a sender that died here would leave the run waiting forever.
            status = 0;
        }

        state.Attempts.Add(new AttemptRecord(attempt, status, Stopwatch.GetElapsedTime(started), sentAt));
        Interlocked.Increment(ref _attempts);
        var success = status is >= 200 and < 300;
        if (!success)
        {
            Interlocked.Increment(ref _failedAttempts);
        }

        if (success || attempt >= options.MaxAttempts)
        {
            Finish(state, success);
        }
        else
        {
            Later(state, SvixRetrySchedule.DelayBefore(attempt + 1, options.TimeScale), ct);
        }

        Report();
    }
}

/// <summary>Per-delivery bookkeeping; only one sender holds a delivery at a time.</summary>
internal sealed class DeliveryState(PlannedDelivery planned)
{
    public PlannedDelivery Planned => planned;
    public List<AttemptRecord> Attempts { get; } = [];
    public bool GatesPassed { get; set; }
    public bool Delivered { get; set; }

    /// <summary>Stopwatch timestamp of the first attempt, for the race gates of later deliveries.</summary>
    public TaskCompletionSource<long> FirstSent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public DeliveryRecord ToRecord() => new(planned.Index, planned.Event.SvixId, planned.Event.Type,
        planned.IsDuplicate, Attempts.ToArray(), Delivered);
}

/// <summary>Signs a body as Svix does: HMAC-SHA256 over "{svix-id}.{svix-timestamp}.{body}", sent as "v1,&lt;base64&gt;".</summary>
internal sealed class SvixSigner(string secret)
{
    private readonly StandardWebhook _webhook = new(secret);

    public HttpRequestMessage Sign(Uri endpoint, string svixId, string body, DateTimeOffset timestamp)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body))
            {
                Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } },
            },
        };
        request.Headers.Add("svix-id", svixId);
        request.Headers.Add("svix-timestamp", timestamp.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("svix-signature", _webhook.Sign(svixId, timestamp, body));
        return request;
    }
}
