using Microsoft.AspNetCore.Components.Authorization;

namespace XBot.Web.Components.Shared;

/// <summary>Who the audit log names for a change made in the console: <c>console:&lt;user&gt;</c> (the api adds <c>api:</c>).</summary>
public static class OperatorName
{
    public static async Task<string> OfAsync(Task<AuthenticationState>? state)
    {
        var name = state is null ? null : (await state).User.Identity?.Name;
        return $"console:{(string.IsNullOrWhiteSpace(name) ? "unknown" : name)}";
    }
}
