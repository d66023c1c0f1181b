using System.Buffers.Text;
using System.Security.Cryptography;
using Aspire.Hosting.Publishing;

namespace CourseCove.AppHost.Secrets;

/// <summary>The Api's secrets as AppHost parameters; a clean clone gets generated development values.</summary>
/// <remarks>
/// A configured value (<c>Parameters:&lt;name&gt;</c> from user secrets, environment or the command line) always wins.
/// A generated value is saved to the AppHost's user secrets, so it stays the same from run to run.
/// </remarks>
internal static class AppHostSecrets
{
    public const string WebhookSigningSecret = "clerk-webhook-signing-secret";
    public const string AdminApiKey = "admin-api-key";

    public static IResourceBuilder<ParameterResource> AddWebhookSigningSecret(this IDistributedApplicationBuilder builder) =>
        builder.AddSecret(WebhookSigningSecret, NewWebhookSigningSecret);

    public static IResourceBuilder<ParameterResource> AddAdminApiKey(this IDistributedApplicationBuilder builder) =>
        builder.AddSecret(AdminApiKey, NewAdminApiKey);

    /// <summary>A secret in Clerk's (Svix's) format: "whsec_" and the base64 of 32 random key bytes.</summary>
    public static string NewWebhookSigningSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>256 random bits, URL-safe so it can travel in a header or a query string unescaped.</summary>
    public static string NewAdminApiKey() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    // Only `run` generates: a published deployment must be given real values.
    private static IResourceBuilder<ParameterResource> AddSecret(
        this IDistributedApplicationBuilder builder, string name, Func<string> generate) =>
        builder.ExecutionContext.IsRunMode
            ? builder.AddParameter(name, new GeneratedDefault(generate), secret: true, persist: true)
            : builder.AddParameter(name, secret: true);

    private sealed class GeneratedDefault(Func<string> generate) : ParameterDefault
    {
        private readonly Lazy<string> _value = new(generate);

        public override string GetDefaultValue() => _value.Value;

        // Never reached: publish mode adds the parameter without this default.
        public override void WriteToManifest(ManifestPublishingContext context) =>
            throw new NotSupportedException("Generated development secrets are not published.");
    }
}
