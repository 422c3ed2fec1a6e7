using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using XBot.Api.Http;
using XBot.Core.Candidates;
using XBot.Core.Posting.Lifecycle;
using XBot.Core.Schema;
using XBot.Core.Storage;
using XBot.Core.Storage.Consistency;
using XBot.Core.Storage.Fallback;
using XBot.Core.Storage.Maintenance;
using XBot.Core.Storage.Redis;

namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// The runbooks' store and schema operations (§5, §7, §11) over HTTP: the queue (list, clear), fallback on
/// and off, the consistency audit, caches (clear, rebuild), content hashes, schema drift and the migrations
/// applied. Each does what its CLI verb does, through the same services.
/// </summary>
public static class MaintenanceApi
{
    public static IEndpointRouteBuilder MapMaintenanceApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Maintenance")
            .RequireAuthorization(ApplicationServiceExtensions.AdminPolicy)
            .RequireRateLimiting(ApiRateLimitOptions.Policy);
        api.MapGet("/queue", ListQueue);
        api.MapPost("/queue/clear", ClearQueue);
        api.MapGet("/fallback", FallbackStatus);
        api.MapPost("/fallback/enable", EnableFallback);
        api.MapPost("/fallback/disable", DisableFallback);
        api.MapPost("/consistency-audit", Audit);
        api.MapPost("/cache/clear", ClearCache);
        api.MapPost("/cache/rebuild", RebuildCache);
        api.MapPost("/hashes/clear", ClearHashes);
        api.MapGet("/schema/drift", Drift);
        api.MapGet("/schema/migrations", Migrations);
        return app;
    }

    public sealed record MaintenanceServices(IDualStore Store, PostLifecycleStore Lifecycle, CandidateQueue Queue, RedisGate Redis, NpgsqlDataSource Database, SchemaDrift Drift);

    public sealed record ActorBody(string? Actor = null, string? Reason = null);

    public sealed record Count(long Affected, string Actor);

    /// <summary>Rows waiting to be posted, each with its safety verdict and the parts of its latest score.</summary>
    public static async Task<Results<Ok<IReadOnlyList<QueueItem>>, ValidationProblem>> ListQueue([AsParameters] MaintenanceServices services, TimeProvider time, CancellationToken cancellationToken, int limit = 100) =>
        limit is < 1 or > 1000
            ? JsonBody.Problem("limit", "limit must be a whole number from 1 to 1000.")
            : TypedResults.Ok(await QueueItem.WithVerdictsAsync(
                await services.Lifecycle.ListAsync(["queued", "picked", "awaiting_approval", "approved"], limit, cancellationToken), services.Database, time, cancellationToken));

    public static Task<Results<Ok<Count>, ValidationProblem>> ClearQueue(HttpRequest request, [AsParameters] MaintenanceServices services, CancellationToken cancellationToken) =>
        WithActorAsync(request, cancellationToken, async (body, actor) =>
        {
            var cleared = await services.Lifecycle.ClearQueueAsync(actor, cancellationToken);
            await services.Queue.ClearAsync(cancellationToken);
            return new Count(cleared, actor);
        });

    public static async Task<Ok<FallbackReport>> FallbackStatus([AsParameters] MaintenanceServices services, CancellationToken cancellationToken) =>
        TypedResults.Ok(await services.Store.GetFallbackStatusAsync(cancellationToken));

    public static Task<Results<Ok<FallbackReport>, ValidationProblem>> EnableFallback(HttpRequest request, [AsParameters] MaintenanceServices services, CancellationToken cancellationToken) =>
        WithActorAsync(request, cancellationToken, (body, actor) => services.Store.EnableFallbackAsync(actor, body?.Reason, cancellationToken));

    public static Task<Results<Ok<FallbackReport>, ValidationProblem>> DisableFallback(HttpRequest request, [AsParameters] MaintenanceServices services, CancellationToken cancellationToken) =>
        WithActorAsync(request, cancellationToken, (body, actor) => services.Store.DisableFallbackAsync(actor, cancellationToken));

    public static Task<Results<Ok<ConsistencyReport>, ValidationProblem>> Audit(HttpRequest request, [AsParameters] MaintenanceServices services, CancellationToken cancellationToken, bool repair = false) =>
        WithActorAsync(request, cancellationToken, (body, actor) => services.Store.AuditConsistencyAsync(repair, actor, cancellationToken));

    public static Task<Results<Ok<Count>, ValidationProblem>> ClearCache(HttpRequest request, [AsParameters] MaintenanceServices services, CancellationToken cancellationToken) =>
        WithActorAsync(request, cancellationToken, async (body, actor) => new Count(await services.Store.ClearCachesAsync(actor, cancellationToken), actor));

    public static Task<Results<Ok<RebuildReport>, ValidationProblem>> RebuildCache(HttpRequest request, [AsParameters] MaintenanceServices services, CancellationToken cancellationToken) =>
        WithActorAsync(request, cancellationToken, (body, actor) => services.Store.RebuildRedisAsync(actor, cancellationToken));

    /// <summary>Redis dedup keys under this prefix only; PostgreSQL's unique index still guards posts.</summary>
    public static Task<Results<Ok<Count>, ValidationProblem>> ClearHashes(HttpRequest request, [AsParameters] MaintenanceServices services, CancellationToken cancellationToken) =>
        WithActorAsync(request, cancellationToken, async (body, actor) =>
        {
            var redis = services.Redis;
            var deleted = await redis.ExecuteAsync(async db =>
                await RedisScanner.DeleteAsync(db, await RedisScanner.ScanAsync(db, redis.Keys.Pattern(KeyFamily.Dedup), cancellationToken)), cancellationToken);
            return new Count(deleted, actor);
        });

    public static async Task<Ok<DriftReport>> Drift([AsParameters] MaintenanceServices services, CancellationToken cancellationToken)
    {
        await using var connection = await services.Database.OpenConnectionAsync(cancellationToken);
        return TypedResults.Ok(await services.Drift.DetectAsync(connection, cancellationToken));
    }

    public static async Task<Ok<IReadOnlyList<JournalEntry>>> Migrations([AsParameters] MaintenanceServices services, CancellationToken cancellationToken)
    {
        await using var connection = await services.Database.OpenConnectionAsync(cancellationToken);
        return TypedResults.Ok(await MigrationJournal.ExistsAsync(connection, cancellationToken)
            ? await MigrationJournal.ReadAsync(connection, cancellationToken)
            : (IReadOnlyList<JournalEntry>)[]);
    }

    // Every change takes an optional {"actor", "reason"} body, read strictly; the actor is audited as api:<actor>.
    private static async Task<Results<Ok<T>, ValidationProblem>> WithActorAsync<T>(HttpRequest request, CancellationToken cancellationToken, Func<ActorBody?, string, Task<T>> action)
    {
        var (body, problem) = request.ContentLength is 0 || (request.ContentLength is null && !request.HasJsonContentType())
            ? (null, null)
            : await JsonBody.ReadAsync<ActorBody>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        string actor;
        try
        {
            actor = RequestActor.Of(body?.Actor);
        }
        catch (ArgumentException ex)
        {
            return JsonBody.Problem("actor", ex.Message);
        }
        return TypedResults.Ok(await action(body, actor));
    }
}
