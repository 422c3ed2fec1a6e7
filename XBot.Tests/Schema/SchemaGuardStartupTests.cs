using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using XBot.Tests.Infrastructure;
using XBot.Core.Schema;
using static XBot.Tests.Schema.SchemaTestData;

namespace XBot.Tests.Schema;

/// <summary>The schema guard against the real baseline migration: through the CLI, as a hosted service, and in the real api and worker.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class SchemaGuardStartupTests(InfrastructureFixture infrastructure)
{
    public enum Setup
    {
        Empty,
        BaselineSqlByHand,
        RealBaseline,
        RealMigrations,
        RealMigrationsPlusNewerMinor,
    }

    [Theory]
    [InlineData(Setup.RealMigrations, null, SchemaGuardVerdict.Compatible, 0)]
    [InlineData(Setup.RealBaseline, "1.0.0", SchemaGuardVerdict.Compatible, 0)]
    [InlineData(Setup.RealMigrationsPlusNewerMinor, "1.0.0", SchemaGuardVerdict.DatabaseNewerCompatible, 0)]
    [InlineData(Setup.RealBaseline, "1.0.1", SchemaGuardVerdict.AppNewerRunMigrations, 1)]
    [InlineData(Setup.RealBaseline, "1.1.0", SchemaGuardVerdict.AppNewerRunMigrations, 1)]
    [InlineData(Setup.RealBaseline, "2.0.0", SchemaGuardVerdict.MajorMismatch, 1)]
    [InlineData(Setup.RealBaseline, "0.9.0", SchemaGuardVerdict.MajorMismatch, 1)]
    [InlineData(Setup.Empty, null, SchemaGuardVerdict.NotMigrated, 1)]
    [InlineData(Setup.BaselineSqlByHand, null, SchemaGuardVerdict.NotMigrated, 1)]
    public async Task Db_guard_evaluates_the_real_baseline(Setup setup, string? appVersion, SchemaGuardVerdict verdict, int exitCode)
    {
        await using var database = await PrepareAsync(setup);
        var settings = Settings(database);
        if (appVersion is not null)
        {
            settings["APP_SCHEMA_VERSION"] = appVersion;
        }

        var result = await CliRunner.RunAsync(settings, "db", "guard", "--json");

        Assert.True(result.ExitCode == exitCode, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(JsonNamingPolicy.CamelCase.ConvertName(verdict.ToString()), json.RootElement.GetProperty("verdict").GetString());
        Assert.Equal(appVersion ?? Real.Newest.ToString(), json.RootElement.GetProperty("appVersion").GetString());
        if (exitCode != 0 && verdict != SchemaGuardVerdict.MajorMismatch)
        {
            Assert.Contains("dotnet run --project XBot.Worker -- db migrate", json.RootElement.GetProperty("message").GetString());
        }
    }

    [Fact]
    public async Task Db_guard_refuses_a_malformed_APP_SCHEMA_VERSION_by_name()
    {
        await using var database = await PrepareAsync(Setup.RealBaseline);

        var result = await CliRunner.RunAsync(Settings(database, ("APP_SCHEMA_VERSION", "1.0")), "db", "guard");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("APP_SCHEMA_VERSION '1.0' is not a schema version", result.Stderr);
    }

    [Fact]
    public async Task The_start_up_check_lets_a_migrated_database_through()
    {
        await using var database = await PrepareAsync(Setup.RealMigrations);
        var logs = new LogCollector();
        using var host = BuildHost(database, logs);

        await host.StartAsync();
        await host.StopAsync();

        Assert.Contains(logs.Messages, m => m.Contains($"Schema guard: The database schema {Real.Newest} matches"));
    }

    [Theory]
    [InlineData(Setup.Empty, null, SchemaGuardVerdict.NotMigrated)]
    [InlineData(Setup.BaselineSqlByHand, null, SchemaGuardVerdict.NotMigrated)]
    [InlineData(Setup.RealBaseline, "1.1.0", SchemaGuardVerdict.AppNewerRunMigrations)]
    [InlineData(Setup.RealBaseline, "2.0.0", SchemaGuardVerdict.MajorMismatch)]
    public async Task The_start_up_check_fails_start_up_on_an_incompatible_database(Setup setup, string? appVersion, SchemaGuardVerdict verdict)
    {
        await using var database = await PrepareAsync(setup);
        var logs = new LogCollector();
        using var host = BuildHost(database, logs, appVersion is null ? [] : [("APP_SCHEMA_VERSION", appVersion)]);
        var started = new List<string>();
        host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(() => started.Add("started"));

        var error = await Assert.ThrowsAsync<SchemaGuardException>(() => host.StartAsync());

        Assert.Equal(verdict, error.Result.Verdict);
        Assert.Empty(started);
        Assert.Contains(logs.Messages, m => m.StartsWith($"Critical: Schema guard refused start-up ({verdict})", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SKIP_SCHEMA_GUARD_bypasses_the_check_with_a_warning()
    {
        await using var database = await PrepareAsync(Setup.Empty);
        var logs = new LogCollector();
        using var host = BuildHost(database, logs, [("SKIP_SCHEMA_GUARD", "true")]);

        await host.StartAsync();
        await host.StopAsync();

        var warning = Assert.Single(logs.Messages, m => m.StartsWith("Warning: SKIP_SCHEMA_GUARD=true", StringComparison.Ordinal));
        Assert.Contains("The database has no schema_version", warning);
    }

    [Theory]
    [InlineData("XBot.Api")]
    [InlineData("XBot.Worker")]
    public async Task The_api_and_the_worker_refuse_to_start_on_an_unmigrated_database(string project)
    {
        await using var database = await PrepareAsync(Setup.BaselineSqlByHand);
        var info = ServiceStartInfo(project, database, "http://127.0.0.1:0");

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(Deadline.Minutes(1));

        Assert.Equal(2, process.ExitCode);
        var all = await output + await error;
        Assert.Contains("error: Schema guard", await error);
        Assert.DoesNotContain("Unhandled exception", all);
        Assert.Contains("dotnet run --project XBot.Worker -- db migrate", all);
    }

    [Theory]
    [InlineData("XBot.Api")]
    [InlineData("XBot.Worker")]
    public async Task The_api_and_the_worker_name_an_address_in_use_in_one_line(string project)
    {
        await using var database = await PrepareAsync(Setup.RealMigrations);
        using var taken = PortFinder.Held(out var port);
        var info = ServiceStartInfo(project, database, $"http://127.0.0.1:{port}");

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(Deadline.Minutes(1));

        var stderr = await error;
        Assert.True(process.ExitCode == 1, $"exit {process.ExitCode}:\n{await output}\n{stderr}");
        Assert.StartsWith($"error: Failed to bind to address http://127.0.0.1:{port}: address already in use. Stop what uses it", stderr);
        Assert.DoesNotContain("Unhandled exception", await output + stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    /// <summary>The api's or the worker's build output, started by hand on <paramref name="database"/> with the schema guard on.</summary>
    private ProcessStartInfo ServiceStartInfo(string project, TestDatabase database, string urls)
    {
        var info = RepositoryLayout.FromBuild().StartInfo(project);
        info.Environment["ConnectionStrings__xbotdb"] = database.ConnectionString;
        info.Environment["ConnectionStrings__cache"] = infrastructure.RedisConnectionString;
        info.Environment["REDIS_PREFIX"] = InfrastructureFixture.NewPrefix();
        info.Environment["ASPNETCORE_URLS"] = urls;
        info.Environment["Admin__ApiKey"] = new string('k', 40);
        info.Environment["Candidates__Supply__Enabled"] = "false";
        info.Environment.Remove("SKIP_SCHEMA_GUARD");
        info.Environment.Remove("APP_SCHEMA_VERSION");
        return info;
    }

    private async Task<TestDatabase> PrepareAsync(Setup setup)
    {
        var database = await infrastructure.CreateDatabaseAsync();
        switch (setup)
        {
            case Setup.BaselineSqlByHand:
                await ExecuteAsync(database, Real.Find(RealBaseline)!.Script);
                break;
            case Setup.RealBaseline:
                await MigrateAsync(database, BaselineOnly);
                break;
            case Setup.RealMigrations:
                await MigrateAsync(database, Real);
                break;
            case Setup.RealMigrationsPlusNewerMinor:
                await MigrateAsync(database, RealPlus((Later(), "newer", "ALTER TABLE tweets ADD COLUMN probe_newer int NULL;", "ALTER TABLE tweets DROP COLUMN probe_newer;")));
                Assert.Equal(Later().ToString(), await StoredVersionAsync(database));
                break;
        }
        return database;
    }

    private static IHost BuildHost(TestDatabase database, LogCollector logs, params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(Settings(database, settings));
        builder.Logging.AddProvider(logs);
        builder.AddXBotNpgsqlDataSource("xbotdb");
        builder.Services.AddXBotCore(builder.Configuration);
        builder.Services.AddSchemaGuard();
        return builder.Build();
    }

    private sealed class LogCollector : ILoggerProvider
    {
        private readonly List<string> _messages = [];

        public IReadOnlyList<string> Messages
        {
            get
            {
                lock (_messages)
                {
                    return [.. _messages];
                }
            }
        }

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(LogCollector collector) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (collector._messages)
                {
                    collector._messages.Add($"{logLevel}: {formatter(state, exception)}");
                }
            }
        }
    }
}
