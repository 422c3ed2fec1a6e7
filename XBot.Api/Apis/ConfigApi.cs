using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using XBot.Api.Http;
using XBot.Core.Config;
using XBot.Core.Operations;

namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// <c>bot_config</c> (runbooks.md §2.2) and its flags (§6): read, change within the ranges (refused with the
/// range, nothing changed), the emergency brake and "everything off". Every change is audited with who made it.
/// </summary>
public static class ConfigApi
{
    public static IEndpointRouteBuilder MapConfigApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Config")
            .RequireAuthorization(ApplicationServiceExtensions.AdminPolicy)
            .RequireRateLimiting(ApiRateLimitOptions.Policy);
        api.MapGet("/config", GetAll);
        api.MapGet("/config/{key}", GetOne);
        api.MapPut("/config/{key}", Set);
        api.MapPut("/flags/{name}", SetFlag);
        api.MapPost("/flags/all-off", AllOff);
        api.MapPost("/brake", Brake);
        return app;
    }

    public sealed record ConfigServices(ConfigStore Config, FlagSwitches Flags);

    public sealed record ConfigValue(string Key, string Environment, JsonNode Value, ConfigSource Source, DateTimeOffset? UpdatedAt, string Allowed);

    /// <summary>A change: the new value, and optionally who makes it (audited as <c>api:&lt;actor&gt;</c>).</summary>
    public sealed record ConfigWrite([property: JsonRequired] JsonNode? Value, string? Actor = null);

    /// <summary>Who pulls the brake or switches everything off (optional body).</summary>
    public sealed record ActorOnly(string? Actor = null);

    public sealed record ChangeResult(string Key, string Environment, JsonNode? Old, JsonNode New, string Actor, bool Changed);

    public static async Task<Ok<IReadOnlyList<ConfigValue>>> GetAll([AsParameters] ConfigServices services, CancellationToken cancellationToken)
    {
        var all = await services.Config.GetAllAsync(cancellationToken);
        IReadOnlyList<ConfigValue> values = [.. BotConfigKeys.All.Select(k => View(all[k.Name], k))];
        return TypedResults.Ok(values);
    }

    public static async Task<Results<Ok<ConfigValue>, ValidationProblem>> GetOne(string key, [AsParameters] ConfigServices services, CancellationToken cancellationToken)
    {
        try
        {
            var definition = BotConfigKeys.Get(key);
            return TypedResults.Ok(View(await services.Config.GetAsync(key, cancellationToken), definition));
        }
        catch (ConfigValidationException ex)
        {
            return JsonBody.Problem("key", ex.Message);
        }
    }

    public static async Task<Results<Ok<ChangeResult>, ValidationProblem>> Set(string key, HttpRequest request, [AsParameters] ConfigServices services, CancellationToken cancellationToken)
    {
        var (write, problem) = await JsonBody.ReadAsync<ConfigWrite>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        return await ChangeAsync(() => services.Config.SetAsync(key, write!.Value, RequestActor.Of(write.Actor), cancellationToken));
    }

    public static async Task<Results<Ok<ChangeResult>, ValidationProblem>> SetFlag(string name, HttpRequest request, [AsParameters] ConfigServices services, CancellationToken cancellationToken)
    {
        var (write, problem) = await JsonBody.ReadAsync<ConfigWrite>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        return await ChangeAsync(() => services.Flags.SetAsync(name, write!.Value, RequestActor.Of(write.Actor), cancellationToken));
    }

    /// <summary>The emergency brake: <c>post_fraction</c> to 0; the next scheduling cycle posts nothing.</summary>
    public static async Task<Results<Ok<ChangeResult>, ValidationProblem>> Brake(HttpRequest request, [AsParameters] ConfigServices services, CancellationToken cancellationToken)
    {
        var (body, problem) = await OptionalBodyAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        return await ChangeAsync(() => services.Config.SetAsync(BotConfigKeys.PostFraction, JsonValue.Create(0), RequestActor.Of(body?.Actor), cancellationToken));
    }

    /// <summary>Every flag off and the brake on, in one call.</summary>
    public static async Task<Results<Ok<IReadOnlyList<ChangeResult>>, ValidationProblem>> AllOff(HttpRequest request, [AsParameters] ConfigServices services, CancellationToken cancellationToken)
    {
        var (body, problem) = await OptionalBodyAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        try
        {
            var changes = await services.Flags.AllOffAsync(RequestActor.Of(body?.Actor), cancellationToken);
            IReadOnlyList<ChangeResult> results = [.. changes.Select(Result)];
            return TypedResults.Ok(results);
        }
        catch (ArgumentException ex)
        {
            return JsonBody.Problem(ex is ConfigValidationException c ? c.Key : "actor", ex.Message);
        }
    }

    private static async Task<(ActorOnly? Body, ValidationProblem? Problem)> OptionalBodyAsync(HttpRequest request, CancellationToken cancellationToken) =>
        request.ContentLength is 0 || (request.ContentLength is null && !request.HasJsonContentType())
            ? (null, null)
            : await JsonBody.ReadAsync<ActorOnly>(request, cancellationToken);

    private static async Task<Results<Ok<ChangeResult>, ValidationProblem>> ChangeAsync(Func<Task<ConfigChange>> change)
    {
        try
        {
            return TypedResults.Ok(Result(await change()));
        }
        catch (ConfigValidationException ex)
        {
            return JsonBody.Problem(ex.Key, ex.Message);
        }
        catch (ArgumentException ex)
        {
            return JsonBody.Problem("actor", ex.Message);
        }
    }

    private static ChangeResult Result(ConfigChange change) =>
        new(change.Key, change.Environment, change.OldValue, change.NewValue, change.Actor, change.Changed);

    private static ConfigValue View(ConfigEntry entry, BotConfigKey key) =>
        new(entry.Key, entry.Environment, entry.Value, entry.Source, entry.UpdatedAt, key.Allowed);
}
