using Microsoft.Extensions.Options;

namespace CourseCove.Api.Tenants;

/// <summary>Configuration section <c>Clerk</c>, as far as session tokens go: who issues them, and for which origins.</summary>
public sealed class ClerkSessionOptions
{
    public const string Section = "Clerk";

    /// <summary>
    /// <c>Clerk:Authority</c>: the instance's Frontend API URL (e.g. <c>https://clerk.example.com</c>) — the tokens'
    /// issuer, with the signing keys at <c>/.well-known/jwks.json</c>. Unset: the tenant API is off (404).
    /// </summary>
    public string? Authority { get; set; }

    /// <summary>
    /// <c>Clerk:AuthorizedParties</c>: origins a token's <c>azp</c> must be one of, space-separated (or as a list,
    /// <c>Clerk__AuthorizedParties__0</c>, …); empty: not checked.
    /// </summary>
    public string? AuthorizedParties { get; set; }

    public bool IsEnabled => !string.IsNullOrWhiteSpace(Authority);

    /// <summary>The <c>iss</c> every token must carry: the authority without a trailing slash.</summary>
    public string Issuer => Authority!.Trim().TrimEnd('/');

    public Uri JwksUri => new(Issuer + "/.well-known/jwks.json");

    public IReadOnlyList<string> Parties =>
        (AuthorizedParties ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.TrimEnd('/')).ToArray();
}

/// <summary>A bad authority or origin stops the Api at start, naming the setting; http:// only in Development.</summary>
internal sealed class ClerkSessionOptionsValidator(IHostEnvironment environment) : IValidateOptions<ClerkSessionOptions>
{
    public ValidateOptionsResult Validate(string? name, ClerkSessionOptions options)
    {
        List<string> errors = [];
        if (options.IsEnabled)
        {
            if (!Uri.TryCreate(options.Issuer, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http")
                || !string.IsNullOrEmpty(authority.Query) || !string.IsNullOrEmpty(authority.Fragment))
            {
                errors.Add($"{ClerkSessionOptions.Section}:Authority must be the Frontend API URL, e.g. https://clerk.example.com (was '{options.Authority}').");
            }
            else if (authority.Scheme == "http" && !environment.IsDevelopment())
            {
                errors.Add($"{ClerkSessionOptions.Section}:Authority must use https:// outside Development (was '{options.Authority}').");
            }
        }

        foreach (var party in options.Parties)
        {
            if (!Uri.TryCreate(party, UriKind.Absolute, out var origin) || origin.Scheme is not ("https" or "http") || origin.PathAndQuery != "/")
            {
                errors.Add($"{ClerkSessionOptions.Section}:AuthorizedParties entry '{party}' is not an origin such as https://app.example.com.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
