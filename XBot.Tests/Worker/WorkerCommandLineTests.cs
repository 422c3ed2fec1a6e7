using System.Text.Json;
using XBot.Tests.Infrastructure;
using XBot.Tests.Storage;
using XBot.Worker.Cli;

namespace XBot.Tests.Worker;

/// <summary>
/// The worker's command line as an operator meets it: only no arguments (or <c>run</c>) start the posting
/// worker; help, version and options in any position are the CLI; failures are one line that says what to check.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class WorkerCommandLineTests(InfrastructureFixture fixture)
{
    private static readonly string[] Verbs =
    [
        "run", "db migrate", "db rollback", "db baseline", "db drift", "db shadow", "db guard", "redis health",
        "cache clear", "cache rebuild", "fallback enable", "fallback disable", "fallback status", "audit consistency",
        "candidates refresh", "candidates clear", "hashes clear", "schedule test", "health", "metrics", "rate-limits",
        "config get", "config set", "flags list", "flags off", "brake", "approvals list", "spend",
    ];

    [Theory]
    [InlineData(true)]
    [InlineData(true, "run")]
    [InlineData(false, "--help")]
    [InlineData(false, "-h")]
    [InlineData(false, "--version")]
    [InlineData(false, "--json", "redis", "health")]
    [InlineData(false, "run", "--json")]
    [InlineData(false, "--json")]
    [InlineData(false, "rnu")]
    public void Only_no_arguments_or_run_alone_start_the_worker(bool worker, params string[] args) =>
        Assert.Equal(worker, WorkerCli.RunsWorker(args));

    [Fact]
    public async Task Run_alone_starts_the_worker_and_it_serves_its_probes()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        var url = $"http://127.0.0.1:{PortFinder.Free()}";
        using var process = System.Diagnostics.Process.Start(WorkerProcess.StartInfo(scope.Settings(new Dictionary<string, string?> { ["Scheduler:Enabled"] = "false" }), url, "run"))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };
            var deadline = Deadline.Minutes(1);
            while (!await AnswersAsync(http, "/alive"))
            {
                if (process.HasExited)
                {
                    Assert.Fail($"the worker exited with {process.ExitCode}: {await stdout} {await stderr}");
                }
                Assert.False(deadline.IsCancellationRequested, "the worker did not serve /alive");
                await Task.Delay(100, CancellationToken.None);
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static async Task<bool> AnswersAsync(HttpClient http, string path)
    {
        try
        {
            return (await http.GetAsync(path)).IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_lists_every_verb_with_one_line_and_exits(string option)
    {
        var result = await WorkerProcess.RunAsync(new Dictionary<string, string?>(), option);

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.Split('\n');
        foreach (var verb in Verbs)
        {
            var line = Assert.Single(lines, l => l.StartsWith($"  {verb} ", StringComparison.Ordinal));
            Assert.Matches(@"^  [a-z -]+\s{2,}\S.*", line);
        }
    }

    [Fact]
    public async Task Version_prints_the_version_and_exits()
    {
        var result = await WorkerProcess.RunAsync(new Dictionary<string, string?>(), "--version");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal($"XBot.Worker {WorkerCli.Version}", result.Stdout.Trim());
    }

    [Fact]
    public async Task Options_may_come_before_or_after_the_verb()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);

        var before = await WorkerProcess.RunAsync(scope.Settings(), "--json", "redis", "health");
        var after = await CliRunner.RunAsync(scope.Settings(), "redis", "health", "--json");

        Assert.True(before.ExitCode == 0, before.ToString());
        Assert.Equal(0, after.ExitCode);
        using var first = JsonDocument.Parse(before.Stdout);
        using var second = JsonDocument.Parse(after.Stdout);
        Assert.True(first.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal(scope.Prefix, first.RootElement.GetProperty("report").GetProperty("prefix").GetString());
        Assert.Equal(second.RootElement.GetProperty("report").GetProperty("prefix").GetString(), first.RootElement.GetProperty("report").GetProperty("prefix").GetString());
    }

    [Fact]
    public async Task Run_with_options_is_refused_rather_than_guessed()
    {
        var result = await CliRunner.RunAsync(new Dictionary<string, string?>(), "run", "--json");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("takes no options", result.Stdout + result.Stderr);
    }

    [Fact]
    public async Task A_bad_steps_value_names_the_option_and_the_full_command_not_a_CLR_type()
    {
        var result = await CliRunner.RunAsync(new Dictionary<string, string?>(), "db", "rollback", "--steps", "abc");

        Assert.Equal(2, result.ExitCode);
        Assert.DoesNotContain("System.", result.Stderr);
        Assert.Contains("--steps must be a whole number", result.Stderr);
        Assert.Contains("'abc'", result.Stderr);
        Assert.Contains("(see: XBot.Worker db rollback --help)", result.Stderr);
    }

    [Fact]
    public async Task Redis_health_does_not_need_the_PostgreSQL_setting()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        var settings = scope.Settings();
        settings.Remove("ConnectionStrings:xbotdb");

        var result = await CliRunner.RunAsync(settings, "redis", "health");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Redis: OK", result.Stdout);
    }

    [Fact]
    public async Task An_empty_actor_is_refused_and_nothing_is_cleared()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using (var host = await scope.StartAsync())
        {
            await host.WarmAsync();
        }
        var cacheKeys = await CacheKeysAsync(scope);

        var result = await CliRunner.RunAsync(scope.Settings(), "cache", "clear", "--actor", "");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("actor", result.Stderr);
        Assert.Equal(cacheKeys, await CacheKeysAsync(scope));
        Assert.Equal(0L, await scope.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE event_type = 'CACHE_CLEARED'"));
    }

    [Fact]
    public async Task A_refused_PostgreSQL_connection_is_one_line_that_says_what_to_check()
    {
        var result = await WorkerProcess.RunAsync(
            new Dictionary<string, string?> { ["ConnectionStrings:xbotdb"] = $"Host=127.0.0.1;Port={PortFinder.Free()};Database=x;Username=u;Password=p" },
            "db", "migrate");

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Stdout);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: cannot connect to PostgreSQL at 127.0.0.1:", line);
        Assert.Contains("check ConnectionStrings:xbotdb", line);
        Assert.DoesNotContain("Exception", line);
    }

    [Fact]
    public async Task An_unreachable_Redis_is_one_line_that_says_what_to_check()
    {
        var result = await WorkerProcess.RunAsync(
            new Dictionary<string, string?> { ["ConnectionStrings:cache"] = $"127.0.0.1:{PortFinder.Free()},connectTimeout=500" },
            "redis", "health");

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Stderr.Trim());
        var line = Assert.Single(result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("Redis: UNREACHABLE at 127.0.0.1:", line);
        Assert.Contains("check ConnectionStrings:cache", line);
        Assert.DoesNotContain("Exception", line);
    }

    private static async Task<List<string>> CacheKeysAsync(StoreScope scope)
    {
        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(scope.Redis);
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var keys = new List<string>();
        await foreach (var key in server.KeysAsync(pattern: scope.Prefix + "*"))
        {
            keys.Add(key.ToString());
        }
        keys.Sort(StringComparer.Ordinal);
        return keys;
    }
}
