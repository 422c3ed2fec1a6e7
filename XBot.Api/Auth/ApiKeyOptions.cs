using System.ComponentModel.DataAnnotations;

namespace XBot.Api.Auth;

/// <summary>
/// The admin API key (<c>Admin__ApiKey</c>, from the environment or user secrets; XBot.AppHost generates one and gives
/// it to the api and the console). Every <c>/api</c> route requires <c>Authorization: Bearer &lt;key&gt;</c>.
/// </summary>
public sealed class ApiKeyOptions
{
    public const string Section = "Admin";

    [Required(ErrorMessage = "Admin:ApiKey is not set. Set the environment variable Admin__ApiKey (at least 32 characters) or the user secret Admin:ApiKey.")]
    [MinLength(32, ErrorMessage = "Admin:ApiKey must be at least 32 characters.")]
    public string? ApiKey { get; set; }
}
