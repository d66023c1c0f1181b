using System.Diagnostics.Metrics;
using CourseCove.Sync.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace CourseCove.Tests.Monitoring;

/// <summary>
/// The duration histograms as a backend sees them: real measurements exported through the OpenTelemetry SDK,
/// percentiles read back from the exported buckets the way the Aspire dashboard reads them.
/// </summary>
public sealed class HistogramPercentileTests
{
    public static TheoryData<string> Instruments => new()
    {
        "coursecove.webhooks.fast_path.duration",
        "coursecove.webhooks.time_to_consistency",
    };

    [Theory]
    [MemberData(nameof(Instruments))]
    public void PercentilesFromTheExportedBucketsAreWithinOneBucketOfTheTruth(string instrument)
    {
        var histogram = (Histogram<double>)typeof(SyncTelemetry).GetFields()
            .Select(f => f.GetValue(null)).OfType<Instrument>().Single(i => i.Name == instrument);
        // A run's own tag keeps measurements of tests running in parallel out of this run's metric point.
        var run = new KeyValuePair<string, object?>("path", $"test-{Guid.NewGuid():N}");
        var values = Latencies(seed: instrument.Length);
        var exported = new List<MetricSnapshot>();
        using (var meters = Sdk.CreateMeterProviderBuilder().AddMeter(SyncTelemetry.Name).AddInMemoryExporter(exported).Build())
        {
            foreach (var value in values) histogram.Record(value, run);
        }

        // Disposing the provider exported what was recorded.
        var point = exported.Where(m => m.Name == instrument).SelectMany(m => m.MetricPoints)
            .First(p => HasTag(p, run));
        var (bounds, counts) = Buckets(point);
        Assert.Equal(values.Length, (int)counts.Sum(c => (long)c));
        Assert.Equal(SyncTelemetry.DurationBuckets, bounds);

        var sorted = values.Order().ToArray();
        foreach (var percentile in new[] { 50, 90, 99 })
        {
            var truth = sorted[(int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1];
            var fromBuckets = DashboardPercentile(percentile, counts, bounds);
            var message = $"P{percentile}: {fromBuckets * 1000:0.#} ms from the buckets, {truth * 1000:0.#} ms measured";
            Assert.True(Math.Abs(BucketOf(fromBuckets, bounds) - BucketOf(truth, bounds)) <= 1, message);
            // One bucket is only as good as the buckets are fine: neighbouring bounds are at most 3x apart.
            Assert.True(fromBuckets < 3 * truth, message);
        }
    }

    /// <summary>Mostly tens of milliseconds, a tail of hundreds, a few seconds-long parked events: what the sync sees.</summary>
    private static double[] Latencies(int seed)
    {
        var random = new Random(seed);
        return
        [
            .. Enumerable.Range(0, 900).Select(_ => 0.008 + random.NextDouble() * 0.06),
            .. Enumerable.Range(0, 90).Select(_ => 0.15 + random.NextDouble() * 0.3),
            .. Enumerable.Range(0, 10).Select(_ => 2 + random.NextDouble() * 40),
        ];
    }

    private static bool HasTag(MetricPoint point, KeyValuePair<string, object?> tag)
    {
        foreach (var t in point.Tags)
        {
            if (t.Key == tag.Key && Equals(t.Value, tag.Value)) return true;
        }

        return false;
    }

    private static (double[] Bounds, ulong[] Counts) Buckets(MetricPoint point)
    {
        var bounds = new List<double>();
        var counts = new List<ulong>();
        foreach (var bucket in point.GetHistogramBuckets())
        {
            bounds.Add(bucket.ExplicitBound);
            counts.Add((ulong)bucket.BucketCount);
        }

        // The last bucket is the overflow (+Inf); OTLP carries only the finite bounds.
        return ([.. bounds.SkipLast(1)], [.. counts]);
    }

    /// <summary>As the Aspire dashboard computes P50/P90/P99: the upper bound of the bucket that holds the rank.</summary>
    private static double DashboardPercentile(int percentile, ulong[] counts, double[] bounds)
    {
        var target = percentile / 100.0 * counts.Sum(c => (double)c);
        var accumulated = 0.0;
        for (var i = 0; i < bounds.Length; i++)
        {
            accumulated += counts[i];
            if (accumulated >= target) return bounds[i];
        }

        return bounds[^1];
    }

    /// <summary>Index of the bucket (lower, upper] that holds the value.</summary>
    private static int BucketOf(double value, double[] bounds)
    {
        var index = Array.FindIndex(bounds, bound => value <= bound);
        return index < 0 ? bounds.Length : index;
    }
}
