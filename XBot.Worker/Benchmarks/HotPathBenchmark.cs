using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Npgsql;
using StackExchange.Redis;
using XBot.Core.Candidates;
using XBot.Core.Config;
using XBot.Core.Posting.Lifecycle;
using XBot.Core.Scheduling;
using XBot.Core.Storage;
using XBot.Core.Storage.Dedup;
using XBot.Core.Storage.RateLimits;
using XBot.Core.Storage.Redis;
using XBot.Core.Storage.Tweets;
using XBot.Core.Text;

namespace XBot.Worker.Benchmarks;

/// <summary>How long and how often each measurement runs.</summary>
public sealed record BenchmarkSettings(TimeSpan Duration, int Rounds)
{
    public static readonly BenchmarkSettings Standard = new(TimeSpan.FromSeconds(3), 3);
    public static readonly BenchmarkSettings Quick = new(TimeSpan.FromMilliseconds(300), 1);

    /// <summary>Scheduling cycles timed per mode: enough for a p95 (at least 20).</summary>
    public int Cycles => Math.Max(20, (int)(Duration.TotalSeconds * 20) * Rounds);
}

/// <summary>
/// The hot path of issue 10 / runbooks §12, each path measured next to its raw baseline in the same run
/// and the same sandbox: rate-limit checks against a raw INCR, dedup plus store against a raw single-row
/// INSERT with a unique index, a cached config read against a ConcurrentDictionary, and a shadow
/// scheduling cycle with 50 candidates queued; in normal mode and in fallback mode.
/// </summary>
public sealed class HotPathBenchmark(BenchmarkSandbox sandbox, BenchmarkSettings settings, Action<string> progress)
{
    private const int Queued = 50;
    private static readonly RateLimitRule Rule = new("bench_check", RateLimitRule.MaxLimit, TimeSpan.FromSeconds(1));
    private readonly BenchmarkTexts _texts = new();

