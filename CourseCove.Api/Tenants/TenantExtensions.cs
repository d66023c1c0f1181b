using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace CourseCove.Api.Tenants;

/// <summary>Registers the tenant-scoped read API: Clerk session tokens, the RLS reader, the sign-up fetch.</summary>
internal static partial class TenantExtensions
{
    public const string Policy = "clerk-session";

    public static TBuilder AddTenantApi<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // Bound by hand: Clerk:AuthorizedParties is one space-separated value, or a list (Clerk__AuthorizedParties__0=…,
        // a JSON array), which the binder cannot put into a string and would stop the Api with a message naming no setting.
        builder.Services.AddOptions<ClerkSessionOptions>().Configure<IConfiguration>((options, configuration) =>
        {
            var section = configuration.GetSection(ClerkSessionOptions.Section);
            var parties = section.GetSection(nameof(ClerkSessionOptions.AuthorizedParties));
            options.Authority = section[nameof(ClerkSessionOptions.Authority)];
            options.AuthorizedParties = string.Join(' ', parties.GetChildren().Select(party => party.Value).Prepend(parties.Value));
        }).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ClerkSessionOptions>, ClerkSessionOptionsValidator>();
        builder.Services.AddSingleton<IConfigureOptions<JwtBearerOptions>, TenantAuthentication.Setup>();
        builder.Services.AddAuthentication().AddJwtBearer(TenantAuthentication.Scheme);
        builder.Services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(TenantAuthentication.Scheme).RequireAuthenticatedUser());
        builder.Services.AddHttpClient(TenantAuthentication.Scheme);
        builder.Services.AddSingleton<TenantReader>();
        builder.Services.AddSingleton<SignUpFetcher>();
        builder.Services.AddSingleton<TenantViews>();
        return builder;
    }

    /// <summary>Maps the endpoints when <c>Clerk:Authority</c> is set; says once at start when it is not.</summary>
    public static WebApplication MapTenants(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<ClerkSessionOptions>>().Value.IsEnabled)
        {
            app.UseAuthentication();
            app.UseAuthorization();
            app.MapTenantApi();
        }
        else
        {
            LogOff(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TenantExtensions)));
        }

        return app;
    }

    [LoggerMessage(LogLevel.Information, "Clerk:Authority is not set: the tenant API (/api/me, /api/organizations/current) is off")]
    private static partial void LogOff(ILogger logger);
}
