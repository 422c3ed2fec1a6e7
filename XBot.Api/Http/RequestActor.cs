using XBot.Core.Storage;

namespace XBot.Api.Http;

/// <summary>Who made a change, for <c>audit_log</c>: <c>api:&lt;name the caller gave&gt;</c>, or <c>api:admin</c>.</summary>
public static class RequestActor
{
    public static string Of(string? given) => StoreLimits.CheckActor(string.IsNullOrWhiteSpace(given) ? "api:admin" : $"api:{given.Trim()}");
}
