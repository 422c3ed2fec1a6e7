using Aspire.Hosting.Testing;
using XBot.Tests.AppHost;
using XBot.Tests.Infrastructure;

namespace XBot.Tests.Deploy;

/// <summary>The whole stack from the AppHost, started once for the smoke-test script's runs against it.</summary>
public sealed class SmokeStackFixture : IAsyncLifetime
{
    public XBotStack Stack { get; private set; } = default!;

    public async Task InitializeAsync() => Stack = await XBotStack.StartAsync();

    public async Task DisposeAsync() => await Stack.DisposeAsync();
}

/// <summary>scripts/smoke-test.sh against the real local stack: the api's endpoint and the key the AppHost gave it.</summary>
public sealed class SmokeTestScriptTests(SmokeStackFixture fixture) : IClassFixture<SmokeStackFixture>
{
    private string ApiBaseUrl => fixture.Stack.App.GetEndpoint("api", "http").ToString();

    /// <summary>The admin key the AppHost gave the api, read from the api process's environment.</summary>
    private string ApiKey => File.ReadAllText($"/proc/{fixture.Stack.App.ProcessId("api")}/environ")
        .Split('\0', StringSplitOptions.RemoveEmptyEntries)
        .Single(entry => entry.StartsWith("Admin__ApiKey=", StringComparison.Ordinal))
        .Split('=', 2)[1];

    [Fact]
    public async Task Passes_against_the_local_stack_with_the_admin_key()
    {
        var result = await SmokeScript.RunAsync(ApiBaseUrl, ApiKey);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("/health: 200", result.Stdout);
        Assert.Contains("/api/status without a key is refused: 401", result.Stdout);
        Assert.Contains("/api/status with a wrong key is refused: 401", result.Stdout);
        Assert.Contains("/api/status with the admin key: 200", result.Stdout);
        Assert.Contains("smoke test passed", result.Stdout);
        Assert.DoesNotContain(ApiKey, result.Stdout + result.Stderr);
    }

    [Fact]
    public async Task Takes_the_key_from_Admin__ApiKey_when_no_argument_gives_it()
    {
        var result = await SmokeScript.RunAsync([ApiBaseUrl], new Dictionary<string, string?> { ["Admin__ApiKey"] = ApiKey });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("/api/status with the admin key: 200", result.Stdout);
    }

    [Fact]
    public async Task Fails_against_the_local_stack_with_a_wrong_key()
    {
        var result = await SmokeScript.RunAsync(ApiBaseUrl, "not-the-admin-key-not-the-admin-key");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("FAIL  GET ", result.Stderr);
        Assert.Contains("/api/status with the admin key: got 401, expected 200", result.Stderr);
        Assert.Contains("smoke test FAILED: 1 check(s) failed", result.Stderr);
    }
}

/// <summary>Runs scripts/smoke-test.sh with bash; Admin__ApiKey is not inherited unless given.</summary>
public static class SmokeScript
{
    public static string Path => System.IO.Path.Combine(BicepCli.RepositoryRoot, "scripts", "smoke-test.sh");

    public static Task<ToolResult> RunAsync(string baseUrl, string key) => RunAsync([baseUrl, key]);

    public static Task<ToolResult> RunAsync(string[] arguments, IDictionary<string, string?>? environment = null) =>
        ToolProcess.RunAsync("bash", [Path, .. arguments], BicepCli.RepositoryRoot,
            environment ?? new Dictionary<string, string?> { ["Admin__ApiKey"] = null });
}
