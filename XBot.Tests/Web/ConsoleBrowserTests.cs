using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Microsoft.Playwright;
using XBot.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace XBot.Tests.Web;

/// <summary>
/// The console in Chromium against the AppHost's stack in simulator mode: what an operator does, end to end.
/// Screenshots land in artifacts/screenshots as console-&lt;page&gt;-&lt;width&gt;.png.
/// </summary>
public sealed class ConsoleBrowserTests(ConsoleStackFixture fixture) : IClassFixture<ConsoleStackFixture>
{
    // Playwright's waits are deadlines for the live page to catch up with the stack, not timing thresholds.
    private static readonly LocatorAssertionsToContainTextOptions Eventually = new() { Timeout = 90_000 };

    [Fact]
    public async Task Sign_in_shows_the_overview_healthy_and_sign_out_lands_on_sign_in()
    {
        var page = await fixture.NewPageAsync();

        await page.GotoAsync("/queue");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login\\?ReturnUrl=%2Fqueue$"));
        await fixture.SignInAsync(page, openSignIn: false);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/queue$"));
        await ConsoleStackFixture.GoAsync(page, "/");
        // The session survives a refresh.
        await page.ReloadAsync();
        await Expect(page.Locator(".shell[data-interactive=yes]")).ToHaveCountAsync(1, new() { Timeout = 60_000 });

        await Expect(page.Locator("#status-line")).ToContainTextAsync("xBOT Health: HEALTHY", Eventually);
        await Expect(page.Locator("#health-status")).ToHaveTextAsync("HEALTHY");
        await Expect(page.Locator("#status-line")).ToContainTextAsync("Redis:✅ | DB:✅", Eventually);
        await Expect(page.Locator("[data-component=Redis] .badge")).ToHaveTextAsync("ok", new() { Timeout = 90_000 });
        await Expect(page.Locator("[data-component=PostgreSQL] .badge")).ToHaveTextAsync("ok", new() { Timeout = 90_000 });
        await Expect(page.Locator("[data-component=Migrations] .badge")).ToHaveTextAsync("applied", new() { Timeout = 90_000 });
        await Expect(page.Locator("#api-down")).ToHaveCountAsync(0);
        // The SLOs of the monitoring report, one row each with its status, not the report's JSON.
        await Expect(page.Locator("#slo table.slo tbody tr")).ToHaveCountAsync(8, new() { Timeout = 90_000 });
        await Expect(page.Locator("#slo tbody tr", new() { HasText = "uptime" }).Locator(".badge")).ToHaveCountAsync(1);

        await page.ClickAsync("#sign-out");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login$"));
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login"));
    }

    [Fact]
    public async Task A_submitted_text_shows_its_verdict_with_every_reason()
    {
        var page = await fixture.SignedInPageAsync();
        await ConsoleStackFixture.GoAsync(page, "/queue");

        await page.FillAsync("#draft-text", "Small teams ship faster when on-call rotations are short and well documented.");
        await page.ClickAsync("#test-button");

        await Expect(page.Locator("#verdict-outcome")).ToHaveTextAsync("would be queued", new() { Timeout = 60_000 });
        await Expect(page.Locator("#verdict")).ToContainTextAsync("Duplicate check: Unique");
        await page.FillAsync("#draft-text", "Click here for free money! Buy now, limited offer, act now!!! Call 202-555-0143");
        await page.ClickAsync("#test-button");
        await Expect(page.Locator("#verdict-outcome")).ToHaveTextAsync("refused", new() { Timeout = 60_000 });
        Assert.True(await page.Locator("#verdict-reasons li").CountAsync() >= 1);
        Assert.Equal(0L, await fixture.ScalarAsync<long>("SELECT count(*) FROM tweets WHERE content LIKE 'Small teams ship faster%' OR content LIKE 'Click here for free money%'"));
    }

