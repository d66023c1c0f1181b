using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace CourseCove.AppHost.Scaling;

/// <summary>How many Api and Worker processes the AppHost runs (<c>CourseCove:ApiReplicas</c>, <c>CourseCove:WorkerReplicas</c>).</summary>
/// <remarks>
/// Api replicas share the api's one address (<c>localhost:5080</c>): Aspire's proxy listens there and spreads
/// connections over them. Worker replicas are consumers of one Redis consumer group, each named after its process.
/// </remarks>
internal sealed record ReplicaSettings(int Api, int Worker)
{
    public const string ApiKey = "CourseCove:ApiReplicas";
    public const string WorkerKey = "CourseCove:WorkerReplicas";
    public const int Max = 16;

    public static ReplicaSettings From(IConfiguration configuration) =>
        new(Count(configuration, ApiKey), Count(configuration, WorkerKey));

    private static int Count(IConfiguration configuration, string key)
    {
        var configured = configuration[key];
        return string.IsNullOrWhiteSpace(configured) ? 1
            : int.TryParse(configured, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) && count is >= 1 and <= Max ? count
            : throw new InvalidOperationException(
                $"Configuration setting '{key}' has the value '{configured}', which is not a number of replicas (1-{Max}).");
    }
}
