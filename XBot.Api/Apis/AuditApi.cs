using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using XBot.Api.Http;

namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// <c>audit_log</c>, newest first, filtered by event type, severity, component, actor and time, paged by id
/// (<c>before</c> = the smallest id of the previous page), so a page never shifts while new events arrive.
/// </summary>
public static class AuditApi
{
    private static readonly string[] Severities = ["info", "warning", "critical", "emergency"];

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api").WithTags("Audit")
            .RequireAuthorization(ApplicationServiceExtensions.AdminPolicy)
            .RequireRateLimiting(ApiRateLimitOptions.Policy)
            .MapGet("/audit", List);
        return app;
    }

    /// <param name="Since">Only events at or after this time (ISO 8601).</param>
    /// <param name="Until">Only events before this time (ISO 8601).</param>
    public sealed record AuditQuery(string? EventType = null, string? Severity = null, string? Component = null, string? Actor = null, long? Before = null, int Limit = 50,
        DateTimeOffset? Since = null, DateTimeOffset? Until = null);

    public sealed record AuditRow(long Id, DateTimeOffset Timestamp, string EventType, string Component, string Severity, JsonNode? EventData);

    public sealed record AuditPage(IReadOnlyList<AuditRow> Items, long? NextBefore);

    public static async Task<Results<Ok<AuditPage>, ValidationProblem>> List([AsParameters] AuditQuery query, NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        if (query.Limit is < 1 or > 500)
        {
            return JsonBody.Problem("limit", "limit must be a whole number from 1 to 500.");
        }
        if (query.Severity is not null && !Severities.Contains(query.Severity))
        {
            return JsonBody.Problem("severity", $"severity must be one of {string.Join(", ", Severities)}.");
        }
        if (query.Before is <= 0)
        {
            return JsonBody.Problem("before", "before must be a positive id (nextBefore of the previous page).");
        }
        if (query.Since is { } since && query.Until is { } until && until <= since)
        {
            return JsonBody.Problem("until", "until must be later than since.");
        }
        foreach (var (name, value) in new[] { ("eventType", query.EventType), ("component", query.Component), ("actor", query.Actor) })
        {
            if (value is { Length: 0 or > 200 })
            {
                return JsonBody.Problem(name, $"{name} must be 1-200 characters.");
            }
        }

        await using var command = database.CreateCommand("""
            SELECT id, timestamp, event_type, component, severity, event_data::text FROM audit_log
            WHERE (@event_type::text IS NULL OR event_type = @event_type)
              AND (@severity::text IS NULL OR severity = @severity)
              AND (@component::text IS NULL OR component = @component)
              AND (@actor::text IS NULL OR event_data->>'actor' = @actor)
              AND (@before::bigint IS NULL OR id < @before)
              AND (@since::timestamptz IS NULL OR timestamp >= @since)
              AND (@until::timestamptz IS NULL OR timestamp < @until)
            ORDER BY id DESC LIMIT @limit
            """);
        command.Parameters.AddWithValue("event_type", (object?)query.EventType ?? DBNull.Value);
        command.Parameters.AddWithValue("severity", (object?)query.Severity ?? DBNull.Value);
        command.Parameters.AddWithValue("component", (object?)query.Component ?? DBNull.Value);
        command.Parameters.AddWithValue("actor", (object?)query.Actor ?? DBNull.Value);
        command.Parameters.AddWithValue("before", (object?)query.Before ?? DBNull.Value);
        command.Parameters.AddWithValue("since", (object?)query.Since?.ToUniversalTime() ?? DBNull.Value);
        command.Parameters.AddWithValue("until", (object?)query.Until?.ToUniversalTime() ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", query.Limit);
        var rows = new List<AuditRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new AuditRow(reader.GetInt64(0), new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                JsonNode.Parse(reader.GetString(5))));
        }
        return TypedResults.Ok(new AuditPage(rows, rows.Count == query.Limit ? rows[^1].Id : null));
    }
}
