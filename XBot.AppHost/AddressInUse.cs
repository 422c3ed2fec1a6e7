using Microsoft.AspNetCore.Connections;

namespace XBot.AppHost;

/// <summary>
/// The AppHost's own fixed addresses (the dashboard's resource service and OTLP endpoints, Properties/launchSettings.json)
/// taken by another program, or by an AppHost on another data directory: one line saying so, instead of a crash.
/// </summary>
public static class AddressInUse
{
    public static string? Describe(Exception exception)
    {
        var bind = exception is AggregateException aggregate
            ? aggregate.Flatten().InnerExceptions.FirstOrDefault(e => e.InnerException is AddressInUseException)
            : exception.InnerException is AddressInUseException ? exception : null;
        return bind is null
            ? null
            : $"{bind.Message} Stop what uses it (another XBot AppHost?), or give the dashboard other addresses: " +
              "ASPNETCORE_URLS, ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL and ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL.";
    }
}
