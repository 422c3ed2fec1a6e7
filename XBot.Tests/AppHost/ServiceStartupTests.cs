using System.Diagnostics;
using XBot.Tests.Infrastructure;

namespace XBot.Tests.AppHost;

/// <summary>
/// A service started by hand without its settings refuses to start and says what to set, in one "error:" line with
/// exit code 2, not a crash with a stack trace.
/// </summary>
public sealed class ServiceStartupTests
{
    [Theory]
    [InlineData("XBot.Api", "error: ConnectionStrings:cache is not set")]
    [InlineData("XBot.Worker", "error: ConnectionStrings:cache is not set")]
    [InlineData("XBot.Web", "Admin:Password is not set. Set the environment variable Admin__Password")]
    public async Task A_service_without_its_settings_exits_naming_the_setting(string project, string expected)
    {
        var layout = RepositoryLayout.FromBuild();
        var info = layout.StartInfo(project);
        foreach (var name in new[] { "ConnectionStrings__cache", "ConnectionStrings__xbotdb", "REDIS_URL", "DATABASE_URL", "Admin__Password", "Admin__ApiKey" })
        {
            info.Environment.Remove(name);
        }
        info.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(Deadline.Minutes(1));

        Assert.Equal(2, process.ExitCode);
        var stderr = await error;
        Assert.Contains(expected, stderr);
        Assert.Single(stderr.Split('\n'), line => line.StartsWith("error: ", StringComparison.Ordinal));
        Assert.DoesNotContain("Unhandled exception", await output + stderr);
    }
}
