namespace CourseCove.Api.Admin;

/// <summary>The operations endpoints (replay, stats) behind the admin key.</summary>
internal static class AdminExtensions
{
    public static TBuilder AddAdmin<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<AdminKeyFilter>();
        return builder;
    }

    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup("/api/webhooks").WithTags("Operations")
            .AddEndpointFilter<AdminKeyFilter>()
            .MapReplay()
            .MapStats();
        return endpoints;
    }
}