    public async Task<IReadOnlyList<BenchmarkRow>> RunAsync(CancellationToken cancellationToken)
    {
        var normal = await sandbox.WarmServicesAsync("n", new Dictionary<string, string?>(), cancellationToken);
        // All three share the database; the settings go in before the others read (and cache) any config.
        await ConfigureForCyclesAsync(normal.GetRequiredService<IDualStore>(), cancellationToken);
        var noDualWrite = await sandbox.WarmServicesAsync("q", new Dictionary<string, string?> { ["DUAL_WRITE_ENABLED"] = "false" }, cancellationToken);
        var fallback = sandbox.Services("f", new Dictionary<string, string?> { ["REDIS_FALLBACK_MODE"] = "true" });
        await CreateRawTableAsync(normal, cancellationToken);

        var rows = new List<BenchmarkRow>();
        async Task Add(string id, string path, string mode, Func<int, long, Task> xbot, int concurrency, string baseline, Func<int, long, Task> raw, string goal)
        {
            progress($"measuring {path} ({mode})");
            var ours = new List<double>();
            var theirs = new List<double>();
            for (var round = 0; round < settings.Rounds; round++)
            {
                ours.Add(await Meter.ThroughputAsync(concurrency, settings.Duration, xbot, cancellationToken));
                theirs.Add(await Meter.ThroughputAsync(concurrency, settings.Duration, raw, cancellationToken));
            }
            rows.Add(new BenchmarkRow(id, path, mode, BenchmarkUnits.OpsPerSecond, Meter.Median(ours), baseline, Meter.Median(theirs), goal));
        }

        var incr = Incr(normal);
        var insert = RawInsert(normal);
        await Add("ratelimit.c1", "rate-limit check, c=1", "normal", RateLimit(normal), 1, "raw INCR, c=1", incr, "—");
        await Add("ratelimit.c16", "rate-limit check, c=16", "normal", RateLimit(normal), 16, "raw INCR, c=16", incr, "≥ 0.7×");
        await Add("ratelimit.c16.bycaller", "rate-limit check, c=16, caps recorded with the post", "normal", RateLimit(normal, RateLimitRecording.ByCaller), 16, "raw INCR, c=16", incr, "≥ 0.7×");
        await Add("ratelimit.c16.nodualwrite", "rate-limit check, c=16", "DUAL_WRITE_ENABLED=false", RateLimit(noDualWrite), 16, "raw INCR, c=16", incr, "≥ 0.7×");
        await Add("ratelimit.c16.fallback", "rate-limit check, c=16", "fallback", RateLimit(fallback), 16, "raw INSERT, c=16", insert, "—");
        await Add("dedupstore.c1", "dedup check + store a post, c=1", "normal", DedupStore(normal), 1, "raw INSERT, c=1", insert, "≥ 0.8×");
        await Add("dedupstore.c16", "dedup check + store a post, c=16", "normal", DedupStore(normal), 16, "raw INSERT, c=16", insert, "≥ 0.8×");
        await Add("dedupstore.c16.fallback", "dedup check + store a post, c=16", "fallback", DedupStore(fallback), 16, "raw INSERT, c=16", insert, "—");
        var dictionary = Dictionary();
        await Add("config.read", "cached config read (one key)", "normal", ConfigRead(normal), 1, "ConcurrentDictionary", dictionary, "≥ 1M ops/s");
        await Add("config.read.fallback", "cached config read (one key)", "fallback", ConfigRead(fallback), 1, "ConcurrentDictionary", dictionary, "≥ 1M ops/s");

        foreach (var (mode, services) in new[] { ("normal", normal), ("fallback", fallback) })
        {
            progress($"measuring scheduling cycles ({mode})");
            var times = await CyclesAsync(services, cancellationToken);
            var suffix = mode == "normal" ? "" : ".fallback";
            rows.Add(new BenchmarkRow($"cycle.p50{suffix}", $"scheduling cycle, shadow, {Queued} queued, p50", mode, BenchmarkUnits.Milliseconds, Meter.Percentile(times, 50), null, null, "—"));
            rows.Add(new BenchmarkRow($"cycle.p95{suffix}", $"scheduling cycle, shadow, {Queued} queued, p95", mode, BenchmarkUnits.Milliseconds, Meter.Percentile(times, 95), null, null, "≤ 10 ms"));
        }
        return rows;
    }

    private static Func<int, long, Task> RateLimit(IServiceProvider services, RateLimitRecording recording = RateLimitRecording.Mirrored)
    {
        var store = services.GetRequiredService<IDualStore>();
        IReadOnlyList<RateLimitRule> rules = [Rule];
        return async (_, _) =>
        {
            var decision = await store.CheckRateLimitAsync(rules, recording);
            if (!decision.Allowed)
            {
                throw new InvalidOperationException($"the benchmark's rate-limit check was refused ({decision.Source}): {decision.Error}");
            }
        };
    }

    private static Func<int, long, Task> Incr(IServiceProvider services)
    {
        var db = services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        RedisKey key = services.GetRequiredService<RedisGate>().Keys.Prefix + "bench:incr";
        return async (_, _) => await db.StringIncrementAsync(key);
    }

    private Func<int, long, Task> DedupStore(IServiceProvider services)
    {
        var store = services.GetRequiredService<IDualStore>();
        return async (_, _) =>
        {
            var text = _texts.Next();
            var check = await store.CheckDuplicateAsync(text);
            if (check.Verdict != DuplicateVerdict.Unique)
            {
                throw new InvalidOperationException($"the benchmark's dedup check answered {check.Verdict}: {check.Reason}");
            }
            var stored = await store.StoreTweetAsync(new NewTweet(text));
            if (stored.Outcome != StoreTweetOutcome.Stored)
            {
                throw new InvalidOperationException($"the benchmark's post was not stored: {stored.Outcome}");
            }
        };
    }

