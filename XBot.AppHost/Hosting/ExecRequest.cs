using System.Diagnostics;
using XBot.AppHost.Hosting.Resources;

namespace XBot.AppHost.Hosting;

/// <summary>
/// <c>exec &lt;resource&gt; [args]</c>: runs a project once, with exactly the environment the running
/// AppHost gives that resource (connection strings, service URLs), for ops commands such as
/// <c>exec worker db migrate</c>. The command shares this console, so Ctrl+C reaches it.
/// </summary>
internal sealed record ExecRequest(string Resource, string[] Arguments)
{
    public async Task<int> RunAsync(DistributedApplicationBuilder builder)
    {
        if (builder.KnownPorts is null)
        {
            await Console.Error.WriteLineAsync(
                $"error: no AppHost is running with data folder {builder.DataDirectory}. Start the stack first: dotnet run --project XBot.AppHost");
            return 2;
        }

        var projects = builder.Resources.OfType<ProjectResource>().ToList();
        var project = projects.FirstOrDefault(p => string.Equals(p.Name, Resource, StringComparison.OrdinalIgnoreCase));
        if (project is null)
        {
            await Console.Error.WriteLineAsync(
                $"error: exec needs a project resource ({string.Join(", ", projects.Select(p => p.Name))}), for example: dotnet run --project XBot.AppHost -- exec worker db migrate");
            return 2;
        }

        var spec = project.CreateProcessSpec();
        var info = new ProcessStartInfo(spec.FileName) { UseShellExecute = false, WorkingDirectory = spec.WorkingDirectory };
        foreach (var argument in spec.Arguments.Concat(Arguments))
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in spec.Environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        using var process = Process.Start(info)!;
        await process.WaitForExitAsync();
        return process.ExitCode;
    }
}
