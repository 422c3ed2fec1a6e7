using System.CommandLine;
using System.Globalization;
using System.Text;
using XBot.Core.Storage;
using XBot.Core.Storage.Consistency;
using XBot.Core.Storage.Fallback;
using XBot.Core.Storage.Redis;

namespace XBot.Worker.Cli;

/// <summary>Dual-store verbs: <c>redis health</c>, <c>cache clear|rebuild</c>, <c>fallback enable|disable|status</c>, <c>audit consistency [--repair]</c>.</summary>
public static class StoreCommands
{
    private static readonly Option<string?> ActorOption = new("--actor")
    {
        Description = "Who makes the change, for the audit log (default: cli:<user>).",
        Recursive = true,
    };

    public static IEnumerable<Command> Create(CliContext context) =>
        [RedisCommand(context), CacheCommand(context), FallbackCommand(context), AuditCommand(context)];

    private static Command RedisCommand(CliContext context)
    {
        var redis = new Command("redis", "Redis under this REDIS_PREFIX.");
        var health = new Command("health", "PING latency and key counts per family under the prefix. Exit 1 when Redis does not answer.");
        health.SetAction((parse, ct) => Run(context, parse, async (services, output, token) =>
        {
            var report = await services.GetRequiredService<XBot.Core.Storage.Maintenance.RedisMaintenance>().HealthAsync(token);
            var text = new StringBuilder();
            if (report.Reachable)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"Redis: OK  ping {report.PingMs:F2} ms  server {report.Server ?? "unknown"}  prefix '{report.Prefix}'  {(report.Warm ? "warm" : "COLD (not rebuilt from PostgreSQL)")}");
                foreach (var (family, count) in report.KeysPerFamily)
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"  {family,-8} {count,8} keys");
                }
                text.Append(CultureInfo.InvariantCulture, $"  {"other",-8} {report.OtherKeys,8} keys");
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"Redis: UNREACHABLE {ConnectionProblem.RedisHint(context.Configuration)} (prefix '{report.Prefix}': {report.Error})");
            }
            output.Result(new { ok = report.Reachable, report }, text.ToString());
            return report.Reachable ? 0 : 1;
        }, redis: true, database: false, ct));
        redis.Subcommands.Add(health);
        return redis;
    }

    private static Command CacheCommand(CliContext context)
    {
        var cache = new Command("cache", "Redis caches under this REDIS_PREFIX.");

        var clear = new Command("clear", "Delete cache keys under this prefix only; queues, rate limits, dedup hashes and state are kept.");
        clear.Options.Add(ActorOption);
        clear.SetAction((parse, ct) => Run(context, parse, async (services, output, token) =>
        {
            var deleted = await RequireRedis(() => services.GetRequiredService<IDualStore>().ClearCachesAsync(Actor(parse), token));
            var prefix = services.GetRequiredService<XBot.Core.Configuration.XBotOptions>().RedisPrefix;
            output.Result(new { ok = true, prefix, deleted }, $"Deleted {deleted} cache keys under '{prefix}'. Queues and state were kept.");
            return 0;
        }, redis: true, database: true, ct));

        var rebuild = new Command("rebuild", "Rebuild Redis (dedup hashes, rate-limit windows, config cache, state) from PostgreSQL.");
        rebuild.Options.Add(ActorOption);
        rebuild.SetAction((parse, ct) => Run(context, parse, async (services, output, token) =>
        {
            var report = await RequireRedis(() => services.GetRequiredService<IDualStore>().RebuildRedisAsync(Actor(parse), token));
            output.Result(new { ok = true, report },
                $"Rebuilt Redis from PostgreSQL: {report.DedupKeys} dedup keys, {report.RateLimitKeys} rate-limit windows ({report.RateLimitEvents} events), " +
                $"config cache {(report.ConfigCached ? "written" : "not written")}, last post {report.LastPostAt?.ToString("O", CultureInfo.InvariantCulture) ?? "none"}.");
            return 0;
        }, redis: true, database: true, ct));

        cache.Subcommands.Add(clear);
        cache.Subcommands.Add(rebuild);
        return cache;
    }

    private static Command FallbackCommand(CliContext context)
    {
        var fallback = new Command("fallback", "The manual fallback switch of this APP_ENV (kept in PostgreSQL; every process follows it).");

        var reasonOption = new Option<string?>("--reason") { Description = "Why, for the audit log and the alert." };
        var enable = new Command("enable", "Bypass Redis: every process of this environment serves from PostgreSQL until 'fallback disable'.");
        enable.Options.Add(ActorOption);
        enable.Options.Add(reasonOption);
        enable.SetAction((parse, ct) => Run(context, parse, async (services, output, token) =>
        {
            var report = await services.GetRequiredService<IDualStore>().EnableFallbackAsync(Actor(parse), parse.GetValue(reasonOption), token);
            output.Result(new { ok = true, report }, "Manual fallback is ON: Redis is bypassed by every process of this environment.\n" + Describe(report));
            return 0;
        }, redis: true, database: true, ct));

        var disable = new Command("disable", "Lift manual fallback: processes rebuild Redis from PostgreSQL and use it again.");
        disable.Options.Add(ActorOption);
        disable.SetAction((parse, ct) => Run(context, parse, async (services, output, token) =>
        {
            var report = await services.GetRequiredService<IDualStore>().DisableFallbackAsync(Actor(parse), token);
            output.Result(new { ok = true, report }, "Manual fallback is OFF: processes return to Redis after rebuilding it.\n" + Describe(report));
            return 0;
        }, redis: true, database: true, ct));

        var status = new Command("status", "The manual switch, the environment pins and where each feature is served from.");
        status.SetAction((parse, ct) => Run(context, parse, async (services, output, token) =>
        {
            var report = await services.GetRequiredService<IDualStore>().GetFallbackStatusAsync(token);
            output.Result(new { ok = true, report }, Describe(report));
            return 0;
        }, redis: true, database: true, ct));

        fallback.Subcommands.Add(enable);
        fallback.Subcommands.Add(disable);
        fallback.Subcommands.Add(status);
        return fallback;
    }

    private static Command AuditCommand(CliContext context)
    {
        var audit = new Command("audit", "Audits of the stores.");
        var repairOption = new Option<bool>("--repair") { Description = "Drain the sync queue and make Redis agree with PostgreSQL, then audit again." };
        var consistency = new Command("consistency", "Compare Redis with PostgreSQL: drift %, sync-queue depth and oldest item. Exit 1 on drift ≥ 1%, a queue over 1000, or Redis unavailable.");
        consistency.Options.Add(repairOption);
        consistency.Options.Add(ActorOption);
        consistency.SetAction((parse, ct) => Run(context, parse, async (services, output, token) =>
        {
            var report = await services.GetRequiredService<IDualStore>().AuditConsistencyAsync(parse.GetValue(repairOption), Actor(parse), token);
            output.Result(new { ok = report.Healthy, report }, Describe(report));
            return report.Healthy ? 0 : 1;
        }, redis: true, database: true, ct));
        audit.Subcommands.Add(consistency);
        return audit;
    }

    /// <summary>Runs a store verb needing Redis and PostgreSQL; an <see cref="ArgumentException"/> (bad actor, reason...) is bad input, exit 2.</summary>
    private static Task<int> Run(CliContext context, ParseResult parse, Func<IServiceProvider, CliOutput, CancellationToken, Task<int>> body, bool redis, bool database, CancellationToken ct) =>
        context.RunAsync(parse, async (services, output, token) =>
        {
            try
            {
                return await body(services, output, token);
            }
            catch (ArgumentException ex)
            {
                throw new CliException(ex.Message, 2);
            }
        }, redis, database, ct);

    /// <summary>The --actor given (checked: an empty one is bad input, not "nobody"), or cli:&lt;user&gt; when none was given.</summary>
    private static string Actor(ParseResult parse) =>
        parse.GetResult(ActorOption) is null
            ? $"cli:{Environment.UserName}"
            : StoreLimits.CheckActor(parse.GetValue(ActorOption) ?? "");

    private static async Task<T> RequireRedis<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (RedisUnavailableException ex)
        {
            throw new CliException(ex.Message, 1);
        }
    }

    private static string Describe(FallbackReport report)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"mode as a process sees it now: {report.Store.Mode} ({report.Store.Reason}){(report.Store.Detail is null ? "" : $": {report.Store.Detail}")}");
        text.AppendLine(CultureInfo.InvariantCulture, $"manual switch: {(report.Manual.Enabled ? "ON" : "off")}{(report.Manual.Actor is null ? "" : $" (by {report.Manual.Actor} at {report.Manual.ChangedAt:O}{(report.Manual.Reason is null ? "" : $": {report.Manual.Reason}")})")}");
        text.AppendLine(CultureInfo.InvariantCulture, $"USE_REDIS={report.UseRedis.ToString().ToLowerInvariant()}  REDIS_FALLBACK_MODE={report.PinnedByEnvironment.ToString().ToLowerInvariant()}  DUAL_WRITE_ENABLED={report.DualWrite.ToString().ToLowerInvariant()}  redis reachable: {(report.RedisReachable ? "yes" : "no")}");
        text.Append("served by: " + string.Join("  ", report.Routing.Select(r => $"{r.Key}={r.Value}")));
        return text.ToString();
    }

    private static string Describe(ConsistencyReport report)
    {
        var text = new StringBuilder();
        if (!report.RedisAvailable)
        {
            return $"Consistency audit of '{report.Prefix}' ({report.Environment}): UNAVAILABLE: {report.Error}";
        }
        text.AppendLine(CultureInfo.InvariantCulture, $"Consistency audit of '{report.Prefix}' ({report.Environment}): {report.Verdict.ToUpperInvariant()}  drift {report.DriftPercent:F2}% (tolerance < {StoreLimits.DriftTolerancePercent}%){(report.RedisWarm ? "" : "  Redis is COLD")}");
        foreach (var area in report.Areas)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {area.Area,-12} {area.Drifted,6} of {area.Compared,6} differ ({area.DriftPercent:F2}%)");
            foreach (var example in area.Examples)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"      {example}");
            }
        }
        if (report.SyncQueue is { } queue)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  sync queue   depth {queue.Depth} ({queue.Level}), oldest {(queue.OldestAge is { } age ? $"{age.TotalSeconds:F0} s ago" : "none")}, dead letters {queue.DeadLetters}");
        }
        if (report.Repaired is { } repaired)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"  repaired: {repaired.SyncItemsApplied} sync items applied, config cache {(repaired.ConfigCacheRewritten ? "rewritten" : "ok")}, " +
                $"dedup +{repaired.DedupKeysAdded}/-{repaired.DedupKeysRemoved}, rate-limit events {repaired.RateLimitEventsToRedis} to Redis and {repaired.RateLimitEventsToPostgres} to PostgreSQL, " +
                $"last post {(repaired.LastPostRepaired ? "fixed" : "ok")}, warm marker {(repaired.WarmMarkerSet ? "set" : "ok")}");
        }
        return text.ToString().TrimEnd();
    }
}
