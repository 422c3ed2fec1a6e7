using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using XBot.Web.Services.Models;

namespace XBot.Web.Services;

/// <summary>
/// The console's typed client for the api (service discovery <c>https+http://api</c>, the admin key added by
/// <see cref="ApiKeyHandler"/>). Every method answers an <see cref="ApiResult{T}"/>; none throws for the api's sake.
/// Changes are made as <c>api:console-&lt;operator&gt;</c> so the audit log names who clicked.
/// </summary>
public sealed class ApiClient(HttpClient http)
{
    // Status and overview
    public Task<ApiResult<ApiAbout>> GetAboutAsync(CancellationToken cancellationToken = default) => Get<ApiAbout>("/api/about", cancellationToken);

    public Task<ApiResult<string>> GetStatusLineAsync(CancellationToken cancellationToken = default) => Get<string>("/api/status", cancellationToken);

    /// <summary>503 still carries the report (PostgreSQL down), so it is an answer, not an error.</summary>
    public Task<ApiResult<HealthReport>> GetHealthAsync(CancellationToken cancellationToken = default) =>
        ApiTransport.SendAsync<HealthReport>(http, HttpMethod.Get, "/api/health", null, cancellationToken, HttpStatusCode.ServiceUnavailable);

    public Task<ApiResult<SpendReport>> GetSpendAsync(CancellationToken cancellationToken = default) => Get<SpendReport>("/api/spend", cancellationToken);

    /// <summary>The monitoring report: figures, SLOs, open alerts. 404 from an api that does not serve it yet.</summary>
    public Task<ApiResult<MonitoringReport>> GetMonitoringAsync(CancellationToken cancellationToken = default) => Get<MonitoringReport>("/api/monitoring", cancellationToken);

    /// <summary>The newest posts; the api answers a list or <c>{"items": [...]}</c>. 404 where GET /api/posts is not served yet.</summary>
    public async Task<ApiResult<IReadOnlyList<RecentPost>>> GetRecentPostsAsync(int limit, CancellationToken cancellationToken = default)
    {
        var result = await Get<JsonElement>($"/api/posts?limit={limit}", cancellationToken);
        if (!result.Ok)
        {
            return ApiResult<IReadOnlyList<RecentPost>>.Failed(result.Error!);
        }
        var list = result.Value.ValueKind == JsonValueKind.Object && result.Value.TryGetProperty("items", out var items) ? items : result.Value;
        try
        {
            return ApiResult<IReadOnlyList<RecentPost>>.Success(list.Deserialize<List<RecentPost>>(ApiJson.Options) ?? []);
        }
        catch (JsonException ex)
        {
            return ApiResult<IReadOnlyList<RecentPost>>.Failed(new ApiError(ApiFailure.Refused, 200, $"The api's list of posts could not be read ({ex.Message}).", new Dictionary<string, string[]>()));
        }
    }

    // Queue and approvals
    public Task<ApiResult<List<QueueItem>>> GetQueueAsync(int limit = 200, CancellationToken cancellationToken = default) =>
        Get<List<QueueItem>>($"/api/queue?limit={limit}", cancellationToken);

    public Task<ApiResult<Moved>> ApproveAsync(long id, string actor, CancellationToken cancellationToken = default) =>
        Send<Moved>(HttpMethod.Post, $"/api/approvals/{id}/approve", new { actor }, cancellationToken);

    public Task<ApiResult<Moved>> RejectAsync(long id, string reason, string actor, CancellationToken cancellationToken = default) =>
        Send<Moved>(HttpMethod.Post, $"/api/approvals/{id}/reject", new { reason, actor }, cancellationToken);

    public Task<ApiResult<AffectedCount>> ClearQueueAsync(string actor, CancellationToken cancellationToken = default) =>
        Send<AffectedCount>(HttpMethod.Post, "/api/queue/clear", new { actor }, cancellationToken);

    public Task<ApiResult<SubmissionResult>> TestTweetAsync(string text, CancellationToken cancellationToken = default) =>
        Send<SubmissionResult>(HttpMethod.Post, "/api/test-tweet", new { text }, cancellationToken);

    /// <summary>Queues a text; a refusal (422) is an error whose <c>result</c> extension holds every verdict.</summary>
    public Task<ApiResult<SubmissionResult>> QueueTweetAsync(string text, string requestId, string actor, CancellationToken cancellationToken = default) =>
        Send<SubmissionResult>(HttpMethod.Post, "/api/tweet", new { text, requestId, actor }, cancellationToken);

    // Configuration and flags
    public Task<ApiResult<List<ConfigValue>>> GetConfigAsync(CancellationToken cancellationToken = default) => Get<List<ConfigValue>>("/api/config", cancellationToken);

