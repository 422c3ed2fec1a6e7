using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace XBot.Tests.Infrastructure;

/// <summary>What the tests need from a running Aspire application, on top of Aspire.Hosting.Testing.</summary>
public static class AspireTestExtensions
{
    /// <summary>Waits until every named resource is healthy; on a deadline, the message lists every resource's state.</summary>
    public static async Task WaitForHealthyAsync(this DistributedApplication app, IEnumerable<string> resources, CancellationToken deadline)
    {
        try
        {
            await Task.WhenAll(resources.Select(name => app.ResourceNotifications.WaitForResourceHealthyAsync(name, deadline)));
        }
        catch (OperationCanceledException ex)
        {
            throw new TimeoutException($"resources did not become healthy: {app.DescribeResources()}", ex);
        }
    }

    /// <summary>Every resource's state and health, for failure messages.</summary>
    public static string DescribeResources(this DistributedApplication app)
    {
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        return string.Join("; ", model.Resources.Select(resource =>
            app.ResourceNotifications.TryGetCurrentState(resource.Name, out var state)
                ? $"{resource.Name}={state.Snapshot.State?.Text ?? "?"}/{state.Snapshot.HealthStatus?.ToString() ?? "-"}"
                : $"{resource.Name}=?"));
    }

    public static ResourceEvent CurrentState(this DistributedApplication app, string resource) =>
        app.ResourceNotifications.TryGetCurrentState(resource, out var state)
            ? state
            : throw new InvalidOperationException($"no state for {resource}");

    /// <summary>The process id DCP reports for an executable or project resource.</summary>
    public static int ProcessId(this DistributedApplication app, string resource) =>
        Convert.ToInt32(app.CurrentState(resource).Snapshot.Properties.Single(p => p.Name == "executable.pid").Value,
            System.Globalization.CultureInfo.InvariantCulture);

    public static async Task<ExecuteCommandResult> ExecuteCommandAsync(this DistributedApplication app, string resource, string command, CancellationToken deadline) =>
        await app.ResourceCommands.ExecuteCommandAsync(app.CurrentState(resource).ResourceId, command, deadline);

    /// <summary>Waits for a line of a resource's console output that matches; returns it.</summary>
    public static async Task<string> WaitForLogLineAsync(this DistributedApplication app, string resource, Func<string, bool> match, CancellationToken deadline)
    {
        var logs = app.Services.GetRequiredService<ResourceLoggerService>();
        try
        {
            await foreach (var batch in logs.WatchAsync(app.CurrentState(resource).ResourceId).WithCancellation(deadline))
            {
                foreach (var line in batch)
                {
                    if (match(line.Content))
                    {
                        return line.Content;
                    }
                }
            }
        }
        catch (OperationCanceledException ex)
        {
            throw new TimeoutException($"{resource} printed no matching line", ex);
        }
        throw new InvalidOperationException($"{resource}'s log ended without a matching line");
    }

    /// <summary>
    /// A builder for some of the AppHost's resources (not its Program.cs), told which AppHost it stands for: Aspire finds
    /// DCP through the AppHost assembly, and looks for it on the caller's stack unless told. The overload that takes the
    /// assembly is internal to Aspire.Hosting.Testing 13.6, hence reflection, pinned by Directory.Packages.props.
    /// </summary>
    public static Aspire.Hosting.Testing.IDistributedApplicationTestingBuilder CreateResourceBuilder(params string[] arguments)
    {
        var create = typeof(Aspire.Hosting.Testing.DistributedApplicationTestingBuilder).GetMethod(
            "Create",
            System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static,
            [typeof(string[]), typeof(Action<DistributedApplicationOptions, Microsoft.Extensions.Hosting.HostApplicationBuilderSettings>), typeof(System.Reflection.Assembly)])
            ?? throw new InvalidOperationException("Aspire.Hosting.Testing no longer has Create(args, configure, appHostAssembly); update CreateResourceBuilder.");
        Action<DistributedApplicationOptions, Microsoft.Extensions.Hosting.HostApplicationBuilderSettings> configure = (_, _) => { };
        return (Aspire.Hosting.Testing.IDistributedApplicationTestingBuilder)create.Invoke(null, [arguments, configure, typeof(XBot.AppHost.Resources.RedisServerResource).Assembly])!;
    }

    /// <summary>A throwaway data folder for an AppHost run; the AppHost's PostgreSQL cluster lives in it.</summary>
    public static string NewDataDirectory() =>
        Path.Combine(Path.GetTempPath(), "xbot-apphost-tests", Guid.NewGuid().ToString("N"));

    /// <summary>The settings every test run of the AppHost's resources shares: isolated data, fast throwaway PostgreSQL, known secrets.</summary>
    public static string[] IsolatedRunArguments(string dataDirectory) =>
    [
        $"--AppHost:DataDirectory={dataDirectory}",
        "--AppHost:FastUnsafePostgres=true",
        $"--Parameters:admin-password={Secret()}",
        $"--Parameters:admin-api-key={Secret()}",
    ];

    public static void DeleteDataDirectory(string dataDirectory)
    {
        if (Directory.Exists(dataDirectory))
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static string Secret() => Convert.ToHexString([.. Guid.NewGuid().ToByteArray(), .. Guid.NewGuid().ToByteArray()]).ToLowerInvariant();
}
