using System.ComponentModel.DataAnnotations;

namespace XBot.Web.Auth;

/// <summary>Failed sign-ins allowed per client address (<c>Admin:SignInThrottle</c>).</summary>
public sealed class SignInThrottleOptions
{
    public const string Section = "Admin:SignInThrottle";

    [Range(1, 1000, ErrorMessage = "Admin:SignInThrottle:MaxFailures must be from 1 to 1000.")]
    public int MaxFailures { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Admin:SignInThrottle:Window must be from 00:00:01 to 1.00:00:00.")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(5);
}
