using System.Diagnostics;
using CourseCove.Simulator.History;
using CourseCove.Sync.Processing;
using CourseCove.Sync.Streaming;
using Npgsql;
using Spectre.Console;
using StackExchange.Redis;

namespace CourseCove.Simulator.Cli;

/// <summary>
/// <c>--hand-off</c>: instead of posting, hands every event to the Worker exactly as the Api does when its fast path
/// gives up (recorded pending in PostgreSQL, then XADD) — the set-up of the drain benchmark.
/// </summary>
internal static class HandOffRunner
{
    public static async Task<int> RunAsync(ClerkHistory history, string postgres, string redis, int concurrency, CancellationToken ct)
    {
        await using var dataSource = NpgsqlDataSource.Create(postgres);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis);
        var eventLog = new WebhookEventLog(dataSource);
        var queue = new WebhookQueue(connection);

        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(history.Events, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct },
            async (evt, token) =>
            {
                var webhook = new ReceivedWebhook(evt.SvixId, evt.Type, evt.Body, DateTimeOffset.UtcNow);
                await eventLog.HandOffAsync(webhook, [], reason: null, redriveFailed: false, token);
                await queue.EnqueueAsync(webhook, recorded: true);
            });

        var elapsed = Stopwatch.GetElapsedTime(started);
        AnsiConsole.MarkupLine($"Handed off [bold]{history.Count}[/] events to the Worker in {elapsed.TotalSeconds:0.0} s.");
        return 0;
    }
}
