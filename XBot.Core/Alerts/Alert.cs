using System.Text.Json.Nodes;
using XBot.Core.Audit;

namespace XBot.Core.Alerts;

/// <summary>An alert event (runbooks.md §10): INFO, WARNING (degraded, fallback active), CRITICAL, EMERGENCY.</summary>
public sealed record Alert(AuditSeverity Severity, string EventType, string Component, string Message, JsonObject? Data = null);
