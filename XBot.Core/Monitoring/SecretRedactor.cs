using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace XBot.Core.Monitoring;

/// <summary>
/// Keeps secrets out of what leaves the process in an alert: the configured secret values (X and OpenAI
/// keys, the admin key and password, the webhook URLs, connection-string passwords) and anything shaped
/// like a credential (<c>password=...</c>, <c>user:pass@</c> in a URL, a bearer token) become <c>***</c>.
/// Exception messages end up in alerts, and a driver may quote its connection string.
/// </summary>
public sealed partial class SecretRedactor
{
    private static readonly string[] SecretSettings =
    [
        "TWITTER_API_KEY", "TWITTER_API_SECRET", "TWITTER_ACCESS_TOKEN", "TWITTER_ACCESS_TOKEN_SECRET", "TWITTER_BEARER_TOKEN",
        "OPENAI_API_KEY", "Admin:ApiKey", "Admin:Password", AlertWebhookOptions.AlertVariable, AlertWebhookOptions.EmergencyVariable,
        "REDIS_URL", "DATABASE_URL",
    ];

    private readonly string[] _values;

    public SecretRedactor(IConfiguration configuration)
    {
        var values = SecretSettings.Select(k => configuration[k]).ToList();
        foreach (var name in new[] { "ConnectionStrings:xbotdb", "ConnectionStrings:cache" })
        {
            if (configuration[name] is { } connection)
            {
                values.AddRange(PasswordSetting().Matches(connection).Select(m => m.Groups["value"].Value));
            }
        }
        // Longest first, so a secret that contains another is replaced whole.
        _values = [.. values.Where(v => v is { Length: >= 6 }).Select(v => v!.Trim()).Distinct(StringComparer.Ordinal).OrderByDescending(v => v.Length)];
    }

    public string Redact(string text)
    {
        foreach (var value in _values)
        {
            text = text.Replace(value, "***", StringComparison.Ordinal);
        }
        text = PasswordSetting().Replace(text, m => $"{m.Groups["key"].Value}=***");
        text = UrlCredentials().Replace(text, "://***@");
        return BearerToken().Replace(text, "Bearer ***");
    }

    [GeneratedRegex(@"(?<key>\b(?:password|pwd|passwd|secret|token|api[_-]?key))\s*=\s*(?<value>[^;,\s]+)", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordSetting();

    [GeneratedRegex(@"://[^/@\s:]+:[^/@\s]+@")]
    private static partial Regex UrlCredentials();

    [GeneratedRegex(@"Bearer\s+[A-Za-z0-9._~+/=-]+", RegexOptions.IgnoreCase)]
    private static partial Regex BearerToken();
}
