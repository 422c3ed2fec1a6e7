using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
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

    public sealed record StatusServices(HealthProbe Probe, IDualStore Store, NpgsqlDataSource Database, IHostEnvironment Environment, TimeProvider Time);

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

    public sealed record MetricsReport(DateTimeOffset At, IReadOnlyDictionary<string, long> TweetsByStatus, long PostsLastHour, long PostsLast24Hours, string StoreMode);

    /// <summary>Counts from PostgreSQL: rows per lifecycle status and recent posts.</summary>
    public static async Task<Ok<MetricsReport>> GetMetrics([AsParameters] StatusServices services, CancellationToken cancellationToken)
    {
        var now = services.Time.GetUtcNow();
        var byStatus = new SortedDictionary<string, long>(StringComparer.Ordinal);
        await using (var command = services.Database.CreateCommand("SELECT status, count(*) FROM tweets GROUP BY status"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                byStatus[reader.GetString(0)] = reader.GetInt64(1);
            }
        }
        await using var posts = services.Database.CreateCommand("""
            SELECT count(*) FILTER (WHERE posted_at > @hour), count(*) FILTER (WHERE posted_at > @day)
            FROM tweets WHERE status IN ('posted', 'shadowed')
            """);
        posts.Parameters.AddWithValue("hour", now.AddHours(-1));
        posts.Parameters.AddWithValue("day", now.AddDays(-1));
        await using var postsReader = await posts.ExecuteReaderAsync(cancellationToken);
        await postsReader.ReadAsync(cancellationToken);
        return TypedResults.Ok(new MetricsReport(now, byStatus, postsReader.GetInt64(0), postsReader.GetInt64(1), services.Store.Status.Mode.ToString()));
    }

    public sealed record CapStatus(string Name, int Limit, int Used, int Remaining, DateTimeOffset? ResetAt);

    public sealed record XWindow(string Endpoint, string Scope, int? Limit, int Remaining, DateTimeOffset ResetAt);

    public sealed record RateLimitReport(string Source, IReadOnlyList<CapStatus> Caps, IReadOnlyList<XWindow> XWindows);

    /// <summary>The bot's own caps (rate_limits, without consuming) and the windows X last reported.</summary>
    public static async Task<Ok<RateLimitReport>> GetRateLimitStatus([AsParameters] StatusServices services, XBot.Core.Configuration.XBotOptions options, CancellationToken cancellationToken)
    {
        var caps = new List<CapStatus>();
        var source = "";
        foreach (var name in new[] { "daily_tweets", "hourly_tweets" })
        {
            var decision = await services.Store.PeekRateLimitAsync(name, cancellationToken);
            source = decision.Source.ToString();
            caps.AddRange(decision.Limits.Select(l => new CapStatus(l.Name, l.Limit, l.Count, l.Remaining, l.ResetAt)));
        }
        var windows = new List<XWindow>();
        await using var command = services.Database.CreateCommand(
            "SELECT endpoint, scope, limit_count, remaining, reset_at FROM x_rate_limit_windows WHERE environment = @env AND reset_at > now() ORDER BY endpoint, scope");
        command.Parameters.AddWithValue("env", options.AppEnv);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            windows.Add(new XWindow(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt32(2), reader.GetInt32(3),
                new DateTimeOffset(reader.GetDateTime(4), TimeSpan.Zero)));
        }
        return TypedResults.Ok(new RateLimitReport(source, caps, windows));
    }
}
