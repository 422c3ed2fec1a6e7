using System.Text.Json.Nodes;
using Npgsql;
using StackExchange.Redis;
using XBot.Tests.Infrastructure;
using XBot.Tests.Storage;

namespace XBot.Tests.Benchmarks;

/// <summary>A benchmark is not a test: these run the command briefly and check its shape, never its figures.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class BenchmarkCommandTests(InfrastructureFixture infrastructure)
{
    private static readonly string[] Rows =
    [
        "ratelimit.c1", "ratelimit.c16", "ratelimit.c16.bycaller", "ratelimit.c16.nodualwrite", "ratelimit.c16.fallback",
        "dedupstore.c1", "dedupstore.c16", "dedupstore.c16.fallback", "config.read", "config.read.fallback",
        "cycle.p50", "cycle.p95", "cycle.p50.fallback", "cycle.p95.fallback",
    ];

    [Fact]
    public async Task A_quick_run_produces_every_row_saves_them_compares_and_leaves_nothing_behind()
    {
        await using var scope = await StoreScope.CreateAsync(infrastructure);
        var saved = Path.Combine(Path.GetTempPath(), $"xbot-bench-{Guid.NewGuid():N}.json");
        try
        {
            var first = await CliRunner.RunAsync(scope.Settings(), "benchmark", "--quick", "--save", saved);
            Assert.True(first.ExitCode == 0, first.ToString());
            var report = JsonNode.Parse(await File.ReadAllTextAsync(saved))!;
            var rows = report["rows"]!.AsArray().Select(r => r!).ToList();
            Assert.Equal(Rows, rows.Select(r => r["id"]!.GetValue<string>()));
            Assert.All(rows, r => Assert.True(r["value"]!.GetValue<double>() > 0, r.ToJsonString()));
            Assert.All(rows.Where(r => r["baseline"] is not null), r => Assert.True(r["baselineValue"]!.GetValue<double>() > 0, r.ToJsonString()));
            foreach (var path in new[] { "rate-limit check, c=16", "dedup check + store a post, c=16", "cached config read", "scheduling cycle, shadow, 50 queued, p95" })
            {
                Assert.Contains(path, first.Stdout);
            }

            var second = await CliRunner.RunAsync(scope.Settings(), "benchmark", "--quick", "--compare", saved, "--json");
            Assert.True(second.ExitCode == 0, second.ToString());
            Assert.Equal(Rows, JsonNode.Parse(second.Stdout)!["rows"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()));

            // Nothing left behind: no scratch database, no key outside the test's own prefix.
            await using var server = new NpgsqlConnection(infrastructure.AdminConnectionString);
            await server.OpenAsync();
            await using var databases = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname LIKE 'xbot_bench_%'", server);
            Assert.Equal(0L, (long)(await databases.ExecuteScalarAsync())!);
            await using var redis = await ConnectionMultiplexer.ConnectAsync(infrastructure.RedisConnectionString);
            var leftover = 0;
            await foreach (var _ in redis.GetServers()[0].KeysAsync(pattern: "bench*"))
            {
                leftover++;
            }
            Assert.Equal(0, leftover);
        }
        finally
        {
            File.Delete(saved);
        }
    }

    [Fact]
    public async Task A_compare_file_that_is_not_a_report_is_refused_before_anything_runs()
    {
        await using var scope = await StoreScope.CreateAsync(infrastructure);
        var bad = Path.Combine(Path.GetTempPath(), $"xbot-bench-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(bad, "not json");
        try
        {
            var result = await CliRunner.RunAsync(scope.Settings(), "benchmark", "--quick", "--compare", bad);

            Assert.Equal(2, result.ExitCode);
            Assert.Contains("is not a benchmark report", result.Stderr);
        }
        finally
        {
            File.Delete(bad);
        }
    }
}
