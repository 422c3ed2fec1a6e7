using System.Net;
using System.Text.RegularExpressions;
using XBot.AppHost.Hosting.Resources;

namespace XBot.Tests.AppHost;

/// <summary>End to end: the AppHost starts Redis, PostgreSQL, api, worker and web, wired as under Aspire.</summary>
public sealed partial class StackTests(StackFixture stack) : IClassFixture<StackFixture>
{
    [Fact]
    public void Every_resource_is_running_and_healthy()
    {
        var snapshots = stack.App.GetSnapshots();

        Assert.Equal(["cache", "postgres", "xbotdb", "migrations", "api", "worker", "web"], snapshots.Select(s => s.Name));
        Assert.Equal(ResourceState.Finished, snapshots.Single(s => s.Name == "migrations").State);
        Assert.All(snapshots.Where(s => s.Name != "migrations"), s => Assert.Equal((ResourceState.Running, HealthStatus.Healthy), (s.State, s.Health)));
    }

    [Theory]
    [InlineData("api")]
    [InlineData("worker")]
    [InlineData("web")]
    public async Task Health_and_liveness_endpoints_answer_200(string service)
    {
        using var client = stack.App.CreateHttpClient(service);

        using var health = await client.GetAsync("/health");
        using var alive = await client.GetAsync("/alive");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Contains("\"status\": \"Healthy\"", await health.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Api_and_worker_health_covers_redis_and_postgres()
    {
        using var client = stack.App.CreateHttpClient("api");

        var body = await client.GetStringAsync("/health");

        Assert.Contains("redis-cache", body);
        Assert.Contains("postgres-xbotdb", body);
    }

    [Fact]
    public void Services_receive_exactly_the_Aspire_environment_contract()
    {
        // Reads /proc: the suite runs on Linux (see README).
        var api = ReadEnvironment("api");
        var web = ReadEnvironment("web");

        Assert.Equal(stack.App.GetConnectionString("cache"), api["ConnectionStrings__cache"]);
        Assert.Equal(stack.App.GetConnectionString("xbotdb"), api["ConnectionStrings__xbotdb"]);
        Assert.Contains("Database=xbotdb", api["ConnectionStrings__xbotdb"]);
        Assert.Equal("api", api["OTEL_SERVICE_NAME"]);
        Assert.StartsWith("service.instance.id=", api["OTEL_RESOURCE_ATTRIBUTES"]);
        Assert.Equal(stack.App.GetEndpoint("api").ToString().TrimEnd('/'), api["ASPNETCORE_URLS"]);
        Assert.Equal("Development", api["ASPNETCORE_ENVIRONMENT"]);
        Assert.Equal("Development", api["DOTNET_ENVIRONMENT"]);
        Assert.False(api.ContainsKey("OTEL_EXPORTER_OTLP_ENDPOINT"));
        Assert.Equal(stack.App.GetEndpoint("api").ToString().TrimEnd('/'), web["services__api__http__0"]);
        Assert.NotEqual(api["OTEL_RESOURCE_ATTRIBUTES"], web["OTEL_RESOURCE_ATTRIBUTES"]);
    }

    [Fact]
    public async Task Console_requires_sign_in_then_shows_the_api_through_service_discovery()
    {
        var cookies = new CookieContainer();
        using var handler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = stack.App.GetEndpoint("web") };

        using var anonymous = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/login", anonymous.Headers.Location!.PathAndQuery);

        using var wrong = await SignInAsync(client, "not-the-password");
        Assert.Contains("is not right", await wrong.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);

        using var right = await SignInAsync(client, stack.App.GetParameterValue("admin-password"));
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);

        var home = await client.GetStringAsync("/");
        Assert.Contains("api: <strong>reachable</strong>", home);
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
        var pid = stack.App.GetResource(resource).Snapshot().ProcessId!.Value;
        return File.ReadAllText($"/proc/{pid}/environ")
            .Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(entry => entry.Split('=', 2))
            .ToDictionary(parts => parts[0], parts => parts[1]);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
