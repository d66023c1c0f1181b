namespace CourseCove.AppHost.Monitoring;

/// <summary>
/// The services serve plain HTTP behind the AppHost's proxy (their launch profiles have no https endpoint), so they
/// need no development certificate; without this, Aspire offers them one and, on a machine that has none trusted,
/// shows a red "No trusted development certificate" banner on every dashboard page.
/// </summary>
internal static class PlainHttpExtensions
{
    public static IResourceBuilder<ProjectResource> WithoutDevelopmentCertificate(this IResourceBuilder<ProjectResource> project)
    {
#pragma warning disable ASPIRECERTIFICATES001 // Experimental in Aspire 13.6; the documented way to opt a resource out.
        return project.WithoutHttpsCertificate();
#pragma warning restore ASPIRECERTIFICATES001
    }
}