    [Fact]
    public async Task The_operator_brakes_changes_config_and_approves_a_pick_that_reaches_the_X_stand_in()
    {
        var page = await fixture.SignedInPageAsync();

        // Approval mode on, then the brake: the next cycle must hold the pick back at the post_fraction gate.
        await ConsoleStackFixture.GoAsync(page, "/config");
        var approval = page.Locator("tr[data-flag=approval_required]");
        await Expect(approval).ToContainTextAsync("off", Eventually);
        await approval.GetByRole(AriaRole.Button, new() { Name = "Turn on" }).ClickAsync();
        await Expect(approval.Locator(".badge").First).ToHaveTextAsync("on", new() { Timeout = 60_000 });
        await page.ClickAsync("#brake");
        await page.FillAsync("#brake-typed", "brake");
        await page.ClickAsync(".dialog-confirm");
        await Expect(page.Locator("#emergency-result")).ToContainTextAsync("Brake pulled", Eventually);
        var braked = await fixture.ScalarAsync<long>("SELECT coalesce(max(id), 0) FROM schedule_decisions");

        var refresh = await CliRunner.RunAsync(await fixture.Stack.CliSettingsAsync(), "candidates", "refresh");
        Assert.True(refresh.ExitCode == 0, refresh.ToString());
        await Deadline.UntilAsync(async () => await fixture.ScalarAsync<long>(
            $"SELECT count(*) FROM schedule_decisions WHERE id > {braked} AND reason = 'the post_fraction gate held the pick back'") > 0,
            "a cycle after the brake skips at the post_fraction gate");
        Assert.Equal(0L, await fixture.ScalarAsync<long>($"SELECT count(*) FROM schedule_decisions WHERE id > {braked} AND outcome IN ('posted', 'awaitingapproval', 'shadowed')"));

        // An out-of-range value is refused in the form, with the range.
        await SetConfigAsync(page, "post_fraction", "1.5");
        await Expect(page.Locator("#edit-config .validation-message")).ToContainTextAsync("from 0.0 to 1.0", Eventually);

        // Lift the brake from the form and find the change in the audit log.
        await SetConfigAsync(page, "post_fraction", "1");
        await Expect(page.Locator("#config-saved")).ToContainTextAsync("post_fraction: 0 → 1", Eventually);
        await ConsoleStackFixture.GoAsync(page, "/audit");
        await page.FillAsync("#audit-event", "CONFIG_CHANGED");
        await page.ClickAsync("#audit-search");
        var change = page.Locator("#audit-table tbody tr", new() { HasText = "\"key\":\"post_fraction\"" }).First;
        await Expect(change).ToContainTextAsync("api:console:admin", Eventually);
        await Expect(change).ToContainTextAsync("\"new\":1");
        await page.ScreenshotAsync(new() { Path = fixture.Screenshot("console-audit-after-change-1280.png"), FullPage = true });

        // Queue a text from the console; a cycle picks it for approval; approve it and see the next cycle post it to the X stand-in.
        await ConsoleStackFixture.GoAsync(page, "/queue");
        var text = $"Runbooks that name the command to run save minutes at night, drill {Random.Shared.Next(100, 1000)}.";
        await page.FillAsync("#draft-text", text);
        await page.ClickAsync("#test-button");
        await Expect(page.Locator("#verdict-outcome")).ToHaveTextAsync("would be queued", new() { Timeout = 60_000 });
        await page.ClickAsync("#queue-draft");
        await page.ClickAsync(".dialog-confirm");
        var queued = page.Locator("#test-tweet .success-message");
        await Expect(queued).ToContainTextAsync("Queued as post", Eventually);
        var id = long.Parse(System.Text.RegularExpressions.Regex.Match(await queued.InnerTextAsync(), "post (\\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("api:console:admin", await fixture.ScalarAsync<string>($"SELECT submitted_by FROM tweets WHERE id = {id}"));
        var waiting = page.Locator($"[data-row='{id}']");
        await WithDecisionsAsync(page, () => Deadline.UntilAsync(async () =>
        {
            await page.ClickAsync("#refresh-queue");
            return await waiting.CountAsync() > 0;
        }, "a cycle puts the queued text up for approval"));
        await page.Locator("[aria-label=candidates]").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new() { Path = fixture.Screenshot("console-queue-approval-1280.png") });
        await page.ClickAsync($"#approve-{id}");
        await page.ClickAsync(".dialog-confirm");
        await Expect(page.Locator("[aria-label=candidates] .success-message")).ToContainTextAsync($"Post {id} approved", Eventually);

        await WithDecisionsAsync(page, () => Deadline.UntilAsync(async () => await fixture.ScalarAsync<string>($"SELECT status FROM tweets WHERE id = {id}") == "posted",
            "the approved pick is posted"));
        var xId = await fixture.ScalarAsync<string>($"SELECT tweet_id FROM tweets WHERE id = {id}");
        using var x = fixture.Stack.App.CreateHttpClient("x", "http");
        Assert.Contains(xId, await x.GetStringAsync("/_sim/posts"));
        Assert.Equal("api:console:admin", await fixture.ScalarAsync<string>($"SELECT approved_by FROM tweets WHERE id = {id}"));
    }

    [Fact]
    public async Task Every_page_renders_at_laptop_and_phone_widths()
    {
        foreach (var width in new[] { 1280, 390 })
        {
            var page = await fixture.SignedInPageAsync(width);
            foreach (var (href, name, ready) in Pages)
            {
                await ConsoleStackFixture.GoAsync(page, "/" + href);
                await Expect(page.Locator("nav.nav a")).ToHaveCountAsync(9);
                // The live circuit renders afresh after the prerendered page: wait for what it reads from the api.
                await Expect(page.Locator(ready).First).ToBeVisibleAsync(new() { Timeout = 60_000 });
                await page.ScreenshotAsync(new() { Path = fixture.Screenshot($"console-{name}-{width}.png"), FullPage = true });
                Assert.False(await page.Locator("#blazor-error-ui").IsVisibleAsync(), $"/{href} at {width} px shows Blazor's error bar");
                Assert.Equal(0, await page.Locator(".error-message").CountAsync());
                var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
                Assert.False(overflow, $"/{href} at {width} px is wider than the screen");
            }
            await page.Context.CloseAsync();
        }
    }

    // Each page with what shows once it has read the api; the insights pages (Posts ... Database) with their title.
    private static readonly (string Href, string Name, string Ready)[] Pages =
    [
        ("", "overview", "#status-line"), ("queue", "queue", "#queue-table, [aria-label=candidates] p.muted"), ("posts", "posts", "h1"), ("learning", "learning", "h1"),
        ("analytics", "analytics", "h1"), ("config", "config", "#config-table"), ("operations", "operations", "#migrations-table"),
        ("audit", "audit", "#audit-table, [aria-label=events] p.muted"), ("database", "database", "h1"),
    ];

    // A wait on the worker fails with what its last cycles decided, which is what one needs to know then.
    private async Task WithDecisionsAsync(IPage page, Func<Task> wait)
    {
        try
        {
            await wait();
        }
        catch (Xunit.Sdk.FailException ex)
        {
            var decisions = await fixture.ScalarAsync<string>(
                "SELECT coalesce(string_agg(concat_ws(' ', decided_at, outcome, reason, tweet_row), E'\\n' ORDER BY id DESC), '') FROM (SELECT * FROM schedule_decisions ORDER BY id DESC LIMIT 8) d");
            var rows = await fixture.ScalarAsync<string>(
                "SELECT coalesce(string_agg(concat_ws(' ', id, status, priority, source), E'\\n' ORDER BY id DESC), '') FROM (SELECT * FROM tweets ORDER BY id DESC LIMIT 8) t");
            await page.ScreenshotAsync(new() { Path = fixture.Screenshot("console-failure-1280.png"), FullPage = true });
            var errors = string.Join(" | ", await page.Locator(".error-message, #blazor-error-ui:visible").AllInnerTextsAsync());
            Assert.Fail($"{ex.Message}\npage errors: {errors}\nlast decisions:\n{decisions}\nlast rows:\n{rows}");
        }
    }

    private static async Task SetConfigAsync(IPage page, string key, string value)
    {
        if (!page.Url.EndsWith("/config", StringComparison.Ordinal))
        {
            await ConsoleStackFixture.GoAsync(page, "/config");
        }
        await Expect(page.Locator($"#config-table tr[data-key={key}]")).ToHaveCountAsync(1, new() { Timeout = 60_000 });
        await page.SelectOptionAsync("#config-key", key);
        // Choosing a key fills the box with its current value: wait for that render before typing over it.
        await Expect(page.Locator("#config-allowed")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(page.Locator("#config-value")).Not.ToHaveValueAsync("", new() { Timeout = 60_000 });
        await page.FillAsync("#config-value", value);
        await page.ClickAsync("#config-save");
    }
}
