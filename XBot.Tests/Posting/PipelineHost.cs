using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using XBot.Core.Candidates;
using XBot.Core.Posting.Lifecycle;
using XBot.Core.Scheduling;
using XBot.Core.Storage;
using XBot.Tests.Storage;

namespace XBot.Tests.Posting;

/// <summary>
/// One worker's pipeline, wired as the worker wires it (AddXBotRedisClient, AddXBotNpgsqlDataSource, AddXBotCore),
/// on a controlled clock and a seeded post_fraction draw, with its log lines captured.
/// </summary>
public sealed class PipelineHost : IAsyncDisposable
{
    private readonly IHost _host;

    private PipelineHost(IHost host, CapturedLog log)
    {
        _host = host;
        Log = log;
    }

    public CapturedLog Log { get; }

    public SchedulingCycle Cycle => Get<SchedulingCycle>();

    public PostLifecycleStore Lifecycle => Get<PostLifecycleStore>();

    public CandidateRefresher Refresher => Get<CandidateRefresher>();

    public IDualStore Store => Get<IDualStore>();

    public T Get<T>() where T : notnull => _host.Services.GetRequiredService<T>();

    /// <summary>Noon tomorrow (UTC): outside the default quiet hours, and ahead of the real clock so Redis expiries lie in the future.</summary>
    public static FakeTimeProvider NewClock() => new(DateTimeOffset.UtcNow.Date.AddDays(1).AddHours(12));

    public static async Task<PipelineHost> StartAsync(StoreScope scope, TimeProvider clock, IDictionary<string, string?>? settings = null, int seed = 7)
    {
        var all = scope.Settings(settings);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(all);
        var log = new CapturedLog();
        builder.Logging.AddProvider(log).SetMinimumLevel(LogLevel.Information);
        builder.Services.AddSingleton(clock);
        builder.Services.AddSingleton(new Random(seed));
        builder.AddXBotRedisClient("cache");
        builder.AddXBotNpgsqlDataSource("xbotdb");
        builder.Services.AddXBotCore(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync();
        return new PipelineHost(host, log);
    }

    /// <summary>Relaxes the caps for tests that post many times; keeps the 15-minute minimum interval.</summary>
    public async Task RelaxCapsAsync()
    {
        await Store.SetConfigAsync("rate_limits", JsonNode.Parse("""{"daily": 1000, "hourly": 100}"""), "test");
        await Store.SetConfigAsync("post_interval_min", JsonValue.Create(15), "test");
        await Store.SetConfigAsync("post_fraction", JsonValue.Create(1.0), "test");
    }

    public async Task<long> EnqueueAsync(string text, string? requestId = null) =>
        await Lifecycle.EnqueueAsync(
            new NewPost(text, XBot.Core.Text.ContentHash.Compute(text), "test", "dotnet", 1.0, Get<TimeProvider>().GetUtcNow().AddHours(48), RequestId: requestId),
            CancellationToken.None) ?? throw new InvalidOperationException($"not queued: {text}");

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(TimeSpan.FromSeconds(10));
        if (_host is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }
}

/// <summary>Every log line the pipeline writes, for assertions such as the shadow line.</summary>
public sealed class CapturedLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(_lines);

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(formatter(state, exception));
    }
}
