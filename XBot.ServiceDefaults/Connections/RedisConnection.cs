using System.Globalization;
using Microsoft.Extensions.Configuration;
using StackExchange.Redis;

namespace XBot.ServiceDefaults.Connections;

/// <summary>
/// Resolves the Redis connection for a resource: <c>ConnectionStrings:{name}</c> (the Aspire contract)
/// first, then <c>REDIS_URL</c> (the old bot's hosting variable, <c>redis://</c> or <c>rediss://</c>).
/// </summary>
public static class RedisConnection
{
    public const string UrlVariable = "REDIS_URL";
    private const string Example = "'localhost:6379' or 'cache.example.com:6380,password=...,ssl=true'";
    private const string UrlExample = "'redis://localhost:6379' or 'rediss://:password@cache.example.com:6380'";

    public static ConfigurationOptions Resolve(IConfiguration configuration, string connectionName)
    {
        var setting = $"ConnectionStrings:{connectionName}";
        var value = configuration.GetConnectionString(connectionName);
        if (!string.IsNullOrWhiteSpace(value))
        {
            return value.Contains("://", StringComparison.Ordinal)
                ? ParseUrl(value, setting)
                : Parse(value, setting);
        }

        var url = configuration[UrlVariable];
        if (!string.IsNullOrWhiteSpace(url))
        {
            return ParseUrl(url, UrlVariable);
        }

        throw new ConnectionSettingException(
            $"{setting} is not set. Set the environment variable ConnectionStrings__{connectionName} (for example {Example}) " +
            $"or {UrlVariable} (for example {UrlExample}).");
    }

    /// <summary>Parses a StackExchange.Redis configuration string such as <c>host:port,password=...</c>.</summary>
    public static ConfigurationOptions Parse(string value, string setting)
    {
        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(value);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            throw new ConnectionSettingException($"{setting} is malformed: {ex.Message} Expected for example {Example}.", ex);
        }

        if (options.EndPoints.Count == 0)
        {
            throw new ConnectionSettingException($"{setting} names no server. Expected for example {Example}.");
        }

        return Finish(options);
    }

    /// <summary>Parses <c>redis://[user[:password]@]host[:port][/db]</c>; <c>rediss://</c> turns TLS on.</summary>
    public static ConfigurationOptions ParseUrl(string value, string setting)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri)
            || (uri.Scheme != "redis" && uri.Scheme != "rediss")
            || string.IsNullOrEmpty(uri.Host))
        {
            throw new ConnectionSettingException($"{setting} is not a redis:// or rediss:// URL. Expected for example {UrlExample}.");
        }

        var options = new ConfigurationOptions { Ssl = uri.Scheme == "rediss" };
        options.EndPoints.Add(uri.Host, uri.IsDefaultPort || uri.Port < 0 ? 6379 : uri.Port);

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            var parts = uri.UserInfo.Split(':', 2);
            var user = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                options.Password = Uri.UnescapeDataString(parts[1]);
                if (user.Length > 0 && user != "default")
                {
                    options.User = user;
                }
            }
            else
            {
                // redis://secret@host is the common shorthand for a password without a user.
                options.Password = user;
            }
        }

        var path = uri.AbsolutePath.Trim('/');
        if (path.Length > 0)
        {
            if (!int.TryParse(path, NumberStyles.None, CultureInfo.InvariantCulture, out var database))
            {
                throw new ConnectionSettingException($"{setting} has '/{path}' where a database number was expected. Expected for example {UrlExample}.");
            }
            options.DefaultDatabase = database;
        }

        return Finish(options);
    }

    private static ConfigurationOptions Finish(ConfigurationOptions options)
    {
        // Services must start, and fall back to PostgreSQL, while Redis is down.
        options.AbortOnConnectFail = false;
        return options;
    }
}
