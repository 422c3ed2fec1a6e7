using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using XBot.Core.Safety;
using XBot.Core.Safety.Moderation;

namespace XBot.Tests.Safety;

/// <summary>
/// The OpenAI moderator as the services build it (OPENAI_API_KEY and OPENAI_BASE_URL set), the real SDK
/// client against a local fake of the moderation endpoint: flagged, not flagged, timeout, server error.
/// </summary>
public class OpenAIModerationTests : IAsyncLifetime
{
    private const string Text = "A perfectly ordinary post about testing.";
    private FakeModerationServer _server = null!;
    private IHost? _host;

    public async Task InitializeAsync() => _server = await FakeModerationServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }
        await _server.DisposeAsync();
    }

    /// <summary>
    /// The guard as the services build it. The timeout is generous except where the timeout itself is
    /// tested: there it is short so the test ends soon, and the fake server waits for the client to give up.
    /// </summary>
    private async Task<SafetyGuard> GuardAsync(string timeout = "00:01:00")
    {
        _host = SafetyOptionsTests.BuildHost(new()
        {
            ["OPENAI_API_KEY"] = "sk-test-not-a-real-key",
            ["OPENAI_BASE_URL"] = _server.BaseUrl,
            ["Safety:Moderation:Timeout"] = timeout,
        });
        await _host.StartAsync();
        return _host.Services.GetRequiredService<SafetyGuard>();
    }

    [Fact]
    public async Task A_text_the_endpoint_passes_is_allowed_and_checked()
    {
        _server.Mode = FakeModerationServer.Behaviour.NotFlagged;

        var verdict = await (await GuardAsync()).CheckAsync(Text, 3, CancellationToken.None);

        Assert.IsType<OpenAIContentModerator>(_host!.Services.GetRequiredService<IContentModerator>());
        Assert.True(verdict.Allowed);
        Assert.True(verdict.Checked);
        Assert.Equal(ModerationStatus.Passed, verdict.Moderation);
        var request = Assert.Single(_server.Requests);
        Assert.Equal("omni-moderation-latest", request.Model);
        Assert.Contains(Text, request.Input);
        Assert.Equal("Bearer sk-test-not-a-real-key", request.Authorization);
    }

    [Fact]
    public async Task A_text_the_endpoint_flags_is_refused_with_the_categories()
    {
        _server.Mode = FakeModerationServer.Behaviour.Flagged;

        var verdict = await (await GuardAsync()).CheckAsync(Text, 3, CancellationToken.None);

        Assert.False(verdict.Allowed);
        Assert.Equal(ModerationStatus.Flagged, verdict.Moderation);
        var reason = Assert.Single(verdict.Reasons);
        Assert.Equal(SafetyRules.ModerationFlagged, reason.Rule);
        Assert.Equal(RiskLevel.High, reason.Risk);
        Assert.Contains("violence", reason.Detail);
    }

    [Fact]
    public async Task A_timeout_is_not_checked_and_blocks_posting()
    {
        _server.Mode = FakeModerationServer.Behaviour.Hang;

        var verdict = await (await GuardAsync(timeout: "00:00:00.500")).CheckAsync(Text, 3, CancellationToken.None);

        Assert.False(verdict.Allowed);
        Assert.False(verdict.Checked);
        Assert.Equal(ModerationStatus.NotChecked, verdict.Moderation);
        var reason = Assert.Single(verdict.Reasons);
        Assert.Equal(SafetyRules.ModerationUnavailable, reason.Rule);
        Assert.Contains("no answer", reason.Detail);
    }

    [Fact]
    public async Task A_server_error_is_not_checked_and_blocks_posting()
    {
        _server.Mode = FakeModerationServer.Behaviour.ServerError;

        var verdict = await (await GuardAsync()).CheckAsync(Text, 3, CancellationToken.None);

        Assert.False(verdict.Allowed);
        Assert.Equal(ModerationStatus.NotChecked, verdict.Moderation);
        Assert.Contains("HTTP 500", Assert.Single(verdict.Reasons).Detail);
        Assert.Single(_server.Requests); // no blind retries
    }

    [Fact]
    public async Task Shutdown_cancels_rather_than_deciding()
    {
        _server.Mode = FakeModerationServer.Behaviour.Hang;
        using var shutdown = new CancellationTokenSource();
        var check = (await GuardAsync()).CheckAsync(Text, 3, shutdown.Token);
        await Deadline_until_requested();
        shutdown.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => check);
    }

    private Task Deadline_until_requested() =>
        XBot.Tests.Infrastructure.Deadline.UntilAsync(() => { lock (_server.Requests) { return _server.Requests.Count > 0; } }, "the moderation request reaches the fake server");
}
