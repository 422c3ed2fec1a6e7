using System.ComponentModel.DataAnnotations;

namespace XBot.Web.Auth;

/// <summary>
/// The console's single operator account. The password comes from the environment or user secrets
/// (<c>Admin__Password</c>); XBot.AppHost generates one and keeps it in its own user secrets.
/// </summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";

    [Required(AllowEmptyStrings = false, ErrorMessage = "Admin:Username must not be empty.")]
    public string Username { get; set; } = "admin";

    [Required(ErrorMessage = "Admin:Password is not set. Set the environment variable Admin__Password (at least 12 characters) or the user secret Admin:Password.")]
    [MinLength(12, ErrorMessage = "Admin:Password must be at least 12 characters.")]
    public string? Password { get; set; }

    /// <summary>The api's admin key (<c>Admin__ApiKey</c>), sent with every call the console makes.</summary>
    [Required(ErrorMessage = "Admin:ApiKey is not set. Set the environment variable Admin__ApiKey to the api's admin key.")]
    public string? ApiKey { get; set; }
}
