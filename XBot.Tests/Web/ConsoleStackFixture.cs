using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Microsoft.Playwright;
using Npgsql;
using XBot.Tests.AppHost;
using XBot.Tests.Infrastructure;

namespace XBot.Tests.Web;

/// <summary>
/// The whole stack in simulator mode (the worker posts live to the X stand-in, a cycle every 5 s) and one Chromium,
/// shared by the console's browser tests. Posting is allowed at any hour; nothing is queued until a test refreshes
/// candidates, so no cycle posts before a test wants it to.
/// </summary>
public sealed class ConsoleStackFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public XBotStack Stack { get; private set; } = default!;

    public IBrowser Browser { get; private set; } = default!;

    public Uri Console => Stack.App.GetEndpoint("web", "http");

    public RepositoryLayout Layout { get; } = RepositoryLayout.FromBuild();

    public async Task InitializeAsync()
    {
        Stack = await XBotStack.StartAsync(["--AppHost:X=simulator"], worker => worker.WithEnvironment("Scheduler__CycleInterval", "00:00:05"));
        await Stack.AllowPostingNowAsync(postFraction: 1.0);
        _playwright = await Playwright.CreateAsync();
        Browser = await BrowserFactory.LaunchAsync(_playwright);
    }

    /// <summary>A fresh browser context (its own cookies) at <paramref name="width"/> px, signed in as admin.</summary>
    public async Task<IPage> SignedInPageAsync(int width = 1280)
    {
        var page = await NewPageAsync(width);
        await SignInAsync(page);
        return page;
    }

    public async Task<IPage> NewPageAsync(int width = 1280)
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = width < 600 ? 844 : 900 }, BaseURL = Console.ToString() });
        return await context.NewPageAsync();
    }

    /// <summary>Signs in on the sign-in page, the one <paramref name="page"/> is on when <paramref name="openSignIn"/> is false.</summary>
    public async Task SignInAsync(IPage page, bool openSignIn = true)
    {
        if (openSignIn)
        {
            await page.GotoAsync("/login");
        }
        await page.FillAsync("#username", "admin");
        await page.FillAsync("#password", Stack.AdminPassword);
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator("#signed-in-user")).ToHaveTextAsync("admin", new() { Timeout = 60_000 });
    }

    /// <summary>Opens <paramref name="path"/> and waits until its circuit is live (clicks on a prerendered page are lost).</summary>
    public static async Task GoAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await Assertions.Expect(page.Locator(".shell[data-interactive=yes]")).ToHaveCountAsync(1, new() { Timeout = 60_000 });
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(await Stack.ConnectionStringAsync("xbotdb"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public string Screenshot(string name) => Path.Combine(Artifacts.Directory(Layout), name);

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        if (Stack is not null)
        {
            await Stack.DisposeAsync();
        }
    }
}
