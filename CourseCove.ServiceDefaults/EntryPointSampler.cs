using System.Diagnostics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>Starts a trace only where work enters a service: a request, a message, CourseCove's own spans.</summary>
/// <remarks>
/// A root span of kind Client is a call made outside any request or message: the Worker polling Redis and PostgreSQL,
/// a gauge's query, a connection being opened. Thousands of those an hour would bury the webhooks' traces, so they are
/// dropped. Spans with a parent follow the parent (<see cref="ParentBasedSampler"/>): a webhook stays one trace from
/// the request to the Worker, and a caller that marks its request unsampled (the AppHost's monitor) makes no trace.
/// </remarks>
public sealed class EntryPointSampler : Sampler
{
    private static readonly SamplingResult Keep = new(SamplingDecision.RecordAndSample);
    private static readonly SamplingResult Drop = new(SamplingDecision.Drop);

    private EntryPointSampler()
    {
    }

    /// <summary>The sampler the services use: parent-based, with this one deciding about roots.</summary>
    public static Sampler Create() => new ParentBasedSampler(new EntryPointSampler());

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        samplingParameters.Kind == ActivityKind.Client ? Drop : Keep;
}
