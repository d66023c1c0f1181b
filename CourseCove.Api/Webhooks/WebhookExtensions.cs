namespace CourseCove.Api.Webhooks;

/// <summary>Registers the webhook feature: options (validated at start), verification and the hybrid ingestor.</summary>
internal static class WebhookExtensions
{
    public static TBuilder AddClerkWebhooks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<ClerkOptions>().BindConfiguration(ClerkOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SignatureVerifier>();
        builder.Services.AddSingleton<WebhookIngestor>();
        return builder;
    }
}