    private static async Task CreateRawTableAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var command = services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
            "CREATE TABLE bench_raw (id bigserial PRIMARY KEY, content text NOT NULL, content_hash text NOT NULL); " +
            "CREATE UNIQUE INDEX ux_bench_raw_hash ON bench_raw (content_hash)");
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private Func<int, long, Task> RawInsert(IServiceProvider services)
    {
        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        return async (_, _) =>
        {
            var text = _texts.Next();
            await using var command = dataSource.CreateCommand("INSERT INTO bench_raw (content, content_hash) VALUES ($1, $2)");
            command.Parameters.Add(new NpgsqlParameter { Value = text });
            command.Parameters.Add(new NpgsqlParameter { Value = ContentHash.Compute(text) });
            await command.ExecuteNonQueryAsync();
        };
    }

    private static Func<int, long, Task> ConfigRead(IServiceProvider services)
    {
        var store = services.GetRequiredService<IDualStore>();
        return async (_, _) => await store.GetConfigAsync(BotConfigKeys.PostFraction);
    }

    private static Func<int, long, Task> Dictionary()
    {
        var entries = new ConcurrentDictionary<string, ConfigEntry>();
        entries[BotConfigKeys.PostFraction] = new ConfigEntry(BotConfigKeys.PostFraction, "benchmark", JsonValue.Create(0.5), ConfigSource.Default, null);
        return (_, _) => Task.FromResult(entries.TryGetValue(BotConfigKeys.PostFraction, out var entry) ? entry : null);
    }

    /// <summary>Caps high enough not to stop a cycle, every pick posted, no quiet hour.</summary>
    private static async Task ConfigureForCyclesAsync(IDualStore store, CancellationToken cancellationToken)
    {
        await store.SetConfigAsync(BotConfigKeys.RateLimits, JsonNode.Parse($$"""{"daily": {{BotConfigKeys.MaxRateLimit}}, "hourly": {{BotConfigKeys.MaxRateLimit}}}"""), "benchmark", cancellationToken);
        await store.SetConfigAsync(BotConfigKeys.PostFraction, JsonValue.Create(1.0), "benchmark", cancellationToken);
        await store.SetConfigAsync(BotConfigKeys.QuietHours, new JsonArray(), "benchmark", cancellationToken);
    }

    /// <summary>
    /// Times <see cref="BenchmarkSettings.Cycles"/> shadow cycles, each with <see cref="Queued"/> candidates queued.
    /// Between cycles (not timed) the queue is topped up and earlier posts are moved back an hour, so that
    /// the minimum interval lets every cycle reach a post; the caps are set high enough not to stop it.
    /// </summary>
    private async Task<List<double>> CyclesAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var lifecycle = services.GetRequiredService<PostLifecycleStore>();
        var queue = services.GetRequiredService<CandidateQueue>();
        var cycle = services.GetRequiredService<SchedulingCycle>();
        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        var time = services.GetRequiredService<TimeProvider>();
        var times = new List<double>();
        for (var i = 0; i < settings.Cycles + 3; i++)
        {
            for (var queued = await lifecycle.CountAsync(TweetStatus.Queued, cancellationToken); queued < Queued; queued++)
            {
                var text = _texts.Next();
                var id = await lifecycle.EnqueueAsync(new NewPost(text, ContentHash.Compute(text), "benchmark", "benchmark", 1.0, time.GetUtcNow().AddHours(48)), cancellationToken)
                    ?? throw new InvalidOperationException("a benchmark candidate was not queued");
                await queue.AddAsync(id, 1.0, cancellationToken);
            }
            await using (var rewind = dataSource.CreateCommand("UPDATE tweets SET posted_at = posted_at - interval '1 hour' WHERE posted_at > now() - interval '1 hour'"))
            {
                await rewind.ExecuteNonQueryAsync(cancellationToken);
            }

            var clock = Stopwatch.StartNew();
            var decision = await cycle.RunOnceAsync(cancellationToken);
            var elapsed = clock.Elapsed.TotalMilliseconds;
            if (decision.Outcome != CycleOutcome.Shadowed)
            {
                throw new InvalidOperationException($"a benchmark cycle did not reach a shadow post: {decision.Outcome}, {decision.Reason}");
            }
            // The first cycles warm pools and the JIT; they are not counted.
            if (i >= 3)
            {
                times.Add(elapsed);
            }
        }
        return times;
    }
}
