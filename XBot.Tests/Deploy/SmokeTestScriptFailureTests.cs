using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using XBot.Tests.Infrastructure;

namespace XBot.Tests.Deploy;

/// <summary>scripts/smoke-test.sh fails, saying what is wrong, against servers that get it wrong.</summary>
public sealed class SmokeTestScriptFailureTests
{
    [Fact]
    public async Task Fails_when_admin_calls_are_not_refused()
    {
        // An api that answers everything, as one with its authentication switched off would.
        await using var open = await LocalHttpServer.StartAsync(app =>
        {
            app.MapGet("/health", () => "Healthy");
            app.MapGet("/api/status", () => Results.Text("[2026-01-01T09:00:00Z] xBOT Health: HEALTHY | Redis:✅ | DB:✅ | Queue:0 | Bandits:0 | LastPost:never | Posts/h:0"));
        });

        var result = await SmokeScript.RunAsync(open.BaseAddress.ToString(), "any-key");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("ok    GET ", result.Stdout);
        Assert.Contains("/api/status without a key is refused: got 200, expected 401", result.Stderr);
        Assert.Contains("/api/status with a wrong key is refused: got 200, expected 401", result.Stderr);
        Assert.Contains("smoke test FAILED: 2 check(s) failed", result.Stderr);
    }

    [Fact]
    public async Task Fails_when_the_admin_call_answers_something_other_than_the_health_line()
    {
        await using var html = await LocalHttpServer.StartAsync(app =>
        {
            app.MapGet("/health", () => "Healthy");
            app.MapGet("/api/status", (HttpRequest request) => request.Headers.Authorization == "Bearer the-key"
                ? Results.Content("<html>sign in</html>", "text/html")
                : Results.StatusCode(StatusCodes.Status401Unauthorized));
        });

        var result = await SmokeScript.RunAsync(html.BaseAddress.ToString(), "the-key");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("expected the health one-liner, got '<html>sign in</html>'", result.Stderr);
    }

    [Fact]
    public async Task Fails_with_a_clear_message_when_nothing_answers()
    {
        var result = await SmokeScript.RunAsync($"http://127.0.0.1:{PortFinder.Free()}", "any-key");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("/health: got 000, expected 200 (no answer:", result.Stderr);
    }

    [Fact]
    public async Task Skips_only_the_authenticated_check_without_a_key()
    {
        await using var api = await LocalHttpServer.StartAsync(app =>
        {
            app.MapGet("/health", () => "Healthy");
            app.MapGet("/api/status", () => Results.StatusCode(StatusCodes.Status401Unauthorized));
        });

        var result = await SmokeScript.RunAsync([api.BaseAddress.ToString()]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("skip  GET ", result.Stdout);
    }

    [Fact]
    public async Task Refuses_to_run_without_a_base_url()
    {
        var result = await SmokeScript.RunAsync([]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("usage:", result.Stderr);
    }
}
