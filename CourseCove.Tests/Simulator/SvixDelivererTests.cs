using System.Net;
using CourseCove.Api.Webhooks;
using CourseCove.Simulator.Delivery;
using CourseCove.Simulator.History;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace CourseCove.Tests.Simulator;

public sealed class SvixDelivererTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static readonly ClerkHistory History = HistoryGenerator.Generate(new HistoryOptions { Users = 5, Organizations = 2, Memberships = 6, Updates = 4, Deletes = 0 });

    [Fact]
    public void TheScheduleIsSvixs()
    {
        Assert.Equal(
            [TimeSpan.Zero, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2),
             TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(10)],
            SvixRetrySchedule.Delays);
    }

    [Fact]
    public void TheTimeScaleCompressesEveryDelay()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(5), SvixRetrySchedule.DelayBefore(2, timeScale: 1000));
        Assert.Equal(TimeSpan.FromMilliseconds(300), SvixRetrySchedule.DelayBefore(3, timeScale: 1000));
        Assert.Equal(TimeSpan.FromSeconds(36), SvixRetrySchedule.DelayBefore(8, timeScale: 1000));
        Assert.Equal(TimeSpan.FromSeconds(5), SvixRetrySchedule.DelayBefore(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => SvixRetrySchedule.DelayBefore(9));
    }

    [Fact]
    public async Task EveryRequestPassesTheServersSignatureCheck()
    {
        var verifier = new SignatureVerifier(Options.Create(new ClerkOptions { WebhookSigningSecret = Secret }), TimeProvider.System);
        var handler = new FakeEndpoint(async request =>
        {
            var headers = new HeaderDictionary();
            foreach (var header in request.Headers)
            {
                headers[header.Key] = header.Value.ToArray();
            }

            var result = verifier.Verify(headers, await request.Content!.ReadAsStringAsync());
            return result.Status == VerificationStatus.Verified ? HttpStatusCode.OK : HttpStatusCode.Unauthorized;
        });

        var report = await Deliver(handler, new DeliveryOptions { Secret = Secret, DuplicateShare = 0.5, Concurrency = 4 });

        Assert.Equal(new Dictionary<int, int> { [200] = report.Deliveries.Count }, report.StatusCounts);
        Assert.Empty(report.UndeliveredEventIds);
        Assert.All(handler.Requests, r => Assert.Equal("/api/webhooks/clerk", r.Path));
    }

    [Fact]
    public async Task FailedAttemptsAreRetriedOnTheCompressedSchedule()
    {
        var calls = new Dictionary<string, int>();
        var handler = new FakeEndpoint(request =>
        {
            var id = request.Headers.GetValues("svix-id").Single();
            lock (calls)
            {
                calls[id] = calls.GetValueOrDefault(id) + 1;
                // The first two attempts of every event fail: once with a 503, once without any response.
                return calls[id] switch
                {
                    1 => Task.FromResult(HttpStatusCode.ServiceUnavailable),
                    2 => throw new HttpRequestException("connection reset"),
                    _ => Task.FromResult(HttpStatusCode.OK),
                };
            }
        });

        var report = await Deliver(handler, new DeliveryOptions { Secret = Secret, TimeScale = 1000 });

        Assert.Empty(report.UndeliveredEventIds);
        Assert.All(report.Deliveries, d =>
        {
            Assert.Equal([503, 0, 200], d.Attempts.Select(a => a.StatusCode));
            // 5 min / 1000 between the second failure and the third attempt.
            Assert.True(d.Attempts[2].SentAt - d.Attempts[1].SentAt >= TimeSpan.FromMilliseconds(290));
        });
        Assert.Equal(new Dictionary<int, int> { [0] = History.Count, [200] = History.Count, [503] = History.Count }, report.StatusCounts);
    }

    [Fact]
    public async Task AnEventThatNeverSucceedsIsReportedAfterTheLastAttempt()
    {
        var handler = new FakeEndpoint(_ => Task.FromResult(HttpStatusCode.InternalServerError));

        var report = await Deliver(handler, new DeliveryOptions { Secret = Secret, TimeScale = 100_000, MaxAttempts = 3 });

        Assert.Equal(History.Events.Select(e => e.SvixId).Order(), report.UndeliveredEventIds.Order());
        Assert.All(report.Deliveries, d => Assert.Equal(3, d.Attempts.Count));
    }

    [Fact]
    public async Task RepeatsCarryTheSameSvixIdWithAFreshSignature()
    {
        var handler = new FakeEndpoint(_ => Task.FromResult(HttpStatusCode.OK));

        await Deliver(handler, new DeliveryOptions { Secret = Secret, DuplicateShare = 1, Concurrency = 1 });

        Assert.Equal(History.Count * 2, handler.Requests.Count);
        Assert.All(handler.Requests.GroupBy(r => r.SvixId), g => Assert.Equal(2, g.Count()));
    }

    private static async Task<DeliveryReport> Deliver(FakeEndpoint handler, DeliveryOptions options)
    {
        using var client = new HttpClient(handler) { BaseAddress = new Uri("http://api.test") };
        return await new SvixDeliverer(client).DeliverAsync(History, options);
    }

    /// <summary>An HTTP endpoint in memory that answers with a chosen status and remembers each request.</summary>
    private sealed class FakeEndpoint(Func<HttpRequestMessage, Task<HttpStatusCode>> answer) : HttpMessageHandler
    {
        public List<(string SvixId, string Path)> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Requests)
            {
                Requests.Add((request.Headers.GetValues("svix-id").Single(), request.RequestUri!.AbsolutePath));
            }

            return new HttpResponseMessage(await answer(request));
        }
    }
}
