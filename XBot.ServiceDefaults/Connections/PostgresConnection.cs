using System.Globalization;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace XBot.ServiceDefaults.Connections;

/// <summary>
/// Resolves the PostgreSQL connection string for a resource: <c>ConnectionStrings:{name}</c> (the
/// Aspire contract) first, then <c>DATABASE_URL</c> (<c>postgres://user:pass@host:port/db</c>).
/// </summary>
public static class PostgresConnection
{
    public const string UrlVariable = "DATABASE_URL";
    private const string Example = "'Host=localhost;Port=5432;Username=xbot;Password=...;Database=xbotdb'";
    private const string UrlExample = "'postgres://xbot:password@localhost:5432/xbotdb'";

    public static string Resolve(IConfiguration configuration, string connectionName)
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

    /// <summary>Validates an Npgsql keyword connection string.</summary>
    public static string Parse(string value, string setting)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(value);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            throw new ConnectionSettingException($"{setting} is malformed: {ex.Message} Expected for example {Example}.", ex);
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw new ConnectionSettingException($"{setting} has no Host. Expected for example {Example}.");
        }

        return builder.ConnectionString;
    }

    /// <summary>Converts <c>postgres://user:pass@host:port/db?sslmode=require</c> to an Npgsql connection string.</summary>
    public static string ParseUrl(string value, string setting)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri)
            || (uri.Scheme != "postgres" && uri.Scheme != "postgresql")
            || string.IsNullOrEmpty(uri.Host))
        {
            throw new ConnectionSettingException($"{setting} is not a postgres:// URL. Expected for example {UrlExample}.");
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/'));
        if (database.Length == 0)
        {
            throw new ConnectionSettingException($"{setting} names no database. Expected for example {UrlExample}.");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = database,
        };

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(parts[1]);
            }
        }

        foreach (var (key, raw) in ParseQuery(uri.Query))
        {
            switch (key)
            {
                case "sslmode":
                    builder.SslMode = raw switch
                    {
                        "disable" => SslMode.Disable,
                        "allow" => SslMode.Allow,
                        "prefer" => SslMode.Prefer,
                        "require" => SslMode.Require,
                        "verify-ca" => SslMode.VerifyCA,
                        "verify-full" => SslMode.VerifyFull,
                        _ => throw new ConnectionSettingException(
                            $"{setting} has sslmode '{raw}'. Use disable, allow, prefer, require, verify-ca or verify-full."),
                    };
                    break;
                case "application_name":
                    builder.ApplicationName = raw;
                    break;
                case "connect_timeout" when int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds):
                    builder.Timeout = seconds;
                    break;
                default:
                    throw new ConnectionSettingException(
                        $"{setting} has the query parameter '{key}', which XBot does not understand. Supported: sslmode, application_name, connect_timeout.");
            }
        }

        return builder.ConnectionString;
    }

    private static IEnumerable<(string Key, string Value)> ParseQuery(string query)
    {
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            yield return (Uri.UnescapeDataString(parts[0]), parts.Length == 2 ? Uri.UnescapeDataString(parts[1]) : "");
        }
    }
}
