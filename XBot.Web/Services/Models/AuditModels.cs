using System.Text.Json.Nodes;

namespace XBot.Web.Services.Models;

public sealed record AuditRow(long Id, DateTimeOffset Timestamp, string EventType, string Component, string Severity, JsonNode? EventData);

/// <summary>One page of GET /api/audit; <see cref="NextBefore"/> asks for the next (older) page.</summary>
public sealed record AuditPage(IReadOnlyList<AuditRow> Items, long? NextBefore);

/// <summary>The audit log's filters, as GET /api/audit takes them.</summary>
public sealed record AuditFilter(string? EventType, string? Severity, string? Component, DateTimeOffset? Since);
