using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using XBot.AppHost;
using XBot.Tests.Infrastructure;
using XBot.Tests.Storage;

namespace XBot.Tests.Worker;

/// <summary>
/// With no connection configured, the CLI uses the stack the AppHost runs, through the file the AppHost writes
/// (XBot.AppHost/LocalStackFile.cs); it says which stack on stderr, and refuses a file whose AppHost is gone.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class LocalStackCliTests(InfrastructureFixture fixture) : IDisposable
{
    private readonly string _state = Path.Combine(Path.GetTempPath(), $"xbot-state-{Guid.NewGuid():N}");

    private string FilePath => Path.Combine(_state, "xbot", "local-stack.json");

    [Fact]
    public async Task With_no_connection_configured_the_cli_uses_the_running_local_stack_and_says_so()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        LocalStackFile.Write(FilePath, Stack(Environment.ProcessId, Process.GetCurrentProcess().StartTime.ToUniversalTime(), scope));
        await scope.ScalarAsync<long>("WITH i AS (INSERT INTO tweets (tweet_id, content, status, posted_at) VALUES ('ls1', 'from the local stack', 'posted', now()) RETURNING 1) SELECT count(*) FROM i");

        var result = await CliRunner.RunAsync(Unconfigured(scope), "metrics", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(1L, (long?)JsonNode.Parse(result.Stdout)!["tweetsByStatus"]!["posted"]);
        Assert.Contains($"Using the local stack of the AppHost (pid {Environment.ProcessId}) from {FilePath}", result.Stderr);
        if (new Npgsql.NpgsqlConnectionStringBuilder(scope.Postgres).Password is { Length: > 0 } password)
        {
            Assert.DoesNotContain(password, result.Stderr);
        }
    }

    [Fact]
    public async Task A_file_left_by_an_apphost_that_is_gone_is_refused_with_what_to_do()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        using var gone = Process.Start(new ProcessStartInfo("true"))!;
        await gone.WaitForExitAsync();
        LocalStackFile.Write(FilePath, Stack(gone.Id, DateTimeOffset.UtcNow.AddMinutes(-5), scope));

        var result = await CliRunner.RunAsync(Unconfigured(scope), "config", "set", "post_fraction", "0.5");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{FilePath} was left by an AppHost (pid {gone.Id}) that is no longer running", result.Stderr);
        Assert.Contains("dotnet run --project XBot.AppHost", result.Stderr);
        Assert.Contains("ConnectionStrings__cache", result.Stderr);
        Assert.Equal(0L, await scope.ScalarAsync<long>("SELECT count(*) FROM bot_config WHERE key = 'post_fraction'"));
    }

    [Fact]
    public async Task A_configured_connection_wins_and_the_file_is_not_even_read()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        await File.WriteAllTextAsync(FilePath, "not json");
        var settings = scope.Settings();
        settings["XDG_STATE_HOME"] = _state;

        var result = await CliRunner.RunAsync(settings, "metrics");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("local stack", result.Stderr);
    }

    [Fact]
    public async Task With_nothing_configured_and_no_stack_the_error_names_both_ways_out()
    {
        var result = await CliRunner.RunAsync(new Dictionary<string, string?> { ["XDG_STATE_HOME"] = _state }, "metrics");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("ConnectionStrings:cache", result.Stderr);
        Assert.Contains($"No local stack either ({FilePath} does not exist)", result.Stderr);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void The_apphost_writes_the_file_for_its_owner_only_and_deletes_only_its_own()
    {
        var stack = new LocalStack(Environment.ProcessId, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, "127.0.0.1:1", "Host=h;Password=secret", "http://localhost:5181");
        LocalStackFile.Write(FilePath, stack);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(FilePath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(FilePath)!));
        LocalStackFile.DeleteIfOurs(FilePath, Environment.ProcessId + 1);
        Assert.True(File.Exists(FilePath), "another AppHost's file was deleted");
        LocalStackFile.DeleteIfOurs(FilePath, Environment.ProcessId);
        Assert.False(File.Exists(FilePath));
    }

    [Fact]
    public void A_stack_on_a_simulated_clock_gives_the_CLI_the_same_clock_and_stand_in()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        var clock = new LocalStackClock("2026-03-01T12:00:00.0000000Z", 720, "http://localhost:41234");
        LocalStackFile.Write(FilePath, new LocalStack(Environment.ProcessId, self.StartTime.ToUniversalTime(), DateTimeOffset.UtcNow, "127.0.0.1:1", "Host=h;Password=secret", null, clock));

        var found = XBot.Worker.Cli.LocalStackDiscovery.Find(Configuration(new() { ["XDG_STATE_HOME"] = _state }));

        Assert.NotNull(found);
        Assert.Contains("simulated clock 720x from 2026-03-01T12:00:00.0000000Z", found.Description);
        var settings = Configuration(new(found.Settings));
        var read = XBot.Core.Time.SimulatedClock.Read(settings);
        Assert.Equal((new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero), 720.0), (read!.Epoch, read.Scale));
        Assert.Equal("http://localhost:41234", settings["X_API_BASE_URL"]);
        XBot.Core.Time.SimulatedClock.RequireXStandIn(settings);
    }

    [Fact]
    public void The_default_place_is_the_same_for_the_apphost_and_the_cli()
    {
        var environment = new Dictionary<string, string?> { ["HOME"] = "/home/ops" };
        var withXdg = new Dictionary<string, string?> { ["HOME"] = "/home/ops", ["XDG_STATE_HOME"] = "/var/state" };

        Assert.Equal("/home/ops/.local/state/xbot/local-stack.json", LocalStackFile.DefaultPath(k => environment.GetValueOrDefault(k)));
        Assert.Equal(LocalStackFile.DefaultPath(k => environment.GetValueOrDefault(k)), XBot.Worker.Cli.LocalStackDiscovery.PathFor(Configuration(environment)));
        Assert.Equal("/var/state/xbot/local-stack.json", XBot.Worker.Cli.LocalStackDiscovery.PathFor(Configuration(withXdg)));
        Assert.Equal(LocalStackFile.DefaultPath(k => withXdg.GetValueOrDefault(k)), XBot.Worker.Cli.LocalStackDiscovery.PathFor(Configuration(withXdg)));
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private static LocalStack Stack(int pid, DateTimeOffset startedAt, StoreScope scope) =>
        new(pid, startedAt, DateTimeOffset.UtcNow, scope.Redis, scope.Postgres, "http://localhost:5181");

    /// <summary>The scope's prefix and environment, but no connection setting: only the file can say where the stack is.</summary>
    private Dictionary<string, string?> Unconfigured(StoreScope scope)
    {
        var settings = scope.Settings();
        settings.Remove("ConnectionStrings:cache");
        settings.Remove("ConnectionStrings:xbotdb");
        settings["XDG_STATE_HOME"] = _state;
        return settings;
    }

    public void Dispose()
    {
        if (Directory.Exists(_state))
        {
            Directory.Delete(_state, recursive: true);
        }
    }
}
