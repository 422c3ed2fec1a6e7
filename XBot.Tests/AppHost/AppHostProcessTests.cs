using System.Diagnostics;
using XBot.AppHost.Hosting;
using XBot.AppHost.Hosting.Processes;
using XBot.Tests.Infrastructure;

namespace XBot.Tests.AppHost;

/// <summary>The AppHost as people run it: a process that prints the URLs and stops cleanly on Ctrl+C (SIGINT).</summary>
public sealed class AppHostProcessTests
{
    [Fact]
    public async Task Ctrl_C_stops_the_whole_stack_and_leaves_no_process_behind()
    {
        var layout = RepositoryLayout.FromBuild();
        var dataDirectory = Path.Combine(Path.GetTempPath(), "xbot-apphost-tests", Guid.NewGuid().ToString("N"));
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { layout.ProjectOutput("XBot.AppHost") },
            WorkingDirectory = layout.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["AppHost__DataDirectory"] = dataDirectory,
                ["AppHost__Ports__web"] = PortFinder.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["AppHost__Ports__api"] = PortFinder.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["NO_COLOR"] = "1",
            },
        };

        using var apphost = Process.Start(info)!;
        var lines = new List<string>();
        var healthy = new TaskCompletionSource();
        apphost.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (lines) lines.Add(e.Data);
            if (e.Data.Contains("all 7 resources are healthy")) healthy.TrySetResult();
        };
        apphost.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (lines) lines.Add(e.Data); };
        apphost.BeginOutputReadLine();
        apphost.BeginErrorReadLine();

        try
        {
            await healthy.Task.WaitAsync(Deadline.Minutes(4));
            var tree = ProcessTree.GetDescendants(apphost.Id);

            // An ops command against the running stack, with the worker's own connection settings.
            var exec = new ProcessStartInfo("dotnet")
            {
                ArgumentList = { layout.ProjectOutput("XBot.AppHost"), "exec", "worker", "db", "guard", "--json" },
                WorkingDirectory = layout.Root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var (key, value) in info.Environment)
            {
                exec.Environment[key] = value;
            }
            using (var guard = Process.Start(exec)!)
            {
                var guardOutput = await guard.StandardOutput.ReadToEndAsync();
                await guard.WaitForExitAsync(Deadline.Minutes(2));
                Assert.True(guard.ExitCode == 0, guardOutput + await guard.StandardError.ReadToEndAsync());
                Assert.Contains("ompatible", guardOutput);
            }

            Signals.Send(apphost.Id, Signals.SIGINT);
            await apphost.WaitForExitAsync(Deadline.Minutes(2));

            Assert.Equal(0, apphost.ExitCode);
            Assert.True(tree.Count > 5, $"expected the stack's processes under the AppHost, saw {tree.Count}");
            Assert.DoesNotContain(tree, ProcessTree.IsAlive);
            string output;
            lock (lines) output = string.Join('\n', lines);
            Assert.Contains("XBot console: http://localhost:", output);
            Assert.Contains("sign in as 'admin'", output);
            Assert.Contains("│ web", output);
        }
        finally
        {
            if (!apphost.HasExited) apphost.Kill(entireProcessTree: true);
            if (Directory.Exists(dataDirectory)) Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
