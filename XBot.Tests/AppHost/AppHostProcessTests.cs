using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using XBot.Tests.Infrastructure;

namespace XBot.Tests.AppHost;

/// <summary>
/// The AppHost as people run it: its own process with the dashboard, printing the dashboard's login URL and the console's
/// sign-in, and stopping everything on Ctrl+C (SIGINT): no redis-server, postgres, dcp, dashboard or service left.
/// </summary>
public sealed partial class AppHostProcessTests
{
    [Fact]
    public async Task The_dashboard_shows_every_resource_and_Ctrl_C_leaves_no_process_behind()
    {
        var layout = RepositoryLayout.FromBuild();
        var dataDirectory = AspireTestExtensions.NewDataDirectory();
        var info = layout.StartInfo("XBot.AppHost");
        // What the http launch profile sets, on free ports so a developer's running stack does not collide.
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["DOTNET_ENVIRONMENT"] = "Development";
        info.Environment["ASPNETCORE_URLS"] = $"http://localhost:{PortFinder.Free()}";
        info.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://localhost:{PortFinder.Free()}";
        info.Environment["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = $"http://localhost:{PortFinder.Free()}";
        info.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        info.Environment["DcpPublisher__RandomizePorts"] = "true";
        // Not the user's own local-stack file: a developer's running stack keeps its file.
        info.Environment["AppHost__LocalStackFile"] = Path.Combine(dataDirectory, "local-stack.json");
        foreach (var argument in AspireTestExtensions.IsolatedRunArguments(dataDirectory))
        {
            var (key, value) = (argument[2..].Split('=', 2)[0], argument.Split('=', 2)[1]);
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        using var apphost = Process.Start(info)!;
        var lines = new List<string>();
        var consoleReady = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Read(string? line)
        {
            if (line is null) return;
            lock (lines) lines.Add(line);
            if (line.Contains("XBot console: http://", StringComparison.Ordinal)) consoleReady.TrySetResult(line);
        }
        apphost.OutputDataReceived += (_, e) => Read(e.Data);
        apphost.ErrorDataReceived += (_, e) => Read(e.Data);
        apphost.BeginOutputReadLine();
        apphost.BeginErrorReadLine();
        string Output() { lock (lines) return string.Join('\n', lines); }

        try
        {
            try
            {
                await consoleReady.Task.WaitAsync(Deadline.Minutes(4));
            }
            catch (OperationCanceledException)
            {
                Assert.Fail("the console never became ready:\n" + Output());
            }

            var localStack = Path.Combine(dataDirectory, "local-stack.json");
            await Deadline.UntilAsync(() => File.Exists(localStack), "the AppHost wrote no local-stack file for the CLI");

            var login = DashboardLogin().Match(Output());
            Assert.True(login.Success, "no dashboard login URL was printed:\n" + Output());
            Assert.Contains("sign in as 'admin'", Output());
            await ScreenshotDashboardAsync(login.Groups[1].Value, layout);

            var processes = ProcessTree.AspireStack(apphost.Id);
            Assert.Contains(processes, p => p.Name.StartsWith("redis-server", StringComparison.Ordinal));
            Assert.Contains(processes, p => p.Name == "postgres");
            Assert.Contains(processes, p => p.Name == "dcp");
            Assert.Contains(processes, p => p.Name.StartsWith("Aspire.Dashboa", StringComparison.Ordinal));

            // A second AppHost on the same data directory is refused before it starts anything, and the first one's
            // PostgreSQL is not taken for an orphan and stopped.
            using (var second = Process.Start(info)!)
            {
                var secondError = second.StandardError.ReadToEndAsync();
                var secondOutput = second.StandardOutput.ReadToEndAsync();
                await second.WaitForExitAsync(Deadline.Minutes(1));
                Assert.True(second.ExitCode == 1, $"the second AppHost exited {second.ExitCode}:\n{await secondOutput}\n{await secondError}");
                Assert.Contains($"Another XBot AppHost (pid {apphost.Id}) is already running on the data directory {dataDirectory}", await secondError);
            }
            Assert.All(processes, p => Assert.True(ProcessTree.IsAlive(p), $"{p.Name} ({p.Pid}) of the first AppHost stopped when a second one was started"));

            using (var interrupt = Process.Start("kill", ["-INT", apphost.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await interrupt.WaitForExitAsync();
            }
            await apphost.WaitForExitAsync(Deadline.Minutes(2));

            Assert.False(File.Exists(localStack), "the AppHost left its local-stack file behind after Ctrl+C");
            await Deadline.UntilAsync(() => !processes.Any(ProcessTree.IsAlive),
                "processes left after Ctrl+C: " + string.Join(", ", processes.Where(ProcessTree.IsAlive).Select(p => $"{p.Name} ({p.Pid})")), minutes: 1);
        }
        finally
        {
            if (!apphost.HasExited) apphost.Kill(entireProcessTree: true);
            AspireTestExtensions.DeleteDataDirectory(dataDirectory);
        }
    }

    [Theory]
    [InlineData("--AppHost:X=bogus", "error: AppHost:X is 'bogus'. Use none (the real X API, with the worker's own X credentials) or simulator (the X stand-in, offline).")]
    [InlineData("--AppHost:Redis=memcached", "error: AppHost:Redis is 'memcached'. Use auto, redis-server or garnet.")]
    [InlineData("--AppHost:TimeScale=720", "error: AppHost:TimeScale is '720', but AppHost:X is not 'simulator'")]
    public async Task A_bad_setting_stops_the_apphost_with_one_line_saying_what_to_do(string argument, string error)
    {
        var layout = RepositoryLayout.FromBuild();
        var dataDirectory = AspireTestExtensions.NewDataDirectory();
        var info = layout.StartInfo("XBot.AppHost", $"--AppHost:DataDirectory={dataDirectory}", argument);
        try
        {
            using var apphost = Process.Start(info)!;
            var stderr = apphost.StandardError.ReadToEndAsync();
            var stdout = apphost.StandardOutput.ReadToEndAsync();
            await apphost.WaitForExitAsync(Deadline.Minutes(1));

            Assert.Equal(2, apphost.ExitCode);
            Assert.StartsWith(error, await stderr);
            Assert.DoesNotContain("Unhandled exception", await stderr + await stdout);
            Assert.DoesNotContain("   at ", await stderr);
        }
        finally
        {
            AspireTestExtensions.DeleteDataDirectory(dataDirectory);
        }
    }

    [Fact]
    public async Task A_dashboard_address_in_use_stops_the_apphost_with_one_line_naming_it()
    {
        var layout = RepositoryLayout.FromBuild();
        var dataDirectory = AspireTestExtensions.NewDataDirectory();
        using var taken = PortFinder.Held(out var port);
        var info = layout.StartInfo("XBot.AppHost", $"--AppHost:DataDirectory={dataDirectory}");
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["ASPNETCORE_URLS"] = $"http://localhost:{PortFinder.Free()}";
        info.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://localhost:{PortFinder.Free()}";
        info.Environment["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = $"http://localhost:{port}";
        info.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        try
        {
            using var apphost = Process.Start(info)!;
            var stderr = apphost.StandardError.ReadToEndAsync();
            var stdout = apphost.StandardOutput.ReadToEndAsync();
            await apphost.WaitForExitAsync(Deadline.Minutes(2));

            Assert.True(apphost.ExitCode == 1, $"exit {apphost.ExitCode}:\n{await stdout}\n{await stderr}");
            Assert.StartsWith($"error: Failed to bind to address http://127.0.0.1:{port}: address already in use. Stop what uses it", await stderr);
            Assert.DoesNotContain("Unhandled exception", await stderr + await stdout);
        }
        finally
        {
            AspireTestExtensions.DeleteDataDirectory(dataDirectory);
        }
    }

    /// <summary>Signs in to the real dashboard in Chromium with the printed token and keeps a screenshot as a test artifact.</summary>
    private static async Task ScreenshotDashboardAsync(string loginUrl, RepositoryLayout layout)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserFactory.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1440, Height = 900 } });
        await ShowResourcesAsync(page, loginUrl, layout);
        // Filters hold hidden labels with the same words: only what is shown counts.
        await page.GetByText("Running").Filter(new() { Visible = true }).First.WaitForAsync(new() { Timeout = 60_000 });
        await page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts.Directory(layout), "dashboard-resources.png") });

        // The services' telemetry reaches the dashboard over OTLP: their structured logs, and traces.
        var origin = new Uri(loginUrl).GetLeftPart(UriPartial.Authority);
        await page.GotoAsync(origin + "/structuredlogs");
        await page.GetByText("Application started").Filter(new() { Visible = true }).First.WaitForAsync(new() { Timeout = 120_000 });
        await page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts.Directory(layout), "dashboard-structured-logs.png") });
        await page.GotoAsync(origin + "/traces");
        await page.GetByRole(AriaRole.Row).Filter(new() { HasText = "worker", Visible = true }).First.WaitForAsync(new() { Timeout = 120_000 });
        await page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts.Directory(layout), "dashboard-traces.png") });
    }

    /// <summary>
    /// Signs in and waits for the resources page to list every resource. The dashboard is Aspire's Blazor Server app:
    /// on a loaded machine its first circuit can fail to connect and leave the page unrendered, which a person fixes
    /// by reloading, and so does this (three loads at most). What the page showed each time is kept for the failure.
    /// </summary>
    private static async Task ShowResourcesAsync(IPage page, string loginUrl, RepositoryLayout layout)
    {
        var seen = new List<string>();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            try
            {
                await page.GotoAsync(loginUrl);
                foreach (var resource in new[] { "cache", "postgres", "xbotdb", "migrations", "api", "worker", "web" })
                {
                    await page.GetByText(resource, new() { Exact = true }).Filter(new() { Visible = true }).First.WaitForAsync(new() { Timeout = 60_000 });
                }
                return;
            }
            catch (TimeoutException)
            {
                seen.Add($"load {attempt}: {page.Url}\n{await ShownTextAsync(page)}");
                await page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts.Directory(layout), $"dashboard-resources-load-{attempt}.png") });
            }
        }
        Assert.Fail("the dashboard never listed every resource:\n" + string.Join("\n---\n", seen));
    }

    private static async Task<string> ShownTextAsync(IPage page)
    {
        try
        {
            var text = await page.Locator("body").InnerTextAsync(new() { Timeout = 10_000 });
            return text[..Math.Min(text.Length, 1500)];
        }
        catch (PlaywrightException ex)
        {
            return $"(the page's text could not be read: {ex.Message})";
        }
    }

    [GeneratedRegex(@"Login to the dashboard at (http://\S+/login\?t=\w+)")]
    private static partial Regex DashboardLogin();
}
