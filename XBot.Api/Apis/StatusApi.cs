using Microsoft.AspNetCore.Http.HttpResults;
using XBot.Api.Http;
using XBot.Core;
using XBot.Core.Operations;
using XBot.Core.Storage;

namespace Microsoft.AspNetCore.Builder;

/// <summary>The key-protected runbook routes of runbooks.md §10: the one-liner, the health report, metrics and rate limits.</summary>
public static class StatusApi
{
    public static IEndpointRouteBuilder MapStatusApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Status")
            .RequireAuthorization(ApplicationServiceExtensions.AdminPolicy)
            .RequireRateLimiting(ApiRateLimitOptions.Policy);
        api.MapGet("/status", GetStatus);
        api.MapGet("/about", GetAbout);
        api.MapGet("/health", GetHealth);
        api.MapGet("/metrics", GetMetrics);
        api.MapGet("/rate-limit-status", GetRateLimitStatus);
        return app;
    }

    public sealed record StatusServices(HealthProbe Probe, IDualStore Store, IHostEnvironment Environment, TimeProvider Time);

    /// <summary>The health one-liner, exactly as runbooks.md §10 shapes it, as plain text.</summary>
    public static async Task<ContentHttpResult> GetStatus([AsParameters] StatusServices services, CancellationToken cancellationToken) =>
        TypedResults.Text(HealthLine.Format(await services.Probe.ReadAsync(cancellationToken)), "text/plain; charset=utf-8");

    /// <summary>Who this is (the console shows it); it holds no configuration.</summary>
    public static Ok<ServiceStatus> GetAbout([AsParameters] StatusServices services) =>
        TypedResults.Ok(ServiceStatus.Describe("api", services.Environment.EnvironmentName, services.Time));

    public sealed record HealthReport(string Status, string Line, bool Redis, bool Database, string StoreMode, string? FallbackReason,
        long Queue, long Bandits, DateTimeOffset? LastPostAt, long PostsLastHour, bool NoPostWarning);

    /// <summary>The one-liner's figures as JSON; 503 when PostgreSQL, the source of truth, does not answer.</summary>
    public static async Task<Results<Ok<HealthReport>, JsonHttpResult<HealthReport>>> GetHealth([AsParameters] StatusServices services, CancellationToken cancellationToken)
    {
        var figures = await services.Probe.ReadAsync(cancellationToken);
        var status = services.Store.Status;
        var report = new HealthReport(figures.Status, HealthLine.Format(figures), figures.RedisOk, figures.DatabaseOk, status.Mode.ToString(),
            status.Reason == XBot.Core.Storage.Fallback.FallbackReason.None ? null : status.Reason.ToString(),
            figures.QueueDepth, figures.Bandits, figures.LastPostAt, figures.PostsLastHour, figures.NoPostWarning);
        return figures.DatabaseOk ? TypedResults.Ok(report) : TypedResults.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>Counts from PostgreSQL: rows per lifecycle status and recent posts.</summary>
    public static async Task<Ok<MetricsReport>> GetMetrics(MetricsReader metrics, CancellationToken cancellationToken) =>
        TypedResults.Ok(await metrics.ReadAsync(cancellationToken));

    /// <summary>The bot's own caps (rate_limits, without consuming) and the windows X last reported.</summary>
    public static async Task<Ok<RateLimitReport>> GetRateLimitStatus(RateLimitStatusReader rateLimits, CancellationToken cancellationToken) =>
        TypedResults.Ok(await rateLimits.ReadAsync(cancellationToken));
}
