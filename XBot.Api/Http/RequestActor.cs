using XBot.Core.Storage;

namespace XBot.Api.Http;

/// <summary>Who made a change, for <c>audit_log</c>: <c>api:&lt;actor the caller gave&gt;</c>, or <c>api:admin</c> when none was given.</summary>
public static class RequestActor
{
    /// <summary>An actor given but blank is refused (<see cref="ArgumentException"/>), not silently replaced.</summary>
    public static string Of(string? given) =>
        given is null ? "api:admin"
        : string.IsNullOrWhiteSpace(given) ? throw new ArgumentException($"actor, when given, must name who makes the change (1-{StoreLimits.MaxActorLength - 4} characters).", "actor")
        : StoreLimits.CheckActor($"api:{given.Trim()}");
}
