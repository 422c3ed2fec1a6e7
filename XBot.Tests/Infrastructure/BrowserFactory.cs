using Microsoft.Playwright;

namespace XBot.Tests.Infrastructure;

/// <summary>
/// The machine's Chromium driven by Playwright. Never a downloaded browser (`playwright install` fails here, and a test
/// should use what the README's test command installs: apt-get install chromium).
/// </summary>
public static class BrowserFactory
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: install it with apt-get install -y chromium (the README's test command does).");
        }
        return await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }
}

/// <summary>Where tests leave what a reviewer looks at (screenshots): artifacts/ at the repository root, ignored by git.</summary>
public static class Artifacts
{
    public static string Directory(RepositoryLayout layout)
    {
        var directory = Path.Combine(layout.Root, "artifacts", "screenshots");
        System.IO.Directory.CreateDirectory(directory);
        return directory;
    }
}
