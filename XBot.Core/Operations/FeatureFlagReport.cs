using System.Text.Json.Nodes;
using Npgsql;
using XBot.Core.Config;
using XBot.Core.Configuration;
using XBot.Core.Storage.Fallback;

namespace XBot.Core.Operations;

/// <summary>A flag as <c>/health/features</c> shows it: effective value, rollout percentage, and where it came from.</summary>
public sealed record FeatureFlagView(string Name, bool Enabled, int RolloutPercent, ConfigSource Source);

/// <summary>
/// Every flag (the defaults of runbooks.md §6 and any stored in <c>bot_config</c>) with its source: the
/// environment when <c>FEATURE_FLAG_&lt;NAME&gt;</c> overrides it or its environment switch forces a routing flag
/// off (<c>REDIS_CACHE=false</c>, ...), the database when the stored object names it, else the default.
/// </summary>
public sealed class FeatureFlagReport(ConfigStore config, NpgsqlDataSource dataSource, XBotOptions options)
{
    public async Task<IReadOnlyList<FeatureFlagView>> ReadAsync(CancellationToken cancellationToken)
    {
        var effective = (await config.GetAsync(BotConfigKeys.FeatureFlags, cancellationToken)).Value.AsObject();
        var stored = await StoredNamesAsync(cancellationToken);
        return [.. effective
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p =>
            {
                var setting = FeatureFlagSetting.From(p.Value!);
                if (StoreRouting.ForcedOffByEnvironment(p.Key, options))
                {
                    // Its environment switch (REDIS_CACHE=false, ...) holds a routing flag off whatever is stored.
                    return new FeatureFlagView(p.Key, false, 0, ConfigSource.Environment);
                }
                var source = options.FeatureFlagOverrides.ContainsKey(p.Key) ? ConfigSource.Environment
                    : stored.Contains(p.Key) ? ConfigSource.Database
                    : ConfigSource.Default;
                return new FeatureFlagView(p.Key, setting.Enabled, setting.RolloutPercent, source);
            })];
    }

    private async Task<HashSet<string>> StoredNamesAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT value::text FROM bot_config WHERE key = @key AND environment = @env");
        command.Parameters.AddWithValue("key", BotConfigKeys.FeatureFlags);
        command.Parameters.AddWithValue("env", options.AppEnv);
        return await command.ExecuteScalarAsync(cancellationToken) is string text && JsonNode.Parse(text) is JsonObject obj
            ? [.. obj.Select(p => p.Key)]
            : [];
    }
}
