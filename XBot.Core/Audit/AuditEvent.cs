using System.Text.Json.Nodes;

namespace XBot.Core.Audit;

/// <summary>Severities of <c>audit_log</c> (runbooks.md §3, §10); the column's check constraint allows these.</summary>
public enum AuditSeverity
{
    Info,
    Warning,
    Critical,
    Emergency,
}

/// <summary>One <c>audit_log</c> row: what happened, in which component, how bad, with its data and context.</summary>
public sealed record AuditEvent(
    string EventType,
    string Component,
    AuditSeverity Severity,
    JsonObject? Data = null,
    JsonObject? Context = null)
{
    public static string SeverityText(AuditSeverity severity) => severity switch
    {
        AuditSeverity.Info => "info",
        AuditSeverity.Warning => "warning",
        AuditSeverity.Critical => "critical",
        _ => "emergency",
    };
}
