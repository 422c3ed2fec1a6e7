using System.Diagnostics;
using System.Reflection;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace XBot.AppHost.Commands;

/// <summary>
/// The runbook operations as dashboard commands on the worker. Each runs the worker's own CLI verb, with exactly the
/// environment the AppHost gives the worker, so the dashboard, <c>aspire resource</c> and a terminal all run the same code.
/// </summary>
public static class RunbookCommands
{
    /// <summary>Name, label, CLI verb, icon, and the confirmation a destructive one asks for.</summary>
    public static readonly IReadOnlyList<RunbookCommand> All =
    [
        new("schedule-cycle", "Run one scheduling cycle", ["schedule", "test"], "Play",
            "Run one real scheduling cycle now? With LIVE_POSTS=true it may post to X."),
        new("refresh-candidates", "Refresh candidates", ["candidates", "refresh"], "ArrowSync", null),
        new("emergency-brake", "Emergency brake", ["brake", "--actor", "dashboard"], "HandRight",
            "Pull the emergency brake? post_fraction becomes 0 and nothing posts until it is raised again."),
        new("fallback-on", "Fallback on", ["fallback", "enable", "--actor", "dashboard", "--reason", "dashboard command"], "PlugDisconnected",
            "Switch every process to PostgreSQL-only fallback mode?"),
        new("fallback-off", "Fallback off", ["fallback", "disable", "--actor", "dashboard"], "PlugConnected", null),
        new("consistency-audit", "Consistency audit", ["audit", "consistency"], "CheckmarkStarburst", null),
        new("schema-drift", "Schema drift check", ["db", "drift"], "BranchCompare", null),
        new("clear-caches", "Clear caches", ["cache", "clear", "--actor", "dashboard"], "Delete",
            "Delete every cache key under this REDIS_PREFIX? Queues, rate limits and dedup hashes are kept."),
    ];

    public static IResourceBuilder<ProjectResource> WithRunbookCommands(this IResourceBuilder<ProjectResource> worker)
    {
        foreach (var command in All)
        {
            worker.WithCommand(command.Name, command.DisplayName,
                context => RunAsync(worker.Resource, command, context),
                new CommandOptions
                {
                    Description = $"Runs `{string.Join(' ', command.Verb)}` with the worker's settings.",
                    ConfirmationMessage = command.Confirmation,
                    IconName = command.Icon,
                    UpdateState = state => state.ResourceSnapshot.State?.Text == KnownResourceStates.Running
                        ? ResourceCommandState.Enabled
                        : ResourceCommandState.Disabled,
                });
        }
        return worker;
    }

    private static async Task<ExecuteCommandResult> RunAsync(ProjectResource worker, RunbookCommand command, ExecuteCommandContext context)
    {
        var cancellationToken = context.CancellationToken;
        var configuration = await ExecutionConfigurationBuilder.Create(worker)
            .WithEnvironmentVariablesConfig()
            .BuildAsync(context.Services.GetRequiredService<DistributedApplicationExecutionContext>(), context.Logger, cancellationToken);
        var environment = configuration.EnvironmentVariables;
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(worker.GetProjectMetadata().ProjectPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(WorkerAssembly(worker));
        foreach (var argument in command.Verb)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the worker CLI");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var output = ((await stdout).Trim() + Environment.NewLine + (await stderr).Trim()).Trim();

        return process.ExitCode == 0
            ? CommandResults.Success($"{command.DisplayName}: done", output, CommandResultFormat.Text)
            : CommandResults.Failure($"{command.DisplayName} failed (exit {process.ExitCode}): {FirstLine(output)}", output, CommandResultFormat.Text);
    }

    /// <summary>The worker's build output, in the configuration the AppHost itself was built in (as DCP runs it).</summary>
    private static string WorkerAssembly(ProjectResource worker)
    {
        var configuration = typeof(RunbookCommands).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "XBot.Configuration").Value!;
        var project = worker.GetProjectMetadata().ProjectPath;
        return Path.Combine(Path.GetDirectoryName(project)!, "bin", configuration, "net10.0", Path.GetFileNameWithoutExtension(project) + ".dll");
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}

public sealed record RunbookCommand(string Name, string DisplayName, string[] Verb, string Icon, string? Confirmation);
