using System.Diagnostics;
using XBot.Tests.Infrastructure;

namespace XBot.Tests.AppHost;

/// <summary>A service started by hand without its connection settings refuses to start and says what to set.</summary>
public sealed class ServiceStartupTests
{
    [Theory]
    [InlineData("XBot.Api")]
    [InlineData("XBot.Worker")]
    public async Task A_service_without_connection_settings_exits_naming_the_setting(string project)
    {
        var layout = RepositoryLayout.FromBuild();
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { layout.ProjectOutput(project) },
            WorkingDirectory = layout.ProjectDirectory(project),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var name in new[] { "ConnectionStrings__cache", "ConnectionStrings__xbotdb", "REDIS_URL", "DATABASE_URL" })
        {
            info.Environment.Remove(name);
        }
        info.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(Deadline.Minutes(1));

        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains("ConnectionStrings:cache is not set", await output + await error);
    }
}
