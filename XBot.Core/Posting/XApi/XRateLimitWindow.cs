namespace XBot.Core.Posting.XApi;

/// <summary>Which of X's limits a window belongs to; each comes with its own set of response headers.</summary>
public enum XRateLimitScope
{
    /// <summary><c>x-rate-limit-*</c>: the endpoint's window, usually 15 minutes.</summary>
    Endpoint,

    /// <summary><c>x-user-limit-24hour-*</c>: the account's daily cap (17 posts on the Free tier).</summary>
    User24Hour,

    /// <summary><c>x-app-limit-24hour-*</c>: the app's daily cap.</summary>
    App24Hour,

    /// <summary><c>x-account-rate-limit-*</c>: the account-wide window X reports since February 2026.</summary>
    Account,

    /// <summary>
    /// A 429's own hold: until the reset that 429 announced (or Retry-After, or a default back-off). Kept
    /// apart from the windows so that a later answer reporting another window can't reopen the endpoint early.
    /// </summary>
    Throttled,
}

/// <summary>One limit as X last reported it: how many requests it allows, how many are left, and when it resets.</summary>
public sealed record XRateLimitWindow(XRateLimitScope Scope, int? Limit, int Remaining, DateTimeOffset Reset);

/// <summary>A window as the rate-limit state holds it, for monitoring and the ops console.</summary>
public sealed record XRateLimitStatus(string Endpoint, XRateLimitScope Scope, int? Limit, int Remaining, DateTimeOffset Reset);
