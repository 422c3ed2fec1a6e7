using System.Net.Sockets;
using Npgsql;
using StackExchange.Redis;
using XBot.Core.Storage.Redis;
using XBot.ServiceDefaults.Connections;

namespace XBot.Worker.Cli;

/// <summary>
/// Turns a failure to reach PostgreSQL or Redis into one line that names the server and the setting to
/// check, instead of the client's exception type and its log output.
/// </summary>
public static class ConnectionProblem
{
    public static string? Describe(Exception exception, IConfiguration configuration)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            switch (ex)
            {
                case PostgresException server:
                    return $"PostgreSQL at {Postgres(configuration)} refused the request: {server.MessageText} ({server.SqlState}); check the user, password and database in {PostgresSetting}.";
                case NpgsqlException:
                    return $"cannot connect to PostgreSQL at {Postgres(configuration)} ({Reason(exception)}); check {PostgresSetting} and that the server is running and reachable.";
                case RedisConnectionException or RedisTimeoutException or RedisUnavailableException:
                    return $"cannot reach Redis at {Redis(configuration)} ({Reason(exception)}); check {RedisSetting} and that the server is running and reachable.";
            }
        }
        return null;
    }

    /// <summary>Where Redis was looked for and what to check, for verbs that report an unreachable Redis themselves.</summary>
    public static string RedisHint(IConfiguration configuration) =>
        $"at {Redis(configuration)}; check {RedisSetting} and that the server is running and reachable";

    private const string PostgresSetting = "ConnectionStrings:xbotdb (or DATABASE_URL)";
    private const string RedisSetting = "ConnectionStrings:cache (or REDIS_URL)";

    /// <summary>The socket's reason when there is one ("Connection refused"), else the first sentence of the innermost message.</summary>
    private static string Reason(Exception exception)
    {
        var innermost = exception;
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            if (ex is SocketException socket)
            {
                return socket.Message;
            }
            if (ex is TimeoutException)
            {
                return "timed out";
            }
            innermost = ex;
        }
        var message = innermost.Message.ReplaceLineEndings(" ");
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return (end > 0 ? message[..end] : message.TrimEnd('.')).Trim();
    }

    private static string Postgres(IConfiguration configuration)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(PostgresConnection.Resolve(configuration, "xbotdb"));
            return $"{builder.Host}:{builder.Port}";
        }
        catch (Exception ex) when (ex is ConnectionSettingException or ArgumentException)
        {
            return "(unknown server)";
        }
    }

    private static string Redis(IConfiguration configuration)
    {
        try
        {
            return string.Join(", ", RedisConnection.Resolve(configuration, "cache").EndPoints.Select(e => e.ToString()?.Replace("Unspecified/", "", StringComparison.Ordinal)));
        }
        catch (Exception ex) when (ex is ConnectionSettingException or ArgumentException)
        {
            return "(unknown server)";
        }
    }
}
