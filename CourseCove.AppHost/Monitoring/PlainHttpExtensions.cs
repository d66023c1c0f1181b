namespace CourseCove.AppHost.Monitoring;

/// <summary>
/// The services serve plain HTTP behind the AppHost's proxy (their launch profiles have no https endpoint), so they
/// need no development certificate. Aspire offers every project one anyway and, on a machine that has none trusted,
/// then shows a red "No trusted development certificate" banner on every dashboard page of the http profile.
/// </summary>
internal static class PlainHttpExtensions
{
    /// <summary>Opts every project without an https endpoint out of the certificate, however it was added.</summary>
    public static IDistributedApplicationBuilder WithoutDevelopmentCertificateForHttpProjects(this IDistributedApplicationBuilder builder)
    {
        // At BeforeStartEvent every resource exists, and the certificate check (when the orchestrator starts) is yet to come.
        builder.Eventing.Subscribe<BeforeStartEvent>((e, _) =>
        {
            foreach (var project in e.Model.Resources.OfType<ProjectResource>()
                         .Where(p => !p.Annotations.OfType<EndpointAnnotation>().Any(endpoint => endpoint.UriScheme == "https")))
            {
#pragma warning disable ASPIRECERTIFICATES001 // Experimental in Aspire 13.6; the documented way to opt a resource out.
                builder.CreateResourceBuilder(project).WithoutHttpsCertificate();
#pragma warning restore ASPIRECERTIFICATES001
            }

            return Task.CompletedTask;
        });
        return builder;
    }
}
