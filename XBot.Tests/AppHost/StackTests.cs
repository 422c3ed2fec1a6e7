using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using XBot.Tests.Infrastructure;

namespace XBot.Tests.AppHost;

/// <summary>End to end: XBot.AppHost starts Redis, PostgreSQL, migrations, api, worker and web, wired by Aspire.</summary>
public sealed partial class StackTests(StackFixture fixture) : IClassFixture<StackFixture>
{
    private XBotStack Stack => fixture.Stack;

    [Fact]
    public void Every_resource_is_running_and_healthy_and_migrations_finished()
    {
        foreach (var name in XBotStack.Services)
        {
            var snapshot = Stack.App.CurrentState(name).Snapshot;
            Assert.Equal((KnownResourceStates.Running, HealthStatus.Healthy), (snapshot.State?.Text, snapshot.HealthStatus));
        }
        var migrations = Stack.App.CurrentState("migrations").Snapshot;
        Assert.Equal((KnownResourceStates.Finished, 0), (migrations.State?.Text, migrations.ExitCode));
    }

    [Fact]
    public async Task Api_routes_require_the_admin_key_that_the_AppHost_gives_api_and_console()
    {
        using var client = Stack.App.CreateHttpClient("api");
        var key = ReadEnvironment("api")["Admin__ApiKey"];

        using var anonymous = await client.GetAsync("/api/status");
        using var wrong = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/status") { Headers = { { "Authorization", "Bearer not-the-key" } } });
        using var right = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/status") { Headers = { { "Authorization", $"Bearer {key}" } } });

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal(key, ReadEnvironment("web")["Admin__ApiKey"]);
        Assert.True(key.Length >= 32);
    }

