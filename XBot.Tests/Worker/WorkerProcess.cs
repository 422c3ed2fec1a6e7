using System.Diagnostics;
using XBot.Tests.Infrastructure;

namespace XBot.Tests.Worker;

/// <summary>
/// Runs the built XBot.Worker as its own process, as an operator does, with only the settings given.
/// A process still running at the deadline is killed and the test fails: that is the posting worker
/// started by mistake.
/// </summary>
public static class WorkerProcess
{
    public static async Task<CliResult> RunAsync(IDictionary<string, string?> settings, params string[] args)
    {
        using var process = Process.Start(StartInfo(settings, $"http://127.0.0.1:{PortFinder.Free()}", args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync(Deadline.Minutes(1));
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"XBot.Worker {string.Join(' ', args)} did not exit: it is running as the posting worker.\nstdout: {await stdout}\nstderr: {await stderr}");
        }
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The start info for the worker on <paramref name="url"/> with <paramref name="settings"/> as environment variables.</summary>
    public static ProcessStartInfo StartInfo(IDictionary<string, string?> settings, string url, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "XBot.Worker.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        // Should the worker start by mistake, it must not take a port another test uses.
        info.Environment["ASPNETCORE_URLS"] = url;
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in settings)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        return info;
    }
}