    public Task<ApiResult<ConfigChange>> SetConfigAsync(string key, JsonNode? value, string actor, CancellationToken cancellationToken = default) =>
        Send<ConfigChange>(HttpMethod.Put, $"/api/config/{Uri.EscapeDataString(key)}", new ConfigWrite(value, actor), cancellationToken);

    public Task<ApiResult<FeaturesReport>> GetFeaturesAsync(CancellationToken cancellationToken = default) => Get<FeaturesReport>("/health/features", cancellationToken);

    /// <summary><paramref name="value"/> is true, false or a rollout percentage 0-100.</summary>
    public Task<ApiResult<ConfigChange>> SetFlagAsync(string name, JsonNode value, string actor, CancellationToken cancellationToken = default) =>
        Send<ConfigChange>(HttpMethod.Put, $"/api/flags/{Uri.EscapeDataString(name)}", new ConfigWrite(value, actor), cancellationToken);

    public Task<ApiResult<ConfigChange>> BrakeAsync(string actor, CancellationToken cancellationToken = default) =>
        Send<ConfigChange>(HttpMethod.Post, "/api/brake", new { actor }, cancellationToken);

    public Task<ApiResult<List<ConfigChange>>> AllFlagsOffAsync(string actor, CancellationToken cancellationToken = default) =>
        Send<List<ConfigChange>>(HttpMethod.Post, "/api/flags/all-off", new { actor }, cancellationToken);

    // Operations
    public Task<ApiResult<FallbackReport>> GetFallbackAsync(CancellationToken cancellationToken = default) => Get<FallbackReport>("/api/fallback", cancellationToken);

    public Task<ApiResult<FallbackReport>> SetFallbackAsync(bool enabled, string actor, CancellationToken cancellationToken = default) =>
        Send<FallbackReport>(HttpMethod.Post, enabled ? "/api/fallback/enable" : "/api/fallback/disable", new { actor }, cancellationToken);

    public Task<ApiResult<ConsistencyReport>> AuditConsistencyAsync(bool repair, string actor, CancellationToken cancellationToken = default) =>
        Send<ConsistencyReport>(HttpMethod.Post, repair ? "/api/consistency-audit?repair=true" : "/api/consistency-audit", new { actor }, cancellationToken);

    public Task<ApiResult<AffectedCount>> ClearCachesAsync(string actor, CancellationToken cancellationToken = default) =>
        Send<AffectedCount>(HttpMethod.Post, "/api/cache/clear", new { actor }, cancellationToken);

    public Task<ApiResult<RebuildReport>> RebuildCachesAsync(string actor, CancellationToken cancellationToken = default) =>
        Send<RebuildReport>(HttpMethod.Post, "/api/cache/rebuild", new { actor }, cancellationToken);

    public Task<ApiResult<AffectedCount>> ClearHashesAsync(string actor, CancellationToken cancellationToken = default) =>
        Send<AffectedCount>(HttpMethod.Post, "/api/hashes/clear", new { actor }, cancellationToken);

    public Task<ApiResult<SchemaDriftReport>> GetSchemaDriftAsync(CancellationToken cancellationToken = default) => Get<SchemaDriftReport>("/api/schema/drift", cancellationToken);

    public Task<ApiResult<List<AppliedMigration>>> GetMigrationsAsync(CancellationToken cancellationToken = default) =>
        Get<List<AppliedMigration>>("/api/schema/migrations", cancellationToken);

    // Audit log
    public Task<ApiResult<AuditPage>> GetAuditAsync(AuditFilter filter, long? before, int limit, CancellationToken cancellationToken = default)
    {
        var query = new List<string> { $"limit={limit}" };
        Add("eventType", filter.EventType);
        Add("severity", filter.Severity);
        Add("component", filter.Component);
        Add("since", filter.Since?.UtcDateTime.ToString("O"));
        Add("before", before?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return Get<AuditPage>("/api/audit?" + string.Join('&', query), cancellationToken);

        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                query.Add($"{name}={Uri.EscapeDataString(value.Trim())}");
            }
        }
    }

    private sealed record ConfigWrite(JsonNode? Value, string Actor);

    private Task<ApiResult<T>> Get<T>(string path, CancellationToken cancellationToken) =>
        ApiTransport.SendAsync<T>(http, HttpMethod.Get, path, null, cancellationToken);

    private Task<ApiResult<T>> Send<T>(HttpMethod method, string path, object body, CancellationToken cancellationToken) =>
        ApiTransport.SendAsync<T>(http, method, path, body, cancellationToken);
}
