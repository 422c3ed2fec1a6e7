using System.ComponentModel.DataAnnotations;

namespace XBot.Api.Http;

/// <summary>
/// The ASP.NET Core rate limiter on every route of this api (<c>Api:RateLimit</c>): a fixed window per
/// client address. Generous enough for the console and the runbooks' 100-post load test, tight enough that
/// a runaway script or a key-guessing client is slowed down.
/// </summary>
public sealed class ApiRateLimitOptions
{
    public const string Section = "Api:RateLimit";
    public const string Policy = "per-client";

    [Range(1, 100_000)]
    public int PermitLimit { get; set; } = 600;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
