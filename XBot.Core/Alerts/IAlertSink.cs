namespace XBot.Core.Alerts;

/// <summary>
/// Where alerts go. The default logs and writes <c>audit_log</c>; the monitoring issue replaces it with a
/// pipeline that also POSTs CRITICAL and above to the webhooks. Raising never throws.
/// </summary>
public interface IAlertSink
{
    Task RaiseAsync(Alert alert, CancellationToken cancellationToken = default);
}
