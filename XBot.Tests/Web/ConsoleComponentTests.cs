using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using XBot.Tests.Api;
using XBot.Tests.Infrastructure;
using XBot.Tests.Storage;
using XBot.Web.Components.Pages;
using XBot.Web.Components.Shared;
using XBot.Web.Services;

namespace XBot.Tests.Web;

/// <summary>The console's components rendered by bUnit against the real api (ApiHost on the test's Redis and PostgreSQL).</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class ConsoleComponentTests(InfrastructureFixture fixture)
{
    // bUnit's waits are deadlines for a render that follows an api call, not timing thresholds.
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    /// <summary>The Configuration page, once it has read the api, with <c>post_fraction</c> set to <paramref name="value"/> in its form.</summary>
    private static IRenderedComponent<Configuration> SetPostFraction(BunitContext context, string value)
    {
        var page = context.Render<Configuration>();
        page.WaitForElement("#config-table tr[data-key=post_fraction]", Wait);
        page.Find("#config-key").Change("post_fraction");
        page.Find("#config-value").Change(value);
        page.Find("#edit-config form").Submit();
        return page;
    }

    [Fact]
    public async Task An_out_of_range_value_is_refused_in_the_form_with_the_apis_reason_and_nothing_changes()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var api = await ApiHost.StartAsync(scope);
        await using var context = Console(new ApiClient(api.Client), TimeProvider.System);

        var page = SetPostFraction(context, "1.5");

        page.WaitForAssertion(() => Assert.Contains("from 0.0 to 1.0", page.Find("#edit-config .validation-message").TextContent), Wait);
        Assert.Empty(page.FindAll("#config-saved"));
        Assert.Equal(0L, await scope.ScalarAsync<long>("SELECT count(*) FROM bot_config WHERE key = 'post_fraction'"));
        Assert.Equal(0L, await scope.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE event_type = 'CONFIG_CHANGED'"));
    }

    [Fact]
    public async Task A_value_in_range_is_saved_and_audited_as_the_operator()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var api = await ApiHost.StartAsync(scope);
        await using var context = Console(new ApiClient(api.Client), TimeProvider.System);

        var page = SetPostFraction(context, "0.25");

        page.WaitForAssertion(() => Assert.Contains("→ 0.25", page.Find("#config-saved").TextContent), Wait);
        Assert.Equal("api:console:admin", await scope.ScalarAsync<string>(
            "SELECT event_data->>'actor' FROM audit_log WHERE event_type = 'CONFIG_CHANGED' ORDER BY id DESC LIMIT 1"));
    }

    [Fact]
    public async Task The_api_down_banner_shows_when_the_api_stops_answering_and_the_page_keeps_working()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        var api = await ApiHost.StartAsync(scope);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var http = new HttpClient { BaseAddress = api.Client.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        await using var context = Console(new ApiClient(http), time);

        var banner = context.Render<ApiDownBanner>(p => p.Add(b => b.Interval, TimeSpan.FromSeconds(5)));
        banner.WaitForElement(".api-watch[data-api=up]", Wait);
        var upMarkup = banner.Markup;
        await api.DisposeAsync();

        // Moves the fake clock one interval at a time until a check has run against the stopped api.
        await Deadline.UntilAsync(() =>
        {
            time.Advance(TimeSpan.FromSeconds(5));
            return Task.FromResult(banner.FindAll("#api-down").Count > 0);
        }, "the banner says the api is not answering");
        Assert.DoesNotContain("id=\"api-down\"", upMarkup);
        Assert.Contains("The api is not answering", banner.Find("#api-down").TextContent);
        Assert.DoesNotContain("   at ", banner.Markup);
    }

    [Fact]
    public async Task The_monitoring_reports_slos_show_one_row_each_with_their_status()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var api = await ApiHost.StartAsync(scope);
        var report = await new ApiClient(api.Client).GetMonitoringAsync();
        Assert.True(report.Ok, report.Error?.Message);
        await using var context = Console(new ApiClient(api.Client), TimeProvider.System);

        var table = context.Render<SloTable>(p => p.Add(t => t.Slos, report.Value!.Slos).Add(t => t.Alerts, report.Value.Alerts));

        Assert.Equal(8, table.FindAll("table.slo tbody tr").Count);
        var uptime = table.FindAll("tbody tr").Single(r => r.TextContent.Contains("uptime", StringComparison.Ordinal));
        Assert.Contains("> 99.9 %", uptime.TextContent);
        Assert.Single(uptime.QuerySelectorAll(".badge"));
        Assert.Contains("No open alerts", table.Markup);
    }

    [Fact]
    public async Task An_unreachable_api_is_a_clear_message_on_the_page_not_a_crash()
    {
        await using var context = Console(new ApiClient(new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{PortFinder.Free()}") }), TimeProvider.System);

        var page = context.Render<Operations>();

        page.WaitForAssertion(() => Assert.Contains("The api can't be reached", page.Find("#fallback .error-message").TextContent), Wait);
        Assert.DoesNotContain("Exception", page.Markup);
    }

    [Fact]
    public async Task A_text_gets_its_verdict_with_every_reason()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var api = await ApiHost.StartAsync(scope);
        await using var context = Console(new ApiClient(api.Client), TimeProvider.System);

        var page = context.Render<Queue>();
        page.Find("#draft-text").Change("Buy now!!! Click here to win free money, limited offer, act now");
        page.Find("#test-tweet form").Submit();

        page.WaitForElement("#verdict", Wait);
        Assert.Equal("refused", page.Find("#verdict-outcome").TextContent.Trim());
        Assert.NotEmpty(page.FindAll("#verdict-reasons li"));
        Assert.Empty(page.FindAll("#queue-draft"));
    }

    [Fact]
    public async Task The_queue_shows_each_candidates_score_parts_safety_reasons_source_and_a_waiting_pick_first()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var api = await ApiHost.StartAsync(scope);
        await ApiShapeTests.ExecuteAsync(scope, """
            INSERT INTO tweets (tweet_id, content, status, priority, source, topic, expires_at, approval_deadline, safety_verdict) VALUES
              ('c1', 'a queued candidate', 'queued', 2.5, 'templates', 'ops', now() + interval '1 day', NULL,
               '{"Allowed":true,"Risk":1,"Reasons":[{"Rule":"self_promotion","Detail":"one promotional phrase","Risk":1}],"Moderation":0}'),
              ('c2', 'a pick waiting for a human', 'awaiting_approval', 1.5, 'rss', 'dev', now() + interval '1 day', now() + interval '1 hour', NULL)
            """);
        var id = await scope.ScalarAsync<long>("SELECT id FROM tweets WHERE tweet_id = 'c1'");
        await ApiShapeTests.ExecuteAsync(scope, $$"""
            INSERT INTO schedule_decisions (decided_at, worker, outcome, reason, details)
            VALUES (now(), 'w', 'skipped', 'test', '{"Scores":[{"Id":{{id}},"Topic":"ops","Priority":2.5,"Score":0.875}]}')
            """);
        await using var context = Console(new ApiClient(api.Client), TimeProvider.System);

        var page = context.Render<Queue>();

        page.WaitForElement("#queue-table", Wait);
        var rows = page.FindAll("#queue-table tbody tr");
        Assert.Contains("a pick waiting for a human", rows[0].TextContent);
        Assert.NotEmpty(rows[0].QuerySelectorAll("[data-row]"));
        Assert.Contains("self_promotion: one promotional phrase (medium)", rows[1].TextContent);
        Assert.Contains("score 0.875", rows[1].TextContent);
        Assert.Contains("0.875", rows[1].TextContent);
        Assert.Contains("templates", rows[1].TextContent);
        Assert.Empty(page.FindAll(".error-message"));
    }

    private static BunitContext Console(ApiClient client, TimeProvider time)
    {
        var context = new BunitContext();
        context.Services.AddSingleton(client);
        context.Services.AddSingleton(time);
        context.AddAuthorization().SetAuthorized("admin");
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        return context;
    }
}
