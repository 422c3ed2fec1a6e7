using XBot.AppHost.Hosting.Processes;

namespace XBot.AppHost.Hosting.Resources;

/// <summary>
/// Something the AppHost runs or points at. A subclass says how to prepare it, what process (if any)
/// to run, and how to tell that it is healthy; <see cref="DistributedApplication"/> does the rest.
/// </summary>
public abstract class Resource(string name, DistributedApplicationBuilder builder)
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Name { get; } = name;

    public abstract string Kind { get; }

    protected DistributedApplicationBuilder Builder { get; } = builder;

    protected AppHostOptions Options => Builder.Options;

    internal List<Resource> Dependencies { get; } = [];

    /// <summary>Resources that must have finished (exited with 0) before this one starts.</summary>
    internal List<Resource> CompletionDependencies { get; } = [];

    /// <summary>True for a job that runs once (migrations): exit code 0 means Finished, not a crash.</summary>
    public bool RunsToCompletion { get; internal set; }

    /// <summary>Stopped on request (tests, operators): not restarted until started again.</summary>
    internal bool Held { get; set; }

    internal SemaphoreSlim Released { get; } = new(0);

    /// <summary>True when configuration points this resource at a server that the AppHost does not run.</summary>
    public virtual bool IsExternal => false;

    public virtual string? Url => null;

    /// <summary>The port this resource listens on, when it runs a server.</summary>
    internal virtual int? Port => null;

    public ResourceState State { get; private set; } = ResourceState.NotStarted;

    public HealthStatus Health { get; private set; } = HealthStatus.Unknown;

    public int RestartCount { get; private set; }

    internal SupervisedProcess? Process { get; set; }

    private int? _exitCode;
    private string? _message;

    internal event Action<Resource>? Changed;

    public ResourceSnapshot Snapshot()
    {
        lock (_gate)
        {
            return new ResourceSnapshot(Name, Kind, State, Health, Url, RestartCount, Process?.Id, _exitCode, _message);
        }
    }

    /// <summary>Work before the first start: find binaries, create folders, initialise data.</summary>
    internal virtual Task PrepareAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The process to run, or null for a resource that has none (a database, an external server).</summary>
    internal virtual ProcessSpec? CreateProcessSpec() => null;

    /// <summary>One health probe. Throwing counts as unhealthy, with the exception's message.</summary>
    internal abstract Task<bool> ProbeAsync(CancellationToken cancellationToken);

    internal virtual ValueTask DisposeResourcesAsync() => ValueTask.CompletedTask;

    internal void SetState(ResourceState state, string? message = null, int? exitCode = null)
    {
        lock (_gate)
        {
            State = state;
            _message = message;
            if (exitCode is not null)
            {
                _exitCode = exitCode;
            }
            Health = state switch
            {
                ResourceState.Running or ResourceState.External => Health,
                ResourceState.NotStarted or ResourceState.Waiting or ResourceState.Starting => HealthStatus.Unknown,
                _ => HealthStatus.Unhealthy,
            };
        }
        RaiseChanged();
    }

    internal void SetHealth(HealthStatus health, string? message)
    {
        bool changed;
        lock (_gate)
        {
            if (State is not (ResourceState.Running or ResourceState.External))
            {
                return;
            }
            changed = Health != health || (health == HealthStatus.Unhealthy && _message != message);
            Health = health;
            _message = health == HealthStatus.Healthy ? null : message;
        }
        if (changed)
        {
            RaiseChanged();
        }
    }

    internal void CountRestart()
    {
        lock (_gate)
        {
            RestartCount++;
        }
        RaiseChanged();
    }

    /// <summary>Completes when this resource is healthy; fails if it can no longer become healthy.</summary>
    public async Task WaitForHealthyAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (Health == HealthStatus.Healthy || (RunsToCompletion && State == ResourceState.Finished))
                {
                    return;
                }
                if (State == ResourceState.FailedToStart)
                {
                    throw new ResourceFailedException(Name, _message);
                }
                changed = _changed.Task;
            }
            await changed.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Completes when this run-to-completion resource has finished; fails if it failed.</summary>
    public async Task WaitForCompletionAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (State == ResourceState.Finished)
                {
                    return;
                }
                if (State == ResourceState.FailedToStart)
                {
                    throw new ResourceFailedException(Name, _message);
                }
                changed = _changed.Task;
            }
            await changed.WaitAsync(cancellationToken);
        }
    }

    private void RaiseChanged()
    {
        TaskCompletionSource previous;
        lock (_gate)
        {
            previous = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        previous.TrySetResult();
        Changed?.Invoke(this);
    }
}

public sealed class ResourceFailedException(string resource, string? reason)
    : InvalidOperationException($"{resource} failed to start: {reason}")
{
    public string Resource { get; } = resource;
}
