using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;
using XBot.Core.Audit;
using XBot.Core.Configuration;
using XBot.Core.Storage;
using XBot.Core.Storage.Fallback;
using XBot.Core.Storage.Redis;
using XBot.Core.Time;

namespace XBot.Core.Config;

/// <summary>
/// Reads and changes <c>bot_config</c> for the current environment (APP_ENV). Reads go in-process copy,
/// then Redis (1 h), then PostgreSQL; environment variables override (POST_FRACTION). A change is
/// validated, written with its audit row in one transaction, and then announced: the Redis copy is
/// replaced and a message on <c>{prefix}events:config</c> tells every process to drop its copy at once.
/// A change made any other way (plain SQL) is caught by <see cref="ConfigChangeListener"/>, which polls the
/// trigger-kept change counter (<see cref="ReadVersionAsync"/>) every few seconds.
/// </summary>
public sealed class ConfigStore(
    NpgsqlDataSource dataSource,
    RedisGate redis,
    AuditLog audit,
    XBotOptions options,
    IOptions<DualStoreOptions> storeOptions,
    TimeProvider time,
    ILogger<ConfigStore> logger)
{
    // Replaces the cached snapshot only with one at least as new, so a slow reader can't put back old values.
    private const string SetIfNewer = """
        local current = redis.call('GET', KEYS[1])
        if current then
          local bar = string.find(current, '|', 1, true)
          local version = bar and tonumber(string.sub(current, 1, bar - 1))
          if version and version > tonumber(ARGV[1]) then return 0 end
        end
        redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
        return 1
        """;

    private readonly Lock _lock = new();
    private (ConfigSnapshot Snapshot, DateTimeOffset FetchedAt)? _local;
    private long _minimumVersion;

    public string Environment => options.AppEnv;

    /// <summary>The effective value of an editable key, with where it came from.</summary>
    public async Task<ConfigEntry> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var definition = BotConfigKeys.Get(key);
        var snapshot = await SnapshotAsync(cancellationToken);
        return Effective(definition, snapshot);
    }

    /// <summary>Every editable key's effective value.</summary>
    public async Task<IReadOnlyDictionary<string, ConfigEntry>> GetAllAsync(CancellationToken cancellationToken = default)
    {
        var snapshot = await SnapshotAsync(cancellationToken);
        return BotConfigKeys.All.ToDictionary(k => k.Name, k => Effective(k, snapshot), StringComparer.Ordinal);
    }

    /// <summary>Every editable key as typed values; what the scheduler reads each cycle.</summary>
    public async Task<BotConfig> GetBotConfigAsync(CancellationToken cancellationToken = default) =>
        BotConfig.From(await GetAllAsync(cancellationToken));

    /// <summary>
    /// Every editable key as typed values, read straight from PostgreSQL and cached nowhere: for
    /// <c>schedule test --dry-run</c>, which must not change even the Redis copy.
    /// </summary>
    public async Task<BotConfig> ReadBotConfigUncachedAsync(CancellationToken cancellationToken = default)
    {
        var snapshot = await ReadSnapshotAsync(cancellationToken);
        return BotConfig.From(BotConfigKeys.All.ToDictionary(k => k.Name, k => Effective(k, snapshot), StringComparer.Ordinal));
    }

    /// <summary>
    /// Changes a key. An unknown or reserved key, a value out of range, or a missing actor throws
    /// <see cref="ConfigValidationException"/> / <see cref="ArgumentException"/> and changes nothing.
    /// </summary>
    public async Task<ConfigChange> SetAsync(string key, JsonNode? value, string actor, CancellationToken cancellationToken = default)
    {
        var definition = BotConfigKeys.Get(key);
        actor = StoreLimits.CheckActor(actor);
        var text = value?.ToJsonString() ?? "null";
        if (text.Length > StoreLimits.MaxConfigValueLength)
        {
            throw new ConfigValidationException(key, $"{key}: the value is {text.Length} characters of JSON; at most {StoreLimits.MaxConfigValueLength} are allowed. Nothing was changed.");
        }
        var normalized = Canonical(definition.Normalize(value));
        if (key == BotConfigKeys.FeatureFlags)
        {
            RefusePartialRouting(normalized);
        }

        JsonNode? old;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var select = new NpgsqlCommand("SELECT value::text FROM bot_config WHERE key = @key AND environment = @env FOR UPDATE", connection, transaction))
            {
                select.Parameters.AddWithValue("key", key);
                select.Parameters.AddWithValue("env", options.AppEnv);
                old = await select.ExecuteScalarAsync(cancellationToken) is string oldText ? JsonNode.Parse(oldText) : null;
            }
            if (old is not null && JsonNode.DeepEquals(old, normalized))
            {
                return new ConfigChange(key, options.AppEnv, old, normalized, actor, Changed: false);
            }

            await using (var upsert = new NpgsqlCommand(
                """
                INSERT INTO bot_config (key, environment, value, metadata, updated_at)
                VALUES (@key, @env, @value::jsonb, @metadata::jsonb, now())
                ON CONFLICT (key, environment) DO UPDATE SET value = excluded.value, metadata = excluded.metadata, updated_at = now()
                """,
                connection,
                transaction))
            {
                upsert.Parameters.AddWithValue("key", key);
                upsert.Parameters.AddWithValue("env", options.AppEnv);
                upsert.Parameters.AddWithValue("value", normalized.ToJsonString());
                upsert.Parameters.AddWithValue("metadata", new JsonObject { ["updated_by"] = actor }.ToJsonString());
                await upsert.ExecuteNonQueryAsync(cancellationToken);
            }
            await audit.WriteAsync(connection, transaction, new AuditEvent("CONFIG_CHANGED", "config", AuditSeverity.Info, new JsonObject
            {
                ["key"] = key,
                ["environment"] = options.AppEnv,
                ["old"] = old?.DeepClone(),
                ["new"] = normalized.DeepClone(),
                ["actor"] = actor,
            }), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        logger.LogInformation("Config {Key} changed by {Actor}: {Old} -> {New}", key, actor, old?.ToJsonString() ?? "(default)", normalized.ToJsonString());
        await AnnounceChangeAsync(key, cancellationToken);
        return new ConfigChange(key, options.AppEnv, old, normalized, actor, Changed: true);
    }

    /// <summary>
    /// Drops this process's copy, so the next read goes to Redis or PostgreSQL. With the version of the
    /// change, an older snapshot read concurrently is not kept either.
    /// </summary>
    public void InvalidateLocal(long version = 0)
    {
        lock (_lock)
        {
            _local = null;
            _minimumVersion = Math.Max(_minimumVersion, version);
        }
    }

    /// <summary>
    /// The change counter of <c>bot_config</c> (<c>bot_config_version</c>, moved by a trigger on every write,
    /// SQL included): one small row, cheap enough to poll every few seconds in every process.
    /// </summary>
    public async Task<long> ReadVersionAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT coalesce((SELECT version FROM bot_config_version), 0)");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The environment's rows straight from PostgreSQL, with the change counter read in the same statement.</summary>
    public async Task<ConfigSnapshot> ReadSnapshotAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT v.version, c.key, c.value::text, c.updated_at
            FROM (SELECT coalesce((SELECT version FROM bot_config_version), 0) AS version) v
            LEFT JOIN bot_config c ON c.environment = $1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = options.AppEnv });
        var rows = new Dictionary<string, (JsonNode, DateTimeOffset)>(StringComparer.Ordinal);
        long version = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            version = reader.GetInt64(0);
            if (!reader.IsDBNull(1))
            {
                rows[reader.GetString(1)] = (JsonNode.Parse(reader.GetString(2))!, new DateTimeOffset(reader.GetDateTime(3), TimeSpan.Zero));
            }
        }
        return new ConfigSnapshot(version, rows);
    }

    /// <summary>Writes <paramref name="snapshot"/> to the Redis cache unless a newer one is there.</summary>
    public async Task<bool> TryCacheAsync(ConfigSnapshot snapshot, bool direct, CancellationToken cancellationToken)
    {
        var key = redis.Keys.ConfigCache(options.AppEnv);
        Func<IDatabase, Task<RedisResult>> write = db => db.ScriptEvaluateAsync(
            SetIfNewer, [key], [snapshot.Version, snapshot.ToCacheText(), (long)StoreLimits.ConfigCacheTtl.TotalMilliseconds]);
        var attempt = direct ? await redis.TryDirectAsync(write, cancellationToken) : await redis.TryAsync(StoreFeature.Cache, write, cancellationToken);
        return attempt.Done;
    }

    /// <summary>The Redis cache's snapshot, or null when it is absent or Redis can't be read.</summary>
    public async Task<(bool Read, ConfigSnapshot? Snapshot)> ReadCachedAsync(bool direct, CancellationToken cancellationToken)
    {
        var key = redis.Keys.ConfigCache(options.AppEnv);
        var attempt = direct
            ? await redis.TryDirectAsync(db => db.StringGetAsync(key), cancellationToken)
            : await redis.TryAsync(StoreFeature.Cache, db => db.StringGetAsync(key), cancellationToken);
        return attempt.Done ? (true, ConfigSnapshot.FromCacheText(attempt.Value)) : (false, null);
    }

    private async Task<ConfigSnapshot> SnapshotAsync(CancellationToken cancellationToken)
    {
        // Physical: the local copy's lifetime trades freshness against load, both real; a simulated clock must not expire it at once.
        var now = time.Physical().GetUtcNow();
        lock (_lock)
        {
            if (_local is { } local && now - local.FetchedAt < storeOptions.Value.ConfigLocalTtl)
            {
                return local.Snapshot;
            }
        }

        // The Redis copy is used only if it is as new as the change counter says: a change made with plain SQL
        // moves the counter but not the copy, and a process that starts after it must not trust the copy.
        var required = Volatile.Read(ref _minimumVersion);
        try
        {
            required = Math.Max(required, await ReadVersionAsync(cancellationToken));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // PostgreSQL is unreachable: the Redis copy is the best there is.
            logger.LogDebug(ex, "Could not read the bot_config change counter; trusting the cached copy");
        }

        var (read, cached) = await ReadCachedAsync(direct: false, cancellationToken);
        if (cached is not null && cached.Version >= required)
        {
            return Remember(cached, now);
        }

        try
        {
            var snapshot = await ReadSnapshotAsync(cancellationToken);
            if (read)
            {
                await TryCacheAsync(snapshot, direct: false, cancellationToken);
            }
            return Remember(snapshot, now);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Both stores are down. The last copy we had is better than defaults; defaults are safe (no posting).
            logger.LogError(ex, "Could not read bot_config; using the last known values or the defaults");
            lock (_lock)
            {
                return _local?.Snapshot ?? ConfigSnapshot.Empty;
            }
        }
    }

    private ConfigSnapshot Remember(ConfigSnapshot snapshot, DateTimeOffset now)
    {
        lock (_lock)
        {
            // A read that raced with a change notice may carry values older than the change: use it once, keep it not.
            if (snapshot.Version < _minimumVersion)
            {
                return snapshot;
            }
            if (_local is null || _local.Value.Snapshot.Version <= snapshot.Version)
            {
                _local = (snapshot, now);
            }
            return _local.Value.Snapshot;
        }
    }

    private async Task AnnounceChangeAsync(string key, CancellationToken cancellationToken)
    {
        InvalidateLocal();
        try
        {
            var snapshot = await ReadSnapshotAsync(cancellationToken);
            InvalidateLocal(snapshot.Version);
            await TryCacheAsync(snapshot, direct: false, cancellationToken);
            await redis.TryDirectAsync(db => db.PublishAsync(redis.Keys.ConfigChannel, $"{options.AppEnv}|{key}|{snapshot.Version}"), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The change is committed; other processes still see it through polling and the local TTL.
            logger.LogWarning(ex, "Config {Key} changed, but the change notice could not be sent", key);
        }
    }

    /// <summary>The stored (or default) value with the environment's overrides on top: POST_FRACTION and FEATURE_FLAG_&lt;NAME&gt;.</summary>
    private ConfigEntry Effective(BotConfigKey definition, ConfigSnapshot snapshot)
    {
        var entry = StoredOrDefault(definition, snapshot);
        if (definition.Name != BotConfigKeys.FeatureFlags || options.FeatureFlagOverrides.Count == 0)
        {
            return entry;
        }

        var flags = JsonNode.Parse(entry.Value.ToJsonString())!.AsObject();
        foreach (var (name, enabled) in options.FeatureFlagOverrides)
        {
            flags[name] = enabled;
        }
        return entry with { Value = Canonical(flags), Source = ConfigSource.Environment };
    }

    private ConfigEntry StoredOrDefault(BotConfigKey definition, ConfigSnapshot snapshot)
    {
        if (definition.Name == BotConfigKeys.PostFraction && options.PostFraction is { } fraction)
        {
            return new ConfigEntry(definition.Name, options.AppEnv, Canonical(JsonValue.Create((decimal)fraction)), ConfigSource.Environment, null);
        }
        if (snapshot.Rows.TryGetValue(definition.Name, out var row))
        {
            try
            {
                var value = definition.Name == BotConfigKeys.FeatureFlags
                    ? MergeFlags(definition.Normalize(row.Value))
                    : definition.Normalize(row.Value);
                return new ConfigEntry(definition.Name, options.AppEnv, Canonical(value), ConfigSource.Database, row.UpdatedAt);
            }
            catch (ConfigValidationException ex)
            {
                logger.LogWarning("Stored {Key} is invalid ({Error}); using the default", definition.Name, ex.Message);
            }
        }
        return new ConfigEntry(definition.Name, options.AppEnv, definition.Default, ConfigSource.Default, null);
    }

    // A routing flag moves a whole store for every decision at once (StoreRouting): a percentage would split
    // one store's state between Redis and PostgreSQL, so only on and off are accepted for it.
    private static void RefusePartialRouting(JsonNode flags)
    {
        foreach (var (name, value) in flags.AsObject())
        {
            if (StoreRouting.FlagSwitches.ContainsKey(name) && value is not null && FeatureFlagSetting.From(value).RolloutPercent is > 0 and < 100)
            {
                throw new ConfigValidationException(BotConfigKeys.FeatureFlags,
                    $"feature_flags: flag '{name}' routes a whole store, so it is true or false (or 0 or 100), not a rollout percentage; got {value.ToJsonString()}. Nothing was changed.");
            }
        }
    }

    // Stored flags are laid over the defaults, so a flag added in a later version has a value at once.
    private static JsonNode MergeFlags(JsonNode stored)
    {
        var merged = JsonNode.Parse(BotConfigKeys.DefaultFeatureFlags)!.AsObject();
        foreach (var (name, value) in stored.AsObject())
        {
            merged[name] = value?.DeepClone();
        }
        return merged;
    }

    // One representation for every value (parsed from JSON text), so typed reads behave the same whatever the source.
    private static JsonNode Canonical(JsonNode node) => JsonNode.Parse(node.ToJsonString())!;
}
