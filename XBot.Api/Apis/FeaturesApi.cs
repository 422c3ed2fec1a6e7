using Microsoft.AspNetCore.Http.HttpResults;
using XBot.Api.Http;
using XBot.Core.Configuration;
using XBot.Core.Operations;

namespace Microsoft.AspNetCore.Builder;

/// <summary>The open routes of runbooks.md §6 and §10: every flag with its source, and which ops actions are enabled.</summary>
public static class FeaturesApi
{
    public static IEndpointRouteBuilder MapFeaturesApi(this IEndpointRouteBuilder app)
    {
        var health = app.MapGroup("/health").WithTags("Health").RequireRateLimiting(ApiRateLimitOptions.Policy);
        health.MapGet("/features", GetFeatures);
        health.MapGet("/commands", GetCommands);
        return app;
    }

    public sealed record FeaturesResponse(string Environment, IReadOnlyList<FeatureFlagView> Flags);

    public static async Task<Ok<FeaturesResponse>> GetFeatures(FeatureFlagReport report, XBotOptions options, CancellationToken cancellationToken) =>
        TypedResults.Ok(new FeaturesResponse(options.AppEnv, await report.ReadAsync(cancellationToken)));

    public sealed record OpsCommand(string Name, string Route, string Verb, bool Enabled, string? Reason = null);

    /// <summary>The runbooks' ops actions as this api serves them; an action the environment disables says why.</summary>
    public static Ok<IReadOnlyList<OpsCommand>> GetCommands(XBotOptions options)
    {
        var redis = options.UseRedis;
        var noRedis = redis ? null : "USE_REDIS=false";
        IReadOnlyList<OpsCommand> commands =
        [
            new("health", "GET /api/status", "health", true),
            new("health-report", "GET /api/health", "health --json", true),
            new("metrics", "GET /api/metrics", "metrics", true),
            new("rate-limit-status", "GET /api/rate-limit-status", "rate-limits", true),
            new("config-get", "GET /api/config/{key}", "config get [KEY]", true),
            new("config-set", "PUT /api/config/{key}", "config set KEY VALUE", true),
            new("flag-set", "PUT /api/flags/{name}", "config set feature_flags JSON", true),
            new("flags-list", "GET /health/features", "flags list", true),
            new("brake", "POST /api/brake", "brake", true),
            new("all-flags-off", "POST /api/flags/all-off", "flags off", true),
            new("approvals-list", "GET /api/approvals", "approvals list", true),
            new("approve", "POST /api/approvals/{id}/approve", "approvals approve ID", true),
            new("reject", "POST /api/approvals/{id}/reject", "approvals reject ID --reason TEXT", true),
            new("tweet", "POST /api/tweet", "", true),
            new("test-tweet", "POST /api/test-tweet", "", true),
            new("spend", "GET /api/spend", "spend", true),
            new("monitoring-report", "GET /api/monitoring", "monitor report", true),
            new("monitor-check", "", "monitor check", true),
            new("queue-list", "GET /api/queue", "", true),
            new("queue-clear", "POST /api/queue/clear", "candidates clear", true),
            new("fallback-status", "GET /api/fallback", "fallback status", true),
            new("fallback-enable", "POST /api/fallback/enable", "fallback enable", redis, noRedis),
            new("fallback-disable", "POST /api/fallback/disable", "fallback disable", redis, noRedis),
            new("consistency-audit", "POST /api/consistency-audit", "audit consistency", redis, noRedis),
            new("cache-clear", "POST /api/cache/clear", "cache clear", redis, noRedis),
            new("cache-rebuild", "POST /api/cache/rebuild", "cache rebuild", redis, noRedis),
            new("hashes-clear", "POST /api/hashes/clear", "hashes clear", redis, noRedis),
            new("redis-health", "", "redis health", redis, noRedis),
            new("schema-drift", "GET /api/schema/drift", "db drift", true),
            new("migrations", "GET /api/schema/migrations", "", true),
            new("audit-log", "GET /api/audit", "", true),
        ];
        return TypedResults.Ok(commands);
    }
}
