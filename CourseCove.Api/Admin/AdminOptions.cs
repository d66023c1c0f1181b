using System.ComponentModel.DataAnnotations;

namespace CourseCove.Api.Admin;

/// <summary>Configuration section <c>Admin</c>: the key that unlocks the operations endpoints.</summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";

    /// <summary><c>Admin:ApiKey</c>; unset turns the admin endpoints off (404).</summary>
    [MinLength(16, ErrorMessage = "Admin:ApiKey must be at least 16 characters (or unset to turn the admin endpoints off).")]
    public string? ApiKey { get; set; }
}
