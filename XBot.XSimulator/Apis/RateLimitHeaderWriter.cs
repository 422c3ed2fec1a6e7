using System.Globalization;
using XBot.Core.Posting.XApi;

namespace XBot.XSimulator.Apis;

/// <summary>Writes X's rate-limit headers for the windows a request was counted against.</summary>
internal static class RateLimitHeaderWriter
{
    public static void Write(HttpResponse response, IEnumerable<XRateLimitWindow> windows)
    {
        foreach (var window in windows)
        {
            var prefix = window.Scope switch
            {
                XRateLimitScope.Endpoint => "x-rate-limit-",
                XRateLimitScope.User24Hour => "x-user-limit-24hour-",
                XRateLimitScope.App24Hour => "x-app-limit-24hour-",
                _ => null,
            };
            if (prefix is null)
            {
                continue;
            }
            if (window.Limit is { } limit)
            {
                response.Headers[prefix + "limit"] = limit.ToString(CultureInfo.InvariantCulture);
            }
            response.Headers[prefix + "remaining"] = window.Remaining.ToString(CultureInfo.InvariantCulture);
            response.Headers[prefix + "reset"] = window.Reset.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        }
    }
}
