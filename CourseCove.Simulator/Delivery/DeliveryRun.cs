using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;

namespace CourseCove.Simulator.Delivery;

/// <summary>
/// One delivery run. Senders take deliveries from a queue in plan order; a failed attempt goes back into the
/// queue only when its retry is due, so waiting for a retry never holds a sender.
/// </summary>
internal sealed partial class DeliveryRun(
    HttpClient client, Uri endpoint, IReadOnlyList<PlannedDelivery> plan, DeliveryOptions options,
    IProgress<DeliveryProgress>? progress)
{
    private readonly Channel<DeliveryState> _queue = Channel.CreateUnbounded<DeliveryState>();
    private readonly DeliveryState[] _states = plan.Select(p => new DeliveryState(p)).ToArray();
    private readonly ConcurrentBag<Task> _timers = [];
    private int _outstanding = plan.Count;
    private int _finished;
    private int _delivered;
    private int _gaveUp;
    private int _attempts;
    private int _failedAttempts;

    public async Task<DeliveryReport> RunAsync(CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        if (_states.Length == 0)
        {
            _queue.Writer.TryComplete();
        }

        var senders = Enumerable.Range(0, options.Concurrency).Select(_ => SendLoopAsync(ct)).ToList();
        await Task.WhenAll([ProduceAsync(ct), .. senders]);
        await Task.WhenAll(_timers);
        var elapsed = Stopwatch.GetElapsedTime(started);

        var distinctEvents = plan.Select(p => p.Event.SvixId).Distinct(StringComparer.Ordinal).Count();
        return new DeliveryReport(distinctEvents, _states.Select(s => s.ToRecord()).ToArray(), elapsed);
    }

    private async Task ProduceAsync(CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < _states.Length; i++)
        {
            if (options.Rate is { } rate)
            {
                // Open the i-th first attempt at start + i / rate, whatever the earlier ones are doing.
                var wait = TimeSpan.FromSeconds(i / rate) - Stopwatch.GetElapsedTime(started);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, ct);
                }
            }

            _queue.Writer.TryWrite(_states[i]);
        }
    }

    private async Task SendLoopAsync(CancellationToken ct)
    {
        var signer = new SvixSigner(options.Secret);
        await foreach (var state in _queue.Reader.ReadAllAsync(ct))
        {
            if (!state.GatesPassed && state.Planned.Gates.Count > 0)
            {
                state.GatesPassed = true;
                var wait = await RaceWaitAsync(state.Planned, ct);
                if (wait > TimeSpan.Zero)
                {
                    Later(state, wait, ct);
                    continue;
                }
            }

            await AttemptAsync(state, signer, ct);
        }
    }

    private async Task<TimeSpan> RaceWaitAsync(PlannedDelivery delivery, CancellationToken ct)
    {
        // The gating memberships were queued earlier, so some sender has already taken each of them.
        var due = TimeSpan.Zero;
        foreach (var gate in delivery.Gates)
        {
            var sentAt = await _states[gate.DeliveryIndex].FirstSent.Task.WaitAsync(ct);
            var remaining = gate.Lead - Stopwatch.GetElapsedTime(sentAt);
            due = remaining > due ? remaining : due;
        }

        return due;
    }

    private void Later(DeliveryState state, TimeSpan delay, CancellationToken ct) =>
        _timers.Add(RequeueAsync(state, delay, ct));

    private async Task RequeueAsync(DeliveryState state, TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, ct);
            _queue.Writer.TryWrite(state);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The run is cancelled; the senders stop on the same token.
        }
    }

    private void Finish(DeliveryState state, bool delivered)
    {
        state.Delivered = delivered;
        Interlocked.Increment(ref delivered ? ref _delivered : ref _gaveUp);
        Interlocked.Increment(ref _finished);
        if (Interlocked.Decrement(ref _outstanding) == 0)
        {
            _queue.Writer.TryComplete();
        }
    }

    private void Report() => progress?.Report(new DeliveryProgress(_states.Length, Volatile.Read(ref _finished),
        Volatile.Read(ref _delivered), Volatile.Read(ref _gaveUp), Volatile.Read(ref _attempts),
        Volatile.Read(ref _failedAttempts)));
}
