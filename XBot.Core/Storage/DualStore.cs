using System.Text.Json.Nodes;
using XBot.Core.Alerts;
using XBot.Core.Audit;
using XBot.Core.Config;
using XBot.Core.Configuration;
using XBot.Core.Posting.Lifecycle;
using XBot.Core.Storage.Consistency;
using XBot.Core.Storage.Dedup;
using XBot.Core.Storage.Fallback;
using XBot.Core.Storage.Maintenance;
using XBot.Core.Storage.RateLimits;
using XBot.Core.Storage.Redis;
using XBot.Core.Storage.Tweets;

namespace XBot.Core.Storage;

/// <summary>The <see cref="IDualStore"/> facade over the focused services that do the work.</summary>
public sealed class DualStore(
    PostLifecycleStore posts,
    ConfigStore config,
    RateLimiter rateLimiter,
    DuplicateChecker duplicates,
    ConsistencyAuditor auditor,
    FallbackController fallback,
    ManualFallbackSwitch manualSwitch,
    RedisRebuilder rebuilder,
    RedisMaintenance maintenance,
    RedisGate redis,
    IAlertSink alerts,
    AuditLog audit,
    XBotOptions options) : IDualStore
{
    public StoreStatus Status => fallback.Status;

    public Task<StoreTweetResult> StoreTweetAsync(NewTweet tweet, CancellationToken cancellationToken = default) =>
        posts.StoreAsync(tweet, cancellationToken);

    public Task<bool> SetTweetStatusAsync(string tweetId, string status, string actor, DateTimeOffset? postedAt = null, CancellationToken cancellationToken = default) =>
        posts.SetStatusAsync(tweetId, status, actor, postedAt, cancellationToken);

    public Task<ConfigEntry> GetConfigAsync(string key, CancellationToken cancellationToken = default) =>
        config.GetAsync(key, cancellationToken);

    public Task<BotConfig> GetBotConfigAsync(CancellationToken cancellationToken = default) =>
        config.GetBotConfigAsync(cancellationToken);

    public Task<ConfigChange> SetConfigAsync(string key, JsonNode? value, string actor, CancellationToken cancellationToken = default) =>
        config.SetAsync(key, value, actor, cancellationToken);

    public async Task<RateLimitDecision> CheckRateLimitAsync(string name, CancellationToken cancellationToken = default) =>
        await rateLimiter.CheckAsync([await NamedRuleAsync(name, cancellationToken)], cancellationToken);

    public Task<RateLimitDecision> CheckRateLimitAsync(IReadOnlyList<RateLimitRule> rules, CancellationToken cancellationToken = default) =>
        rateLimiter.CheckAsync(rules, cancellationToken);

    public Task<RateLimitDecision> CheckRateLimitAsync(IReadOnlyList<RateLimitRule> rules, RateLimitRecording recording, CancellationToken cancellationToken = default) =>
        rateLimiter.CheckAsync(rules, recording, cancellationToken);

    public Task RefundRateLimitAsync(IReadOnlyList<RateLimitRule> rules, RateLimitDecision consumed, CancellationToken cancellationToken = default) =>
        rateLimiter.RefundAsync(rules, consumed, cancellationToken);

    public async Task<RateLimitDecision> PeekRateLimitAsync(string name, CancellationToken cancellationToken = default) =>
        await rateLimiter.PeekAsync([await NamedRuleAsync(name, cancellationToken)], cancellationToken);

    public Task<RateLimitDecision> PeekRateLimitAsync(IReadOnlyList<RateLimitRule> rules, CancellationToken cancellationToken = default) =>
        rateLimiter.PeekAsync(rules, cancellationToken);

    public Task<DuplicateCheck> CheckDuplicateAsync(string content, CancellationToken cancellationToken = default) =>
        duplicates.CheckAsync(content, null, cancellationToken);

    public Task<DuplicateCheck> CheckDuplicateAsync(string content, string? excludeTweetId, CancellationToken cancellationToken = default) =>
        duplicates.CheckAsync(content, excludeTweetId, cancellationToken);

    public Task<ConsistencyReport> AuditConsistencyAsync(bool repair, string actor, CancellationToken cancellationToken = default) =>
        auditor.AuditAsync(repair, actor, cancellationToken);

    public async Task<FallbackReport> EnableFallbackAsync(string actor, string? reason = null, CancellationToken cancellationToken = default)
    {
        var previous = await manualSwitch.SetAsync(true, actor, reason, cancellationToken);
        fallback.ApplyManualState(await manualSwitch.ReadAsync(cancellationToken));
        await AnnounceSwitchAsync(cancellationToken);
        if (!previous.Enabled)
        {
            await alerts.RaiseAsync(new Alert(AuditSeverity.Warning, "FALLBACK_ACTIVATED", FallbackController.Component,
                $"Fallback enabled by {actor}: Redis is bypassed in {options.AppEnv}{(reason is null ? "" : $" ({reason})")}",
                new JsonObject { ["reason"] = "manual", ["actor"] = actor, ["note"] = reason }), cancellationToken);
        }
        return await GetFallbackStatusAsync(cancellationToken);
    }

    public async Task<FallbackReport> DisableFallbackAsync(string actor, CancellationToken cancellationToken = default)
    {
        await manualSwitch.SetAsync(false, actor, null, cancellationToken);
        fallback.ApplyManualState(await manualSwitch.ReadAsync(cancellationToken));
        await AnnounceSwitchAsync(cancellationToken);
        return await GetFallbackStatusAsync(cancellationToken);
    }

    public async Task<FallbackReport> GetFallbackStatusAsync(CancellationToken cancellationToken = default)
    {
        var manual = await manualSwitch.ReadAsync(cancellationToken);
        fallback.ApplyManualState(manual);
        var reachable = options.UseRedis && await redis.PingAsync(cancellationToken) is not null;
        var mode = fallback.Status.Mode;
        var routing = Enum.GetValues<StoreFeature>().ToDictionary(
            f => f.ToString(),
            f => FeatureRouting.UsesRedis(f, redis.Routing, mode) ? "redis" : "postgres");
        return new FallbackReport(fallback.Status, manual, options.UseRedis, options.RedisFallbackMode, redis.Routing.DualWrite, routing, reachable);
    }

    public async Task<RebuildReport> RebuildRedisAsync(string actor, CancellationToken cancellationToken = default)
    {
        actor = StoreLimits.CheckActor(actor);
        var report = await rebuilder.RebuildAsync(cancellationToken);
        var data = report.ToJson();
        data["actor"] = actor;
        await audit.WriteAsync(new AuditEvent("REDIS_REBUILT", "dual-store", AuditSeverity.Info, data), cancellationToken);
        return report;
    }

    public Task<long> ClearCachesAsync(string actor, CancellationToken cancellationToken = default) =>
        maintenance.ClearCachesAsync(actor, cancellationToken);

    private async Task<RateLimitRule> NamedRuleAsync(string name, CancellationToken cancellationToken)
    {
        // Only the one key: a check must not rebuild (and re-parse) the whole bot config on every call.
        var limits = (await config.GetAsync(BotConfigKeys.RateLimits, cancellationToken)).Value;
        int Limit(string field) => (int)(BotConfigKey.Integer(limits[field]!) ?? throw new InvalidOperationException($"rate_limits.{field} is not a whole number"));
        return name switch
        {
            RateLimitRules.DailyTweets => RateLimitRules.Daily(Limit("daily")),
            RateLimitRules.HourlyTweets => RateLimitRules.Hourly(Limit("hourly")),
            _ => throw new ArgumentException($"unknown rate limit '{name}'; named limits are {RateLimitRules.DailyTweets} and {RateLimitRules.HourlyTweets}, other limits are checked with a RateLimitRule.", nameof(name)),
        };
    }

    // Other processes follow the switch within ConfigPollInterval; the message makes it immediate.
    private async Task AnnounceSwitchAsync(CancellationToken cancellationToken) =>
        await redis.TryDirectAsync(db => db.PublishAsync(redis.Keys.ConfigChannel, $"{options.AppEnv}|{BotConfigKeys.FallbackMode}"), cancellationToken);
}
