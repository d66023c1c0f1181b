using CourseCove.Tests.Infrastructure;
using CourseCove.Tests.Support;
using CourseCove.Worker.Processing;
using static CourseCove.Sync.Events.ClerkEventTypes;
using static CourseCove.Tests.Support.ClerkEvents;

namespace CourseCove.Tests.Retention;

/// <summary>The real Worker process runs the pass on its interval, one Worker at a time, and says what it did.</summary>
[Collection(AppHostCollection.Name)]
public sealed class RetentionWorkerTests(AppHostFixture app) : RetentionTest(app)
{
    private static readonly (string, string?)[] TinyRetention =
        [("Retention:DeletedUsers", "00:00:01"), ("Retention:EventPayloads", "00:00:01"), ("Retention:Interval", "00:00:01")];

    [Fact]
    public async Task OnlyTheWorkerHoldingTheLeaseRunsAPassAndEachPassIsOneLogLine()
    {
        var (_, sender) = StartAdminApi();
        var user = NewId("user");
        var email = $"{user}@example.org";
        await sender.SendAsync(User(UserCreated, user, 100, email));
        await sender.SendAsync(Deleted(UserDeleted, user, 300));
        // Another Worker is in the middle of a pass.
        var other = await WorkerLease.TryAcquireAsync(Env.Db.DataSource, WorkerLease.Retention, CancellationToken.None);
        Assert.NotNull(other);

        var worker = await StartConsumingWorkerAsync("worker-retention", TinyRetention);
        await Task.Delay(TimeSpan.FromSeconds(3)); // three of its rounds
        Assert.Equal(email, (await Env.Db.UserAsync(user))!.Email);
        Assert.DoesNotContain("Retention pass in", worker.Output);

        await other.DisposeAsync();

        await Eventually.HoldsAsync(async () => (await Env.Db.UserAsync(user))!.Email is null && await BodiesContainingAsync(email) == 0,
            Patience, "the Worker erases the deleted user once the lease is free");
        await Eventually.HoldsAsync(() => Task.FromResult(worker.Output.Contains("erased 1 deleted users")), Patience,
            $"the pass says what it erased; output:\n{worker.Output}");
    }

    [Fact]
    public async Task AWorkerWithANonsenseIntervalDoesNotStartAndNamesTheSetting()
    {
        var worker = StartWorker("worker-retention-bad", ("Retention:Interval", "00:00:00"));

        await Eventually.HoldsAsync(() => Task.FromResult(worker.HasExited), Patience, "the Worker stops at start");
        Assert.Contains("Retention:Interval", worker.Output);
    }
}
