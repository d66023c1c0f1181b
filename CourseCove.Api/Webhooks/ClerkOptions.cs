using System.ComponentModel.DataAnnotations;
using CourseCove.Sync.Events;

namespace CourseCove.Api.Webhooks;

/// <summary>Configuration section <c>Clerk</c>.</summary>
public sealed class ClerkOptions : IValidatableObject
{
    public const string Section = "Clerk";

    /// <summary>
    /// <c>Clerk:WebhookSigningSecret</c>: one <c>whsec_...</c> secret, or several separated by spaces while rotating.
    /// </summary>
    public string? WebhookSigningSecret { get; set; }

    /// <summary>The configured secrets, each a <c>whsec_</c> + base64 key.</summary>
    public IReadOnlyList<string> Secrets =>
        (WebhookSigningSecret ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // Never echo the secret itself: say which entry is wrong and why.
        if (Secrets.Count == 0)
        {
            yield return new ValidationResult(
                $"{Section}:WebhookSigningSecret is not set: give the whsec_... signing secret of the Clerk webhook endpoint.",
                [nameof(WebhookSigningSecret)]);
            yield break;
        }

        for (var i = 0; i < Secrets.Count; i++)
        {
            if (!SigningSecret.IsWellFormed(Secrets[i]))
            {
                yield return new ValidationResult(
                    $"{Section}:WebhookSigningSecret entry {i + 1} of {Secrets.Count} is malformed: each must be 'whsec_' "
                    + $"followed by a base64 key of at least {SigningSecret.MinimumKeyBytes} bytes.",
                    [nameof(WebhookSigningSecret)]);
            }
        }
    }
}
