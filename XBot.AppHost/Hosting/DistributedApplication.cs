using System.Runtime.InteropServices;
using XBot.AppHost.Hosting.Processes;
using XBot.AppHost.Hosting.Resources;

namespace XBot.AppHost.Hosting;

/// <summary>
/// Runs the declared resources: each waits for what it depends on, is prepared, started, probed for
/// health and restarted with backoff when it crashes. Stopping goes in reverse dependency order and
/// always ends every process, killing those that do not stop in time.
/// </summary>
public sealed class DistributedApplication : IAsyncDisposable
{
    private readonly DistributedApplicationBuilder _builder;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];
    private readonly StatusBoard? _statusBoard;
    private int _stopped;

    internal DistributedApplication(DistributedApplicationBuilder builder)
    {
        _builder = builder;
        if (builder.Options.ShowStatus)
        {
            _statusBoard = new StatusBoard(builder.Resources, builder.Output);
        }
    }

    public static DistributedApplicationBuilder CreateBuilder(string[] args) => DistributedApplicationBuilder.Create(args);

    public IReadOnlyList<Resource> Resources => _builder.Resources;

    public ResourceOutput Output => _builder.Output;

    public string DataDirectory => _builder.DataDirectory;

    private AppHostOptions Options => _builder.Options;

    public Resource GetResource(string name) =>
        Resources.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"No resource is named '{name}'. Declared: {string.Join(", ", Resources.Select(r => r.Name))}.", nameof(name));

    public IReadOnlyList<ResourceSnapshot> GetSnapshots() => [.. Resources.Select(r => r.Snapshot())];

    public string? GetConnectionString(string name) => (GetResource(name) as IResourceWithConnectionString)?.GetConnectionString();

    public Uri GetEndpoint(string name) =>
        GetResource(name).Url is { } url && url.StartsWith("http", StringComparison.Ordinal)
            ? new Uri(url)
            : throw new ArgumentException($"{name} has no HTTP endpoint.", nameof(name));

    public HttpClient CreateHttpClient(string name) => new() { BaseAddress = GetEndpoint(name) };

    public string GetParameterValue(string name) =>
        _builder.Parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))?.Value
        ?? throw new ArgumentException($"No parameter is named '{name}'.", nameof(name));

    /// <summary>Every live process the stack runs, descendants included.</summary>
    public IReadOnlyList<int> GetProcessIds() =>
        [.. Resources.Select(r => r.Process).OfType<SupervisedProcess>().Where(p => !p.HasExited)
            .SelectMany(p => (IEnumerable<int>)[p.Id, .. ProcessTree.GetDescendants(p.Id)])];

    /// <summary>Starts every resource in the background and returns; use the WaitFor methods to know when they are up.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        _statusBoard?.Start();
        foreach (var resource in Resources)
        {
            _loops.Add(Task.Run(() => SuperviseAsync(resource), CancellationToken.None));
        }
        return Task.CompletedTask;
    }

    public Task WaitForResourceHealthyAsync(string name, CancellationToken cancellationToken = default) =>
        GetResource(name).WaitForHealthyAsync(cancellationToken);

    public Task WaitForAllHealthyAsync(CancellationToken cancellationToken = default) =>
        Task.WhenAll(Resources.Select(r => r.WaitForHealthyAsync(cancellationToken)));

    /// <summary>Runs until Ctrl+C or SIGTERM, then stops everything. A second Ctrl+C skips the grace period.</summary>
    public async Task<int> RunAsync()
    {
        if (_builder.Exec is { } exec)
        {
            return await exec.RunAsync(_builder);
        }

        var stopRequested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        long? firstSignal = null;
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            // `dotnet run` forwards the signal it gets, so one Ctrl+C can arrive twice; only a later one forces.
            if (firstSignal is { } first && TimeProvider.System.GetElapsedTime(first) > TimeSpan.FromSeconds(2))
            {
                _forceStop = true;
                Output.System("stopping now, without waiting");
            }
            firstSignal ??= TimeProvider.System.GetTimestamp();
            stopRequested.TrySetResult();
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal);

        Output.System($"data folder: {DataDirectory}");
        if (AppHostState.ReadRunning(DataDirectory) is { } running)
        {
            Output.System($"another AppHost (pid {running.ProcessId}) is running with this data folder; stop it first, or set AppHost__DataDirectory");
            return 1;
        }
        new AppHostState(Environment.ProcessId, DateTimeOffset.UtcNow,
            Resources.Where(r => r.Port is not null).ToDictionary(r => r.Name, r => r.Port!.Value)).Write(DataDirectory);
        await StartAsync();
        _ = AnnounceWhenHealthyAsync();

        await stopRequested.Task;
        Output.System("stopping (Ctrl+C again to kill at once)");
        await StopAsync();
        AppHostState.Delete(DataDirectory);

        var failed = Resources.Where(r => r.State == ResourceState.FailedToStart).ToList();
        return failed.Count == 0 ? 0 : 1;
    }

    private volatile bool _forceStop;

    /// <summary>Stops dependents before what they depend on; each gets the stop timeout, then is killed.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        foreach (var level in StopOrder())
        {
            await Task.WhenAll(level.Select(StopResourceAsync));
        }

        await Task.WhenAll(_loops).WaitAsync(Options.StopTimeout).ContinueWith(_ => { }, TaskScheduler.Default);
        if (_statusBoard is not null)
        {
            await _statusBoard.DisposeAsync();
        }
        Output.System("stopped");
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        foreach (var resource in Resources)
        {
            await resource.DisposeResourcesAsync();
        }

        if (Options.DeleteDataOnDispose && Directory.Exists(DataDirectory))
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException ex)
            {
                Output.System($"could not delete {DataDirectory}: {ex.Message}");
            }
        }
        _stopping.Dispose();
    }

    /// <summary>
    /// Stops one resource and keeps it stopped (no restart) until <see cref="StartResourceAsync"/>, like the
    /// dashboard's stop command. With <paramref name="kill"/> it is killed at once, as in a crash.
    /// </summary>
    public async Task StopResourceAsync(string name, bool kill = false)
    {
        var resource = GetResource(name);
        SupervisedProcess? process;
        lock (resource)
        {
            resource.Held = true;
            process = resource.Process;
        }
        if (process is not null && !process.HasExited)
        {
            resource.SetState(ResourceState.Stopping);
            await process.StopAsync(kill ? TimeSpan.Zero : Options.StopTimeout);
        }
    }

    /// <summary>Starts a resource stopped by <see cref="StopResourceAsync"/> again, with its same ports and data.</summary>
    public Task StartResourceAsync(string name)
    {
        var resource = GetResource(name);
        lock (resource)
        {
            if (!resource.Held)
            {
                return Task.CompletedTask;
            }
            resource.Held = false;
        }
        resource.Released.Release();
        return Task.CompletedTask;
    }

    private async Task StopResourceAsync(Resource resource)
    {
        SupervisedProcess? process;
        lock (resource)
        {
            process = resource.Process;
        }

        if (process is null || process.HasExited)
        {
            if (resource.State is not (ResourceState.NotStarted or ResourceState.FailedToStart))
            {
                resource.SetState(ResourceState.Stopped);
            }
            return;
        }

        resource.SetState(ResourceState.Stopping);
        await process.StopAsync(_forceStop ? TimeSpan.Zero : Options.StopTimeout);
        resource.SetState(ResourceState.Stopped, exitCode: process.ExitCode);
    }

    /// <summary>Levels of resources: those nothing depends on first, the infrastructure last.</summary>
    private List<List<Resource>> StopOrder()
    {
        var depth = new Dictionary<Resource, int>();
        int Depth(Resource resource) => depth.TryGetValue(resource, out var d)
            ? d
            : depth[resource] = Resources.Where(r => r.Dependencies.Contains(resource)).Select(Depth).DefaultIfEmpty(-1).Max() + 1;

        return [.. Resources.GroupBy(Depth).OrderBy(g => g.Key).Select(g => g.ToList())];
    }

    private async Task SuperviseAsync(Resource resource)
    {
        var stopping = _stopping.Token;
        try
        {
            resource.SetState(ResourceState.Waiting);
            foreach (var dependency in resource.Dependencies)
            {
                await dependency.WaitForHealthyAsync(stopping);
            }
            foreach (var job in resource.CompletionDependencies)
            {
                await job.WaitForCompletionAsync(stopping);
            }

            resource.SetState(ResourceState.Starting);
            await resource.PrepareAsync(stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            resource.SetState(ResourceState.FailedToStart, ex.Message);
            Output.System($"{resource.Name} failed to start: {ex.Message}");
            return;
        }

        var health = Task.Run(() => ProbeHealthAsync(resource, stopping), CancellationToken.None);
        if (resource.IsExternal || resource is not ProcessResource processResource)
        {
            resource.SetState(resource.IsExternal ? ResourceState.External : ResourceState.Running);
            await health;
            return;
        }

        await RunWithRestartsAsync(processResource, stopping);
        await health;
    }

    private async Task RunWithRestartsAsync(ProcessResource resource, CancellationToken stopping)
    {
        var backoff = Options.RestartBackoffInitial;
        while (true)
        {
            SupervisedProcess process;
            lock (resource)
            {
                // Checked under the same lock StopResourceAsync takes, so a process is never started after stop looked.
                if (stopping.IsCancellationRequested)
                {
                    return;
                }

                try
                {
                    process = SupervisedProcess.Start(resource.CreateProcessSpec(), resource.Name, Output);
                }
                catch (Exception ex)
                {
                    resource.SetState(ResourceState.FailedToStart, ex.Message);
                    Output.System($"{resource.Name} failed to start: {ex.Message}");
                    return;
                }
                resource.Process?.Dispose();
                resource.Process = process;
            }

            resource.SetState(ResourceState.Running);
            var started = TimeProvider.System.GetTimestamp();
            try
            {
                await process.WaitForExitAsync(stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (stopping.IsCancellationRequested)
            {
                return;
            }

            if (resource.Held)
            {
                resource.SetState(ResourceState.Stopped, exitCode: process.ExitCode);
                try
                {
                    await resource.Released.WaitAsync(stopping);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                continue;
            }

            if (resource.RunsToCompletion)
            {
                if (process.ExitCode == 0)
                {
                    resource.SetState(ResourceState.Finished, exitCode: 0);
                }
                else
                {
                    resource.SetState(ResourceState.FailedToStart, $"exited with code {process.ExitCode}", process.ExitCode);
                    Output.System($"{resource.Name} failed with exit code {process.ExitCode}");
                }
                return;
            }

            if (TimeProvider.System.GetElapsedTime(started) >= Options.RestartBackoffReset)
            {
                backoff = Options.RestartBackoffInitial;
            }

            resource.SetState(ResourceState.Exited, $"exited with code {process.ExitCode}", process.ExitCode);
            Output.System($"{resource.Name} exited with code {process.ExitCode}; restarting in {backoff.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)}s");
            try
            {
                await Task.Delay(backoff, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, Options.RestartBackoffMax.Ticks));
            resource.SetState(ResourceState.Restarting);
            resource.CountRestart();
        }
    }

    private async Task ProbeHealthAsync(Resource resource, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            if (resource.State is ResourceState.Running or ResourceState.External)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                timeout.CancelAfter(Options.HealthCheckTimeout);
                try
                {
                    var healthy = await resource.ProbeAsync(timeout.Token);
                    resource.SetHealth(healthy ? HealthStatus.Healthy : HealthStatus.Unhealthy, healthy ? null : "probe failed");
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    resource.SetHealth(HealthStatus.Unhealthy, ex is OperationCanceledException ? "health probe timed out" : ex.Message);
                }
            }

            try
            {
                await Task.Delay(Options.HealthCheckInterval, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task AnnounceWhenHealthyAsync()
    {
        try
        {
            await WaitForAllHealthyAsync(_stopping.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ResourceFailedException)
        {
            return;
        }

        Output.System($"all {Resources.Count} resources are healthy");
        foreach (var project in Resources.OfType<ProjectResource>().Where(p => p.Url is not null))
        {
            Output.System($"  {project.Name,-8} {project.Url}");
        }

        foreach (var console in Resources.OfType<ProjectResource>().Where(p => p.SignInPassword is not null))
        {
            Output.System($"XBot console: {console.Url}");
            Output.System($"  sign in as 'admin' with the password {console.SignInPassword!.ConfigurationKey} from: {_builder.Secrets.Description}");
        }
    }
}
