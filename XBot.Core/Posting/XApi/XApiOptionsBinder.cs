using System.Globalization;
using Microsoft.Extensions.Configuration;
using XBot.Core.Configuration;

namespace XBot.Core.Posting.XApi;

/// <summary>
/// Reads <see cref="XApiOptions"/> by the variables' exact names, as <see cref="XBotOptionsBinder"/> does.
/// The credentials are required only when <c>LIVE_POSTS=true</c>: shadow mode never calls X, so it must
/// start without them.
/// </summary>
public static class XApiOptionsBinder
{
    public const string ApiKey = "TWITTER_API_KEY";
    public const string ApiSecret = "TWITTER_API_SECRET";
    public const string AccessToken = "TWITTER_ACCESS_TOKEN";
    public const string AccessTokenSecret = "TWITTER_ACCESS_TOKEN_SECRET";
    public const string BearerToken = "TWITTER_BEARER_TOKEN";
    public const string BaseUrl = "X_API_BASE_URL";
    public const string AttemptTimeoutMs = "X_API_ATTEMPT_TIMEOUT_MS";
    public const string ReadRetries = "X_API_READ_RETRIES";
    public const string RetryDelayMs = "X_API_RETRY_DELAY_MS";

    private static readonly string[] CredentialNames = [ApiKey, ApiSecret, AccessToken, AccessTokenSecret];

    public static XApiOptions Bind(IConfiguration configuration, bool credentialsRequired)
    {
        var errors = new List<string>();
        var options = new XApiOptions();

        var values = CredentialNames.ToDictionary(name => name, name => Value(configuration, name));
        var missing = CredentialNames.Where(name => values[name] is null).ToList();
        if (missing.Count == 0)
        {
            options.Credentials = new OAuth1Credentials(values[ApiKey]!, values[ApiSecret]!, values[AccessToken]!, values[AccessTokenSecret]!);
        }
        else if (credentialsRequired)
        {
            errors.Add($"LIVE_POSTS=true needs the X credentials, but {string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} not set; set all of {string.Join(", ", CredentialNames)}, or leave LIVE_POSTS unset for shadow mode.");
        }
        options.BearerToken = Value(configuration, BearerToken);

        if (Value(configuration, BaseUrl) is { } url)
        {
            if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && string.IsNullOrEmpty(uri.Query.TrimStart('?')))
            {
                options.BaseUrl = uri;
            }
            else
            {
                errors.Add($"{BaseUrl} is '{url}'; use an absolute http or https URL without a query, for example https://api.x.com or http://127.0.0.1:5190.");
            }
        }

        if (Milliseconds(configuration, AttemptTimeoutMs, 100, 300_000, errors) is { } timeout)
        {
            options.AttemptTimeout = timeout;
        }
        if (Value(configuration, ReadRetries) is { } retries)
        {
            if (int.TryParse(retries, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count is >= 0 and <= 10)
            {
                options.ReadRetries = count;
            }
            else
            {
                errors.Add($"{ReadRetries} is '{retries}'; use a whole number from 0 to 10.");
            }
        }
        if (Milliseconds(configuration, RetryDelayMs, 0, 60_000, errors) is { } delay)
        {
            options.RetryDelay = delay;
        }

        if (errors.Count > 0)
        {
            throw new XBotConfigurationException(errors);
        }
        return options;
    }

    private static string? Value(IConfiguration configuration, string name) =>
        configuration[name] is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static TimeSpan? Milliseconds(IConfiguration configuration, string name, int min, int max, List<string> errors)
    {
        if (Value(configuration, name) is not { } raw)
        {
            return null;
        }
        if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms >= min && ms <= max)
        {
            return TimeSpan.FromMilliseconds(ms);
        }
        errors.Add($"{name} is '{raw}'; use milliseconds from {min} to {max}.");
        return null;
    }
}
