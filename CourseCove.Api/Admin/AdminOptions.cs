using System.ComponentModel.DataAnnotations;

namespace CourseCove.Api.Admin;

/// <summary>Configuration section <c>Admin</c>: the key that unlocks the operations endpoints.</summary>
public sealed class AdminOptions : IValidatableObject
{
    public const string Section = "Admin";
    private const int MinimumLength = 16;

    /// <summary><c>Admin:ApiKey</c>; unset (or empty) turns the admin endpoints off (404).</summary>
    public string? ApiKey { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(ApiKey) && ApiKey.Trim().Length < MinimumLength)
        {
            yield return new ValidationResult(
                $"{Section}:ApiKey must be at least {MinimumLength} characters, or unset to turn the admin endpoints off.",
                [nameof(ApiKey)]);
        }
    }
}
