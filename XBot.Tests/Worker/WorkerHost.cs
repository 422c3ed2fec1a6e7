using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using XBot.Tests.Infrastructure;
using XBot.Tests.Storage;

namespace XBot.Tests.Worker;

/// <summary>The posting worker's services exactly as Program.cs registers them (AddWorkerServices), started, without the web host.</summary>
public sealed class WorkerHost : IAsyncDisposable
{
    private readonly IHost _host;

    private WorkerHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public static async Task<WorkerHost> StartAsync(StoreScope scope, IDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var all = scope.Settings(settings);
        // Tests decide what is queued; CandidateSupplyServiceTests switch the worker's own supply on.
        all.TryAdd("Candidates:Supply:Enabled", "false");
        // Many workers share the test process: none of them collects it (MemoryReleaseServiceTests cover the release).
        all.TryAdd("Worker:Memory:Enabled", "false");
        builder.Configuration.AddInMemoryCollection(all);
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.AddWorkerServices();
        var host = builder.Build();
        var worker = new WorkerHost(host);
        try
        {
            await host.StartAsync();
        }
        catch
        {
            // A host that failed to start can't be stopped, only disposed.
            if (host is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
            else
            {
                host.Dispose();
            }
            throw;
        }
        return worker;
    }

    /// <summary>One health check's current status, as /health would report it.</summary>
    public async Task<HealthReportEntry> CheckAsync(string name)
    {
        var report = await _host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == name);
        return report.Entries[name];
    }

    /// <summary>Waits until <paramref name="name"/> reports <paramref name="status"/>.</summary>
    public async Task<HealthReportEntry> UntilAsync(string name, HealthStatus status, double minutes = 2)
    {
        var deadline = Deadline.Minutes(minutes);
        while (true)
        {
            var entry = await CheckAsync(name);
            if (entry.Status == status)
            {
                return entry;
            }
            Assert.False(deadline.IsCancellationRequested, $"{name} stayed {entry.Status} ({entry.Description}); expected {status}");
            await Task.Delay(100, CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }
        if (_host is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
        else
        {
            _host.Dispose();
        }
    }
}