    [Fact]
    public async Task A_healthy_start_raises_no_false_Redis_alarm()
    {
        await using var connection = new NpgsqlConnection(await Stack.ConnectionStringAsync("xbotdb"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM audit_log WHERE event_type = 'FALLBACK_ACTIVATED' AND event_data->>'reason' = 'redis_failure'", connection);

        Assert.Equal(0L, (long)(await command.ExecuteScalarAsync())!);
    }

    [Theory]
    [InlineData("api")]
    [InlineData("worker")]
    [InlineData("web")]
    public async Task Health_and_liveness_endpoints_answer_200(string service)
    {
        using var client = Stack.App.CreateHttpClient(service);

        using var health = await client.GetAsync("/health");
        using var alive = await client.GetAsync("/alive");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Contains("\"status\": \"Healthy\"", await health.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Api_health_covers_redis_and_postgres_through_the_Aspire_client_integrations()
    {
        using var client = Stack.App.CreateHttpClient("api");

        var body = await client.GetStringAsync("/health");

        Assert.Contains("\"StackExchange.Redis\"", body);
        Assert.Contains("\"PostgreSql\"", body);
    }

    [Fact]
    public async Task Services_receive_exactly_the_Aspire_environment_contract()
    {
        // Reads /proc: the suite runs on Linux (see README).
        var api = ReadEnvironment("api");
        var web = ReadEnvironment("web");

        Assert.Equal(await Stack.ConnectionStringAsync("cache"), api["ConnectionStrings__cache"]);
        Assert.Equal(await Stack.ConnectionStringAsync("xbotdb"), api["ConnectionStrings__xbotdb"]);
        Assert.Contains("Database=xbotdb", api["ConnectionStrings__xbotdb"]);
        Assert.Equal("api", api["OTEL_SERVICE_NAME"]);
        Assert.Contains("service.instance.id=", api["OTEL_RESOURCE_ATTRIBUTES"]);
        Assert.StartsWith("http://localhost:", api["ASPNETCORE_URLS"]);
        Assert.Equal("Development", api["ASPNETCORE_ENVIRONMENT"]);
        Assert.Equal("Development", ReadEnvironment("worker")["DOTNET_ENVIRONMENT"]);
        Assert.Equal(Stack.App.GetEndpoint("api", "http").ToString().TrimEnd('/'), web["services__api__http__0"].TrimEnd('/'));
        Assert.NotEqual(api["OTEL_RESOURCE_ATTRIBUTES"], web["OTEL_RESOURCE_ATTRIBUTES"]);
        Assert.Equal(Stack.AdminPassword, web["Admin__Password"]);
        Assert.False(api.ContainsKey("Admin__Password"), "the console's password goes to the console only");
    }

    [Fact]
    public async Task Console_requires_sign_in_then_shows_the_api_through_service_discovery()
    {
        var cookies = new CookieContainer();
        using var handler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = Stack.App.GetEndpoint("web", "http") };

        using var anonymous = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/login", anonymous.Headers.Location!.PathAndQuery);

        using var wrong = await SignInAsync(client, "not-the-password");
        Assert.Contains("is not right", await wrong.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);

        using var right = await SignInAsync(client, Stack.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);

        // The overview is prerendered with what the api answered through service discovery: the health one-liner.
        var home = await client.GetStringAsync("/");
        Assert.Matches("id=\"status-line\">\\[[^\\]]+\\] xBOT Health: ", home);
    }

    [Fact]
    public async Task Shadow_run_refreshes_candidates_logs_the_shadow_line_and_records_the_post()
    {
        await Stack.AllowPostingNowAsync();

        var refresh = await CliRunner.RunAsync(await Stack.CliSettingsAsync(), "candidates", "refresh");
        Assert.True(refresh.ExitCode == 0, refresh.ToString());

        const string Marker = "SHADOW MODE - Would post: ";
        var line = await Stack.App.WaitForLogLineAsync("worker", l => l.Contains(Marker, StringComparison.Ordinal), Deadline.Minutes(2));
        var text = line[(line.IndexOf(Marker, StringComparison.Ordinal) + Marker.Length)..].Trim();
        await using var connection = new NpgsqlConnection(await Stack.ConnectionStringAsync("xbotdb"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM tweets WHERE status = 'shadowed' AND content = @text", connection);
        command.Parameters.AddWithValue("text", text);
        Assert.Equal(1L, (long)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Dashboard_commands_run_the_runbook_verbs_with_the_workers_settings()
    {
        var audit = await Stack.App.ExecuteCommandAsync("worker", "consistency-audit", Deadline.Minutes(2));
        Assert.True(audit.Success, audit.Message);

        var on = await Stack.App.ExecuteCommandAsync("worker", "fallback-on", Deadline.Minutes(2));
        Assert.True(on.Success, on.Message);
        var status = await CliRunner.RunAsync(await Stack.CliSettingsAsync(), "fallback", "status", "--json");
        Assert.True(JsonNode.Parse(status.Stdout)!["report"]!["manual"]!["enabled"]!.GetValue<bool>(), status.ToString());

        var off = await Stack.App.ExecuteCommandAsync("worker", "fallback-off", Deadline.Minutes(2));
        Assert.True(off.Success, off.Message);
        status = await CliRunner.RunAsync(await Stack.CliSettingsAsync(), "fallback", "status", "--json");
        Assert.False(JsonNode.Parse(status.Stdout)!["report"]!["manual"]!["enabled"]!.GetValue<bool>(), status.ToString());

        await Stack.AllowPostingNowAsync(postFraction: 0.5);
        var brake = await Stack.App.ExecuteCommandAsync("worker", "emergency-brake", Deadline.Minutes(2));
        Assert.True(brake.Success, brake.Message);
        await using var connection = new NpgsqlConnection(await Stack.ConnectionStringAsync("xbotdb"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT value::text FROM bot_config WHERE key = 'post_fraction' AND environment = 'development'", connection);
        Assert.Equal("0", (string)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task The_cli_finds_this_stack_through_the_local_stack_file_when_nothing_is_configured()
    {
        var file = Path.Combine(Stack.StateDirectory, "xbot", "local-stack.json");
        await Deadline.UntilAsync(() => File.Exists(file), $"the AppHost wrote no {file}");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));

        var health = await CliRunner.RunAsync(new Dictionary<string, string?> { ["XDG_STATE_HOME"] = Stack.StateDirectory }, "health");

        Assert.Matches(@"^\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\] xBOT Health: \w+ \| Redis:✅ \| DB:✅ \| ", health.Stdout);
        Assert.Contains($"Using the local stack of the AppHost (pid {Environment.ProcessId}) from {file}", health.Stderr);
        var stack = JsonNode.Parse(await File.ReadAllTextAsync(file))!;
        Assert.Equal(await Stack.ConnectionStringAsync("xbotdb"), (string?)stack["xbotdb"]);
    }

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string password)
    {
        var page = await client.GetStringAsync("/login");
        var token = AntiforgeryToken().Match(page).Groups[1].Value;
        return await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            ["Input.Username"] = "admin",
            ["Input.Password"] = password,
        }));
    }

    private Dictionary<string, string> ReadEnvironment(string resource)
    {
        var pid = Stack.App.ProcessId(resource);
        return File.ReadAllText($"/proc/{pid}/environ")
            .Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(entry => entry.Split('=', 2))
            .ToDictionary(parts => parts[0], parts => parts[1]);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
