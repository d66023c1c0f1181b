using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace CourseCove.Tests.Infrastructure;

/// <summary>
/// No red "No trusted development certificate" banner in the http profile: Aspire shows it only when some resource
/// serves https or is offered the development certificate, and none is.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class DevelopmentCertificateTests(AppHostFixture fixture)
{
    [Fact]
    public void NoResourceServesHttpsOrIsOfferedTheDevelopmentCertificate()
    {
        var resources = fixture.App.Services.GetRequiredService<DistributedApplicationModel>().Resources;

        Assert.DoesNotContain(resources, r => r.Annotations.OfType<EndpointAnnotation>().Any(e => e.UriScheme == "https"));
#pragma warning disable ASPIRECERTIFICATES001 // Experimental in Aspire 13.6.
        var offered = resources.Where(r => r.Annotations.OfType<HttpsCertificateConfigurationCallbackAnnotation>().Any()).ToList();
        Assert.NotEmpty(offered); // Aspire offers every project one; the AppHost must have turned each offer down.
        Assert.All(offered, r => Assert.True(
            r.TryGetLastAnnotation<HttpsCertificateAnnotation>(out var certificate)
            && certificate.UseDeveloperCertificate is false && certificate.Certificate is null,
            $"{r.Name} is offered the development certificate"));
#pragma warning restore ASPIRECERTIFICATES001
    }
}
