using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace CourseCove.Tests.Monitoring;

/// <summary>What a production backend sees as <c>service.name</c> of the Api's and the Worker's telemetry.</summary>
public sealed class ServiceNameTests
{
    [Theory]
    [InlineData("CourseCove.Api", "coursecove-api")]
    [InlineData("CourseCove.Worker", "coursecove-worker")]
    public void ServicesNameThemselvesWhenOtelServiceNameIsUnset(string application, string expected)
    {
        using var host = Build(application);

        Assert.Equal(expected, ServiceName(host.Services.GetRequiredService<TracerProvider>()));
        Assert.Equal(expected, ServiceName(host.Services.GetRequiredService<MeterProvider>()));
    }

    [Fact]
    public void OtelServiceNameAsAspireSetsItWins()
    {
        using var host = Build("CourseCove.Worker", ("OTEL_SERVICE_NAME", "worker"), ("OTEL_RESOURCE_ATTRIBUTES", "service.instance.id=abc123"));

        var resource = host.Services.GetRequiredService<TracerProvider>().GetResource();

        Assert.Equal("worker", ServiceName(host.Services.GetRequiredService<TracerProvider>()));
        Assert.Contains(resource.Attributes, a => a.Key == "service.instance.id" && Equals(a.Value, "abc123"));
    }

    private static IHost Build(string application, params (string Key, string Value)[] settings)
    {
        // No default sources: the test runner's own environment must not decide the answer.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = application, DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        builder.AddServiceDefaults();
        return builder.Build();
    }

    private static string? ServiceName(BaseProvider provider) =>
        provider.GetResource().Attributes.FirstOrDefault(a => a.Key == "service.name").Value as string;
}
