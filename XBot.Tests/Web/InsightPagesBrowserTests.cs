using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Microsoft.Playwright;
using XBot.Tests.Infrastructure;

namespace XBot.Tests.Web;

/// <summary>
/// The insight pages in Chromium against the AppHost's stack in simulator mode: signed in as an operator, each page
/// shows what the worker really did (a live post, its decision and lifecycle, the bandit's arms, the views, the database).
/// Screenshots at laptop and phone widths land in artifacts/screenshots as console-&lt;page&gt;-with-data-&lt;width&gt;.png (the console browser tests leave the same pages as a fresh stack shows them).
/// </summary>
public sealed class InsightPagesBrowserTests(InsightsStackFixture fixture) : IClassFixture<InsightsStackFixture>
{
    private static readonly int[] Widths = [1280, 390];

    [Fact]
    public async Task An_operator_sees_the_live_post_its_decision_and_history_the_arms_the_analytics_and_the_database()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserFactory.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        page.SetDefaultTimeout(60_000);
        var web = fixture.Stack.App.GetEndpoint("web", "http").ToString().TrimEnd('/');
        var shots = Artifacts.Directory(RepositoryLayout.FromBuild());

        await page.GotoAsync($"{web}/login?ReturnUrl=%2Fposts");
        await page.FillAsync("#username", "admin");
        await page.FillAsync("#password", fixture.Stack.AdminPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync($"{web}/posts");

        // Posts: the live post, with its engagement, tier and a link to X.
        var row = page.Locator("tr", new() { Has = page.Locator($"a.post-link[href='posts/{fixture.PostId}']") });
        await Assertions.Expect(row).ToContainTextAsync("posted");
        await Assertions.Expect(row.Locator("a.x-link")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex(@"^https://x\.com/i/web/status/\d+$"));
        await Assertions.Expect(row).ToContainTextAsync("%");
        await ShootAsync(page, shots, "posts");
        // Interactive: the filter brings the queued candidates in, and back out.
        await UntilInteractiveAsync(page, () => page.SelectOptionAsync("#status-filter", ""), page.Locator("table.posts"), "queued");
        await page.SelectOptionAsync("#status-filter", "posted,shadowed");
        await Assertions.Expect(page.Locator("table.posts")).Not.ToContainTextAsync("queued");

        // Post detail: the decision with its score parts, and the lifecycle from queued to posted.
        await row.Locator("a.post-link").ClickAsync();
        await page.WaitForURLAsync($"{web}/posts/{fixture.PostId}");
        await Assertions.Expect(page.Locator(".decision-card")).ToContainTextAsync("posted");
        await Assertions.Expect(page.Locator("table.score-parts")).ToContainTextAsync("Heuristic score");
        await Assertions.Expect(page.Locator("table.history")).ToContainTextAsync("queued");
        await Assertions.Expect(page.Locator("table.history")).ToContainTextAsync("posting");
        await Assertions.Expect(page.Locator("#engagement-rate")).ToContainTextAsync("%");
        await ShootAsync(page, shots, "post");

        // Learning: the arms the counted post created, with their intervals, and the cycles that counted it.
        await page.GotoAsync($"{web}/learning");
        await Assertions.Expect(page.Locator(".interval-chart g.row").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("table.arms")).ToContainTextAsync("topic:");
        await Assertions.Expect(page.Locator("table.cycles tbody tr").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".line-chart circle.point").First).ToBeAttachedAsync();
        await ShootAsync(page, shots, "learning");

        // Analytics: the post's hour in the time-of-day chart, its topic × hour cell in the heat map, and the views.
        await page.GotoAsync($"{web}/analytics");
        await Assertions.Expect(page.Locator(".heat-map rect.cell.best")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".line-chart circle.point").First).ToBeAttachedAsync();
        await Assertions.Expect(page.Locator("table.view-rows")).ToContainTextAsync("post_count");
        await ShootAsync(page, shots, "analytics");
        // Interactive: another view, chosen in the page, comes from the api.
        await UntilInteractiveAsync(page, () => page.SelectOptionAsync("#view-name", "vw_time_of_day_perf_7d"), page.Locator("table.view-rows"), "posting_hour");

        // Database: connections by state, the tables, and the statement statistics (or why there are none).
        await page.GotoAsync($"{web}/database");
        await Assertions.Expect(page.Locator("table.connections tbody tr").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("table.tables")).ToContainTextAsync("tweets");
        await Assertions.Expect(page.Locator("table.statements, #statements-note")).ToBeVisibleAsync();
        await ShootAsync(page, shots, "database");
    }

    /// <summary>
    /// Acts until the page answers: an event sent before the circuit has connected falls on the prerendered page, so
    /// the action is repeated until <paramref name="target"/> shows <paramref name="text"/>, or the deadline passes.
    /// </summary>
    private static async Task UntilInteractiveAsync(IPage page, Func<Task> act, ILocator target, string text)
    {
        var deadline = Deadline.Minutes(1);
        while (true)
        {
            await act();
            try
            {
                await Assertions.Expect(target).ToContainTextAsync(text, new() { Timeout = 2_000 });
                return;
            }
            catch (PlaywrightException) when (!deadline.IsCancellationRequested)
            {
            }
        }
    }

    private static async Task ShootAsync(IPage page, string directory, string name)
    {
        foreach (var width in Widths)
        {
            await page.SetViewportSizeAsync(width, width > 500 ? 900 : 844);
            await page.ScreenshotAsync(new() { Path = Path.Combine(directory, $"console-{name}-with-data-{width}.png"), FullPage = true });
        }
        await page.SetViewportSizeAsync(1280, 900);
    }
}
