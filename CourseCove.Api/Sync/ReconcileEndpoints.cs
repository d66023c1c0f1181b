using CourseCove.Api.Admin;
using CourseCove.Sync.Clerk;
using CourseCove.Sync.Data;
using CourseCove.Sync.Reconciliation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CourseCove.Api.Sync;

/// <summary>
/// <c>POST /api/sync/reconcile</c> asks the Workers for a reconciliation pass now (202 with the run);
/// <c>GET /api/sync/reconcile/{id}</c> shows how it is going. Both behind the admin key.
/// </summary>
internal static partial class ReconcileEndpoints
{
    public static IEndpointRouteBuilder MapReconcile(this IEndpointRouteBuilder endpoints)
    {
        var sync = endpoints.MapGroup("/api/sync").WithTags("Operations").AddEndpointFilter<AdminKeyFilter>();
        sync.MapPost("/reconcile", StartAsync);
        sync.MapGet("/reconcile/{id:guid}", GetAsync);
        return endpoints;
    }

    private static async Task<Results<Accepted<ReconcileRunView>, ProblemHttpResult>> StartAsync(
        ReconcileRunStore runs, IOptions<ClerkApiOptions> clerk, IConnectionMultiplexer redis, ILoggerFactory loggers,
        CancellationToken ct)
    {
        if (!clerk.Value.IsEnabled)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Reconciliation is off",
                detail: "Clerk:SecretKey is not set, so CourseCove does not use Clerk's Backend API.");
        }

        var id = await runs.RequestAsync(ReconcileRun.FromRequest, ct);
        try
        {
            await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(ReconcileRunStore.WakeChannel), id.ToString());
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The run is recorded; a Worker's poll finds it within seconds.
            LogWakeFailed(loggers.CreateLogger(typeof(ReconcileEndpoints)), id, ex.Message);
        }

        var run = await runs.FindAsync(id, ct);
        return TypedResults.Accepted($"/api/sync/reconcile/{id}", run);
    }

    private static async Task<Results<Ok<ReconcileRunView>, NotFound>> GetAsync(Guid id, ReconcileRunStore runs, CancellationToken ct) =>
        await runs.FindAsync(id, ct) is { } run ? TypedResults.Ok(run) : TypedResults.NotFound();

    [LoggerMessage(LogLevel.Warning, "Reconciliation {RunId} requested, but the Workers could not be woken: {Error}")]
    private static partial void LogWakeFailed(ILogger logger, Guid runId, string error);
}
