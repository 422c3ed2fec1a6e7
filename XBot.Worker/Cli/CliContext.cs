using System.CommandLine;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Npgsql;
using XBot.Core.Configuration;
using XBot.Core.Storage.Redis;
using XBot.ServiceDefaults.Connections;

namespace XBot.Worker.Cli;

/// <summary>
/// What a CLI command runs with: configuration (environment, user secrets, appsettings), output in text
/// or JSON, and services built on demand, so that a database verb does not need Redis settings.
/// </summary>
public sealed class CliContext(IConfiguration? configuration = null, TextWriter? stdout = null, TextWriter? stderr = null) : IAsyncDisposable
{
    public static readonly Option<bool> JsonOption = new("--json")
    {
        Description = "Write machine-readable JSON to standard output.",
        Recursive = true,
    };

    private readonly List<IHost> _hosts = [];

    private readonly IConfiguration _given = configuration ?? new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
        .AddUserSecrets(typeof(CliContext).Assembly, optional: true)
        .AddEnvironmentVariables()
        .Build();

    private IConfiguration? _withLocalStack;
    private bool _localStackLooked;

    /// <summary>The configuration given, plus the local stack's connection strings once a verb has found it (<see cref="LocalStackDiscovery"/>).</summary>
    public IConfiguration Configuration => _withLocalStack ?? _given;

    public CliOutput Output { get; } = new(stdout ?? Console.Out, stderr ?? Console.Error);

    /// <summary>
    /// Runs a command body with services that have Redis and/or PostgreSQL as asked. Configuration and
    /// connection errors become a one-line message and exit code 2; a <see cref="CliException"/> its own code.
    /// </summary>
    public async Task<int> RunAsync(
        ParseResult parse,
        Func<IServiceProvider, CliOutput, CancellationToken, Task<int>> body,
        bool redis,
        bool database,
        CancellationToken cancellationToken)
    {
        Output.Json = parse.GetValue(JsonOption);
        try
        {
            var services = CreateServices(redis, database);
            if (redis)
            {
                // A worker starts serving from PostgreSQL while Redis connects; a one-shot command must not, or its
                // Redis half (a cache drop, an invalidation) would be skipped as "still connecting" on a healthy stack.
                // Bounded by the client's connect timeout; after it, a Redis that is really down is reported as such.
                await services.GetRequiredService<RedisGate>().WaitUntilConnectedAsync(cancellationToken);
            }
            return await body(services, Output, cancellationToken);
        }
        catch (CliException ex)
        {
            return Output.Error(ex.Message, ex.ExitCode);
        }
        catch (Exception ex) when (ex is ConnectionSettingException && !LocalStackDiscovery.AnyConnectionConfigured(Configuration))
        {
            return Output.Error($"{ex.Message} No local stack either ({LocalStackDiscovery.PathFor(Configuration)} does not exist): start one with 'dotnet run --project XBot.AppHost'.", 2);
        }
        catch (Exception ex) when (ex is ConnectionSettingException or XBotConfigurationException or OptionsValidationException)
        {
            return Output.Error(ex.Message, 2);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Output.Error("cancelled", 1);
        }
        catch (Exception ex) when (ConnectionProblem.Describe(ex, Configuration) is { } problem)
        {
            return Output.Error(problem, 1);
        }
        catch (Exception ex)
        {
            return Output.Error($"{ex.GetType().Name}: {ex.Message}", 1);
        }
    }

    /// <summary>The same registrations the services use, for the parts a command needs.</summary>
    public IServiceProvider CreateServices(bool redis, bool database)
    {
        UseLocalStackIfUnconfigured();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddConfiguration(Configuration);
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // The clients log every failed connect attempt with its stack; the verb reports the failure in one line (ConnectionProblem).
        builder.Logging.AddFilter("StackExchange.Redis", LogLevel.None);
        builder.Logging.AddFilter("Npgsql", LogLevel.None);
        if (redis)
        {
            builder.AddXBotRedisClient("cache");
        }
        if (database || HasPostgresSetting)
        {
            builder.AddXBotNpgsqlDataSource("xbotdb");
        }
        else
        {
            // A verb that needs only Redis (redis health) still resolves services that could write audit rows;
            // without a PostgreSQL setting they get a source that fails if ever opened, rather than demanding the setting.
            builder.Services.AddSingleton(_ => NpgsqlDataSource.Create($"Host={UnconfiguredHost};Timeout=1"));
        }
        builder.Services.AddXBotCore(builder.Configuration);

        var host = builder.Build();
        _hosts.Add(host);
        return host.Services;
    }

    /// <summary>Once per run: with no connection configured, the stack the AppHost runs, said on stderr.</summary>
    private void UseLocalStackIfUnconfigured()
    {
        if (_localStackLooked)
        {
            return;
        }
        _localStackLooked = true;
        if (LocalStackDiscovery.Find(_given) is { } found)
        {
            Output.Stderr.WriteLine(found.Description);
            _withLocalStack = new ConfigurationBuilder().AddConfiguration(_given).AddInMemoryCollection(found.Settings).Build();
        }
    }

    private const string UnconfiguredHost = "postgresql-is-not-configured.invalid";

    private bool HasPostgresSetting =>
        !string.IsNullOrWhiteSpace(Configuration["ConnectionStrings:xbotdb"]) || !string.IsNullOrWhiteSpace(Configuration[PostgresConnection.UrlVariable]);

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            if (host is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
            else
            {
                host.Dispose();
            }
        }
    }
}

/// <summary>A failure with a message for the operator and an exit code.</summary>
public sealed class CliException(string message, int exitCode = 1) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
