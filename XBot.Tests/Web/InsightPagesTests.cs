using Bunit;
using Microsoft.Extensions.DependencyInjection;
using XBot.Tests.Api;
using XBot.Tests.Infrastructure;
using XBot.Tests.Learning;
using XBot.Tests.Storage;
using XBot.Web.Components.Pages.Insights;
using XBot.Web.Services;

namespace XBot.Tests.Web;

/// <summary>The insight pages rendered by bUnit against the real api (Kestrel, real PostgreSQL and Redis), and against no api at all.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class InsightPagesTests(InfrastructureFixture fixture)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task The_posts_page_lists_a_post_with_its_rate_tier_link_to_X_and_its_detail_page()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var api = await ApiHost.StartAsync(scope);
        var id = await LearningTestData.InsertPostAsync(scope.Postgres, "databases", DateTimeOffset.UtcNow.AddHours(-2), metrics: (12, 2, 1, 0, 1, 100));
        await using var context = Context(api.Client);

        var page = context.Render<Posts>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("a.post-link")), Wait);
        var row = page.Find("a.post-link").Closest("tr")!;
        Assert.Equal($"posts/{id}", page.Find("a.post-link").GetAttribute("href"));
        Assert.Contains("16.00 %", row.TextContent);
        Assert.Equal(["posted", "viral"], row.QuerySelectorAll(".badge").Select(b => b.TextContent));
        Assert.StartsWith("https://x.com/i/web/status/x", row.QuerySelector("a.x-link")!.GetAttribute("href"));
        Assert.Empty(page.FindAll(".error-message"));
    }

    [Fact]
    public async Task A_posts_page_explains_its_pick_with_the_score_parts_that_add_up_to_the_total()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var api = await ApiHost.StartAsync(scope);
        var id = await LearningTestData.InsertPostAsync(scope.Postgres, "ai", DateTimeOffset.UtcNow.AddHours(-1));
        // Sample 0.5, freshness 0.8 at weight 0.05 (+0.04), a recent topic (-0.1): 0.44.
        var bandit = new XBot.Core.Learning.BanditScore(id, new Dictionary<string, double> { ["topic:ai"] = 0.5 }, 0.5, false, 0.8, -0.1, 0.44, 0.47);
        await api.Services.GetRequiredService<XBot.Core.Posting.Lifecycle.PostLifecycleStore>().RecordDecisionAsync("test-worker", "posted", "posted live", id,
            new XBot.Core.Scheduling.CycleDecision(XBot.Core.Scheduling.CycleOutcome.Posted, "posted live", DateTimeOffset.UtcNow, id,
                Scores: [new XBot.Core.Scheduling.CandidateScore(id, "ai", 0.6, 1.2, bandit)]) { Engine = "bandit" }, CancellationToken.None);
        await using var context = Context(api.Client);

        var page = context.Render<PostView>(p => p.Add(c => c.Id, id));

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("table.score-parts")), Wait);
        var parts = page.FindAll("table.score-parts tr").ToDictionary(r => r.QuerySelector("th")!.TextContent.Trim(), r => r.QuerySelector("td")!.TextContent.Trim());
        Assert.Equal("0.500", parts["Bandit sample"]);
        Assert.Equal("+0.040", parts["+ Freshness bonus (freshness 0.80)"]);
        Assert.Equal("-0.100", parts["+ Diversity (topic posted recently)"]);
        Assert.Equal("0.440", parts["= Bandit total"]);
        Assert.Contains("by the bandit among 1 candidate(s)", page.Find(".decision-card").TextContent);
        Assert.Contains("posted live", page.Find(".decision-card").TextContent);
    }

    [Fact]
    public async Task An_unknown_post_shows_the_apis_message_not_a_crash()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var api = await ApiHost.StartAsync(scope);
        await using var context = Context(api.Client);

        var page = context.Render<PostView>(p => p.Add(c => c.Id, 987654));

        page.WaitForAssertion(() => Assert.Contains("There is no post 987654.", page.Find("p.error-message").TextContent), Wait);
        Assert.Empty(page.FindAll(".api-down"));
    }

    [Fact]
    public async Task With_the_api_down_every_insight_page_shows_the_banner()
    {
        using var nowhere = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{PortFinder.Free()}") };
        await using var context = Context(nowhere);

        var pages = new IRenderedComponent<Microsoft.AspNetCore.Components.IComponent>[]
        {
            context.Render<Posts>(), context.Render<XBot.Web.Components.Pages.Insights.Learning>(), context.Render<Analytics>(), context.Render<Database>(),
        };

        foreach (var page in pages)
        {
            page.WaitForAssertion(() => Assert.Contains("The api is unreachable.", page.Find(".api-down").TextContent), Wait);
        }
    }

    private static BunitContext Context(HttpClient http)
    {
        var context = new BunitContext();
        context.Services.AddSingleton(new InsightsClient(http));
        // QuickGrid loads its own script module in a browser; here there is none, and nothing to do in it.
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        return context;
    }
}
