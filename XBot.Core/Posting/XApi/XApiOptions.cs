namespace XBot.Core.Posting.XApi;

/// <summary>
/// The X API client's settings, read by <see cref="XApiOptionsBinder"/> from the runbook's
/// <c>TWITTER_*</c> variables and the <c>X_API_*</c> settings. Secrets stay in here and in the signer;
/// neither prints them.
/// </summary>
public sealed class XApiOptions
{
    public static readonly Uri DefaultBaseUrl = new("https://api.x.com");

    /// <summary>The OAuth 1.0a user-context credentials; null unless all four <c>TWITTER_*</c> values are set.</summary>
    public OAuth1Credentials? Credentials { get; set; }

    /// <summary><c>TWITTER_BEARER_TOKEN</c>: kept for app-only reads; XBot signs every call with OAuth 1.0a, so it is optional.</summary>
    public string? BearerToken { get; set; }

    /// <summary><c>X_API_BASE_URL</c>: where the API is; the X stand-in's address for simulated runs.</summary>
    public Uri BaseUrl { get; set; } = DefaultBaseUrl;

    /// <summary><c>X_API_ATTEMPT_TIMEOUT_MS</c>: how long one attempt may take before XBot gives up on it.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary><c>X_API_READ_RETRIES</c>: retries of a read after a 5xx, a 408 or a timeout. Posts are never retried.</summary>
    public int ReadRetries { get; set; } = 3;

    /// <summary><c>X_API_RETRY_DELAY_MS</c>: the first retry's delay; later ones back off exponentially, with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public bool HasCredentials => Credentials is not null;
}
