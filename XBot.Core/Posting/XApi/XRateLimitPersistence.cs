using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using StackExchange.Redis;
using XBot.Core.Configuration;
using XBot.Core.Storage.Redis;

namespace XBot.Core.Posting.XApi;

/// <summary>
/// Keeps <see cref="XRateLimitState"/> outside the process: in Redis under the prefix
/// (<c>state:x_api_rl:*</c>, each key expiring at its window's reset), and in PostgreSQL
/// (<c>x_rate_limit_windows</c>) as the fallback. Before each request the endpoint's windows are read
/// back from both, so that a restarted worker, or another process, honours a reset this
/// one learned; after each answer they are written to both. Either store failing only costs that
/// knowledge: the in-memory state still gates this process. Without storage (a bare client) it does nothing.
/// </summary>
public sealed partial class XRateLimitPersistence(IServiceProvider services, XRateLimitState state, TimeProvider time, ILogger<XRateLimitPersistence> logger)
{
    private static readonly XRateLimitScope[] Scopes = Enum.GetValues<XRateLimitScope>();
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly TimeSpan PostgresTimeout = TimeSpan.FromSeconds(2);

    private RedisGate? Redis => services.GetService<RedisGate>();
    private NpgsqlDataSource? Postgres => services.GetService<NpgsqlDataSource>();
    private string Environment => services.GetService<XBotOptions>()?.AppEnv ?? "development";

    /// <summary>
    /// Takes the endpoint's stored windows into the state. Both stores are read and merged, because a write
    /// to either may have failed (Redis not yet connected at start-up, say); merging never loosens a known
    /// window, so the stricter copy wins.
    /// </summary>
    public async Task LoadAsync(string endpoint, CancellationToken cancellationToken)
    {
        await LoadFromAsync("Redis", endpoint, LoadFromRedisAsync, cancellationToken);
        await LoadFromAsync("PostgreSQL", endpoint, LoadFromPostgresAsync, cancellationToken);
    }

    private async Task LoadFromAsync(string store, string endpoint, Func<string, CancellationToken, Task<List<XRateLimitWindow>?>> load, CancellationToken cancellationToken)
    {
        try
        {
            if (await load(endpoint, cancellationToken) is { Count: > 0 } windows)
            {
                state.Record(endpoint, windows);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogStoreFailed(logger, "read", endpoint, store, ex.Message);
        }
    }

    /// <summary>Writes the endpoint's windows still in force to Redis and PostgreSQL.</summary>
    public async Task SaveAsync(string endpoint, CancellationToken cancellationToken)
    {
        var windows = state.WindowsOf(endpoint);
        if (windows.Count == 0)
        {
            return;
        }
        await SaveToAsync("Redis", endpoint, () => SaveToRedisAsync(endpoint, windows, cancellationToken), cancellationToken);
        await SaveToAsync("PostgreSQL", endpoint, () => SaveToPostgresAsync(endpoint, windows, cancellationToken), cancellationToken);
    }

    private async Task SaveToAsync(string store, string endpoint, Func<Task> save, CancellationToken cancellationToken)
    {
        try
        {
            await save();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogStoreFailed(logger, "write", endpoint, store, ex.Message);
        }
    }

    private async Task<List<XRateLimitWindow>?> LoadFromRedisAsync(string endpoint, CancellationToken cancellationToken)
    {
        if (Redis is not { } redis)
        {
            return null;
        }
        var keys = Scopes.Select(scope => redis.Keys.XApiRateLimitWindow(endpoint, scope.ToString())).ToArray();
        var attempt = await redis.TryDirectAsync(db => db.StringGetAsync(keys), cancellationToken);
        if (!attempt.Done)
        {
            return attempt.Error is null ? null : throw attempt.Error;
        }
        return attempt.Value!.Where(v => v.HasValue).Select(v => JsonSerializer.Deserialize<XRateLimitWindow>((string)v!, Json)).OfType<XRateLimitWindow>().ToList();
    }

    private async Task SaveToRedisAsync(string endpoint, IReadOnlyList<XRateLimitWindow> windows, CancellationToken cancellationToken)
    {
        if (Redis is not { } redis)
        {
            return;
        }
        var now = time.GetUtcNow();
        var attempt = await redis.TryDirectAsync(async db =>
        {
            var writes = windows.Select(w => db.StringSetAsync(redis.Keys.XApiRateLimitWindow(endpoint, w.Scope.ToString()),
                JsonSerializer.Serialize(w, Json), w.Reset - now)).ToList();
            await Task.WhenAll(writes);
            return true;
        }, cancellationToken);
        if (attempt.Error is { } error)
        {
            throw error;
        }
    }

    private async Task<List<XRateLimitWindow>?> LoadFromPostgresAsync(string endpoint, CancellationToken cancellationToken)
    {
        if (Postgres is not { } dataSource)
        {
            return null;
        }
        await using var command = dataSource.CreateCommand(
            "SELECT scope, limit_count, remaining, reset_at FROM x_rate_limit_windows WHERE environment = @env AND endpoint = @endpoint AND reset_at > @now");
        command.CommandTimeout = (int)PostgresTimeout.TotalSeconds;
        command.Parameters.AddWithValue("env", Environment);
        command.Parameters.AddWithValue("endpoint", endpoint);
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        var windows = new List<XRateLimitWindow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (Enum.TryParse<XRateLimitScope>(reader.GetString(0), out var scope))
            {
                windows.Add(new XRateLimitWindow(scope, reader.IsDBNull(1) ? null : reader.GetInt32(1), reader.GetInt32(2), reader.GetFieldValue<DateTimeOffset>(3)));
            }
        }
        return windows;
    }

    private async Task SaveToPostgresAsync(string endpoint, IReadOnlyList<XRateLimitWindow> windows, CancellationToken cancellationToken)
    {
        if (Postgres is not { } dataSource)
        {
            return;
        }
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO x_rate_limit_windows (environment, endpoint, scope, limit_count, remaining, reset_at, updated_at)
            SELECT @env, @endpoint, u.scope, u.limit_count, u.remaining, u.reset_at, @now
            FROM unnest(@scopes, @limits, @remaining, @resets) AS u (scope, limit_count, remaining, reset_at)
            ON CONFLICT (environment, endpoint, scope) DO UPDATE
            SET limit_count = EXCLUDED.limit_count, remaining = EXCLUDED.remaining, reset_at = EXCLUDED.reset_at, updated_at = EXCLUDED.updated_at
            """);
        command.CommandTimeout = (int)PostgresTimeout.TotalSeconds;
        command.Parameters.AddWithValue("env", Environment);
        command.Parameters.AddWithValue("endpoint", endpoint);
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        command.Parameters.AddWithValue("scopes", windows.Select(w => w.Scope.ToString()).ToArray());
        command.Parameters.AddWithValue("limits", windows.Select(w => w.Limit).ToArray());
        command.Parameters.AddWithValue("remaining", windows.Select(w => w.Remaining).ToArray());
        command.Parameters.AddWithValue("resets", windows.Select(w => w.Reset).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not {Operation} the X rate-limit state of {Endpoint} in {Store}: {Reason}")]
    private static partial void LogStoreFailed(ILogger logger, string operation, string endpoint, string store, string reason);
}
