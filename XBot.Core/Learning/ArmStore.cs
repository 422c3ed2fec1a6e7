using System.Globalization;
using Microsoft.Extensions.Logging;
using Npgsql;
using StackExchange.Redis;
using XBot.Core.Configuration;
using XBot.Core.Storage.Fallback;
using XBot.Core.Storage.Redis;

namespace XBot.Core.Learning;

/// <summary>
/// The bandit's arms: PostgreSQL (<c>bandit_arms</c>) is the truth, Redis a cache of the whole set in one
/// hash with a short expiry. Writers change PostgreSQL in their own transaction and then drop the cache, so a
/// failed Redis call can at worst serve the previous state until the expiry.
/// </summary>
public sealed partial class ArmStore(NpgsqlDataSource dataSource, RedisGate redis, XBotOptions options, ILogger<ArmStore> logger)
{
    private static readonly TimeSpan CacheExpiry = TimeSpan.FromMinutes(10);

    private RedisKey CacheKey => redis.Keys.BanditArm($"{options.AppEnv}:all");

    /// <summary>Every arm of this environment, from the cache when it has them.</summary>
    public async Task<IReadOnlyDictionary<ArmKey, ArmState>> LoadAsync(CancellationToken cancellationToken)
    {
        var cached = await redis.TryAsync(StoreFeature.Cache, db => db.HashGetAllAsync(CacheKey), cancellationToken);
        if (cached is { Done: true, Value: { Length: > 0 } entries })
        {
            return entries.Select(e => Decode(e.Name!, e.Value!)).ToDictionary(a => a.Key);
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var arms = await LoadAsync(connection, null, forUpdate: false, cancellationToken);
        if (arms.Count > 0)
        {
            var fields = arms.Values.Select(a => new HashEntry(a.Key.ToString(), Encode(a))).ToArray();
            await redis.TryAsync(StoreFeature.Cache, async db =>
            {
                await db.HashSetAsync(CacheKey, fields);
                return await db.KeyExpireAsync(CacheKey, CacheExpiry);
            }, cancellationToken);
        }
        return arms;
    }

    public async Task<int> CountAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM bandit_arms WHERE environment = @env");
        command.Parameters.AddWithValue("env", options.AppEnv);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>The arms inside a writer's transaction, locked when <paramref name="forUpdate"/>.</summary>
    public async Task<Dictionary<ArmKey, ArmState>> LoadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, bool forUpdate, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT dimension, value, alpha, beta, updated_at, reward_squares FROM bandit_arms WHERE environment = @env" + (forUpdate ? " FOR UPDATE" : ""),
            connection,
            transaction);
        command.Parameters.AddWithValue("env", options.AppEnv);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var arms = new Dictionary<ArmKey, ArmState>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = new ArmKey(reader.GetString(0), reader.GetString(1));
            arms[key] = new ArmState(key, reader.GetDouble(2), reader.GetDouble(3), reader.GetFieldValue<DateTimeOffset>(4))
            {
                RewardSquares = reader.IsDBNull(5) ? null : reader.GetDouble(5),
            };
        }
        return arms;
    }

    public async Task SaveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IEnumerable<ArmState> arms, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var arm in arms)
        {
            var command = new NpgsqlBatchCommand(
                """
                INSERT INTO bandit_arms (environment, dimension, value, alpha, beta, updated_at, reward_squares) VALUES (@env, @dimension, @value, @alpha, @beta, @at, @squares)
                ON CONFLICT (environment, dimension, value) DO UPDATE SET alpha = excluded.alpha, beta = excluded.beta, updated_at = excluded.updated_at, reward_squares = excluded.reward_squares
                """);
            command.Parameters.AddWithValue("env", options.AppEnv);
            command.Parameters.AddWithValue("dimension", arm.Key.Dimension);
            command.Parameters.AddWithValue("value", arm.Key.Value);
            command.Parameters.AddWithValue("alpha", arm.Alpha);
            command.Parameters.AddWithValue("beta", arm.Beta);
            command.Parameters.AddWithValue("at", arm.UpdatedAt);
            command.Parameters.AddWithValue("squares", arm.RewardSquares is { } squares ? squares : DBNull.Value);
            batch.BatchCommands.Add(command);
        }
        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public async Task DeleteAllAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("DELETE FROM bandit_arms WHERE environment = @env", connection, transaction);
        command.Parameters.AddWithValue("env", options.AppEnv);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Drops the cache after a write has committed.</summary>
    public async Task InvalidateAsync(CancellationToken cancellationToken)
    {
        var attempt = await redis.TryDirectAsync(db => db.KeyDeleteAsync(CacheKey), cancellationToken);
        if (!attempt.Done && attempt.Error is not null)
        {
            LogInvalidateFailed(logger, attempt.Error.Message);
        }
    }

    private static string Encode(ArmState arm) =>
        string.Create(CultureInfo.InvariantCulture, $"{arm.Alpha:R}|{arm.Beta:R}|{arm.UpdatedAt.ToUnixTimeMilliseconds()}|{arm.RewardSquares:R}");

    private static ArmState Decode(string field, string value)
    {
        var parts = value.Split('|');
        return new ArmState(
            ArmKey.Parse(field),
            double.Parse(parts[0], CultureInfo.InvariantCulture),
            double.Parse(parts[1], CultureInfo.InvariantCulture),
            DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(parts[2], CultureInfo.InvariantCulture)))
        {
            RewardSquares = parts.Length > 3 && parts[3].Length > 0 ? double.Parse(parts[3], CultureInfo.InvariantCulture) : null,
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not drop the bandit arm cache; it expires within 10 minutes: {Reason}")]
    private static partial void LogInvalidateFailed(ILogger logger, string reason);
}
