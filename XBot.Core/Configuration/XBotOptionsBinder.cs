using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace XBot.Core.Configuration;

/// <summary>
/// Reads the runbook's variables by their exact names. Hand-written because the names are
/// SCREAMING_SNAKE_CASE at the configuration root, which the default binder can't map to properties,
/// and because a malformed value must be reported by its variable name rather than silently defaulted.
/// </summary>
public static class XBotOptionsBinder
{
    public static XBotOptions Bind(IConfiguration configuration)
    {
        var errors = new List<string>();
        var options = new XBotOptions();

        options.AppEnv = configuration["APP_ENV"] is { Length: > 0 } env ? env.Trim().ToLowerInvariant() : options.AppEnv;
        if (!XBotOptions.Environments.Contains(options.AppEnv))
        {
            errors.Add($"APP_ENV is '{options.AppEnv}'; use development, staging or production.");
        }

        // Anything but "true" means shadow mode, by the runbook's rule: a typo must never post.
        options.LivePosts = string.Equals(configuration["LIVE_POSTS"]?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

        if (configuration["REDIS_PREFIX"] is { } prefix)
        {
            options.RedisPrefix = prefix;
        }
        if (options.RedisPrefix.Length is 0 or > 32 || !options.RedisPrefix.All(c => char.IsAsciiLetterOrDigit(c) || c is ':' or '_' or '-' or '.'))
        {
            errors.Add($"REDIS_PREFIX is '{options.RedisPrefix}'; use 1-32 letters, digits, ':', '_', '-' or '.', for example 'stg:'.");
        }

        options.AppSchemaVersion = configuration["APP_SCHEMA_VERSION"] is { Length: > 0 } version ? version.Trim() : null;
        options.SkipSchemaGuard = Bool(configuration, "SKIP_SCHEMA_GUARD", false, errors);
        options.UseRedis = Bool(configuration, "USE_REDIS", true, errors);
        options.DualWriteEnabled = Bool(configuration, "DUAL_WRITE_ENABLED", true, errors);
        options.MonitoringEnabled = Bool(configuration, "MONITORING_ENABLED", true, errors);
        options.EnableShadowTesting = Bool(configuration, "ENABLE_SHADOW_TESTING", true, errors);
        options.RedisRateLimiting = Bool(configuration, "REDIS_RATE_LIMITING", true, errors);
        options.RedisCache = Bool(configuration, "REDIS_CACHE", true, errors);
        options.RedisQueue = Bool(configuration, "REDIS_QUEUE", true, errors);
        options.RedisDeduplication = Bool(configuration, "REDIS_DEDUPLICATION", true, errors);
        options.RedisFallbackMode = Bool(configuration, "REDIS_FALLBACK_MODE", false, errors);

        if (configuration["SYNC_INTERVAL_MS"] is { Length: > 0 } interval)
        {
            if (int.TryParse(interval, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms is >= 1_000 and <= 86_400_000)
            {
                options.SyncIntervalMs = ms;
            }
            else
            {
                errors.Add($"SYNC_INTERVAL_MS is '{interval}'; use milliseconds between 1000 and 86400000, for example 900000.");
            }
        }

        if (configuration["POST_FRACTION"] is { Length: > 0 } fraction)
        {
            if (double.TryParse(fraction, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 1)
            {
                options.PostFraction = value;
            }
            else
            {
                errors.Add($"POST_FRACTION is '{fraction}'; use a number from 0.0 to 1.0.");
            }
        }

        const string flagPrefix = "FEATURE_FLAG_";
        foreach (var (key, value) in configuration.AsEnumerable())
        {
            if (!key.StartsWith(flagPrefix, StringComparison.OrdinalIgnoreCase) || key.Contains(':', StringComparison.Ordinal) || string.IsNullOrWhiteSpace(value))
            {
                continue;
            }
            var name = key[flagPrefix.Length..].ToLowerInvariant();
            if (name.Length == 0 || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                errors.Add($"{key} does not name a flag; use FEATURE_FLAG_<NAME> with letters, digits and '_', for example FEATURE_FLAG_POSTING=false.");
            }
            else if (bool.TryParse(value.Trim(), out var enabled))
            {
                options.FeatureFlagOverrides[name] = enabled;
            }
            else
            {
                errors.Add($"{key} is '{value}'; use true or false.");
            }
        }

        if (errors.Count > 0)
        {
            throw new XBotConfigurationException(errors);
        }
        return options;
    }

    private static bool Bool(IConfiguration configuration, string name, bool defaultValue, List<string> errors)
    {
        var raw = configuration[name];
        if (string.IsNullOrWhiteSpace(raw))
        {
            return defaultValue;
        }
        if (bool.TryParse(raw.Trim(), out var value))
        {
            return value;
        }
        errors.Add($"{name} is '{raw}'; use true or false.");
        return defaultValue;
    }
}

/// <summary>One or more runbook variables are out of range; the message lists every one.</summary>
public sealed class XBotConfigurationException(IReadOnlyList<string> errors)
    : InvalidOperationException("Invalid configuration: " + string.Join(" ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
