using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using XBot.AppHost;
using XBot.Core.Configuration;
using XBot.Core.Time;

namespace XBot.Tests.Time;

/// <summary>The SIMULATED_CLOCK_EPOCH / SIMULATED_TIME_SCALE contract and AppHost:TimeScale: read, checked, refused.</summary>
public sealed class SimulatedClockSettingsTests
{
    private const string StandIn = "http://localhost:5190";

    private static IConfiguration Config(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Unset_means_the_system_clock()
    {
        Assert.Null(SimulatedClock.Read(Config()));
        var services = new ServiceCollection().AddSimulatedClock(Config());
        Assert.Empty(services);
    }

    [Fact]
    public void Both_set_with_a_stand_in_registers_the_scaled_clock()
    {
        var config = Config(("SIMULATED_CLOCK_EPOCH", "2026-03-01T12:00:00Z"), ("SIMULATED_TIME_SCALE", "720"), ("X_API_BASE_URL", StandIn));

        // As in the services: the host has registered the system clock already, through a factory.
        var services = new ServiceCollection().AddSingleton(_ => TimeProvider.System);
        using var provider = services.AddSimulatedClock(config).BuildServiceProvider();

        var clock = Assert.IsType<ScaledTimeProvider>(provider.GetRequiredService<TimeProvider>());
        Assert.Single(services, d => d.ServiceType == typeof(TimeProvider));
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero), clock.Epoch);
        Assert.Equal(720, clock.Scale);
        Assert.Same(TimeProvider.System, clock.PhysicalClock);
    }

    [Fact]
    public void A_service_built_as_the_worker_and_api_are_runs_on_the_simulated_clock()
    {
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SIMULATED_CLOCK_EPOCH"] = "2026-03-01T12:00:00Z", ["SIMULATED_TIME_SCALE"] = "720", ["X_API_BASE_URL"] = StandIn,
        });
        builder.AddServiceDefaults();
        builder.Services.AddXBotCore(builder.Configuration);

        using var app = builder.Build();

        Assert.IsType<ScaledTimeProvider>(app.Services.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void A_test_clock_registered_first_is_kept()
    {
        var config = Config(("SIMULATED_CLOCK_EPOCH", "2026-03-01T12:00:00Z"), ("SIMULATED_TIME_SCALE", "720"), ("X_API_BASE_URL", StandIn));
        var fake = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();

        using var provider = new ServiceCollection().AddSingleton<TimeProvider>(fake).AddSimulatedClock(config).BuildServiceProvider();

        Assert.Same(fake, provider.GetRequiredService<TimeProvider>());
    }

    [Theory]
    [InlineData("2026-03-01T12:00:00Z", null, "SIMULATED_TIME_SCALE is not set")]
    [InlineData(null, "720", "SIMULATED_CLOCK_EPOCH is not set")]
    [InlineData("yesterday", "720", "SIMULATED_CLOCK_EPOCH is 'yesterday'")]
    [InlineData("2026-03-01T12:00:00Z", "0.5", "SIMULATED_TIME_SCALE is '0.5'; use a number from 1 to 10000")]
    [InlineData("2026-03-01T12:00:00Z", "20000", "SIMULATED_TIME_SCALE is '20000'")]
    [InlineData("2026-03-01T12:00:00Z", "fast", "SIMULATED_TIME_SCALE is 'fast'")]
    public void A_bad_or_lone_value_is_refused_naming_the_variable(string? epoch, string? scale, string expected)
    {
        var error = Assert.Throws<XBotConfigurationException>(() =>
            new ServiceCollection().AddSimulatedClock(Config(("SIMULATED_CLOCK_EPOCH", epoch), ("SIMULATED_TIME_SCALE", scale), ("X_API_BASE_URL", StandIn))));
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData(null, "X_API_BASE_URL is not")]
    [InlineData("https://api.x.com", "is the real X API (api.x.com)")]
    [InlineData("https://api.twitter.com/", "is the real X API (api.twitter.com)")]
    public void It_is_refused_unless_X_is_a_stand_in(string? baseUrl, string expected)
    {
        var config = Config(("SIMULATED_CLOCK_EPOCH", "2026-03-01T12:00:00Z"), ("SIMULATED_TIME_SCALE", "720"), ("X_API_BASE_URL", baseUrl));

        var error = Assert.Throws<XBotConfigurationException>(() => new ServiceCollection().AddSimulatedClock(config));
        Assert.Contains(expected, error.Message);
        Assert.Contains("never", error.Message);
    }

    [Fact]
    public void The_AppHost_refuses_a_time_scale_without_the_stand_in()
    {
        var error = Assert.Throws<AppHostConfigurationException>(() => SimulatedClockExtensions.TimeScale(Config(("AppHost:TimeScale", "720")), simulator: false));
        Assert.Contains("--AppHost:X=simulator", error.Message);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("10001")]
    [InlineData("quick")]
    public void The_AppHost_refuses_a_time_scale_out_of_range(string scale)
    {
        var error = Assert.Throws<AppHostConfigurationException>(() => SimulatedClockExtensions.TimeScale(Config(("AppHost:TimeScale", scale)), simulator: true));
        Assert.Contains($"AppHost:TimeScale is '{scale}'; use a number from 1 to 10000", error.Message);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("none", false)]
    [InlineData("simulator", true)]
    [InlineData(" Simulator ", true)]
    public void The_AppHost_reads_the_X_mode(string? value, bool simulator) =>
        Assert.Equal(simulator, XMode.IsSimulator(Config(("AppHost:X", value))));

    [Theory]
    [InlineData("real")]
    [InlineData("simulater")]
    public void The_AppHost_refuses_an_X_mode_it_does_not_know_rather_than_running_against_the_real_X(string value)
    {
        var error = Assert.Throws<AppHostConfigurationException>(() => XMode.IsSimulator(Config(("AppHost:X", value))));
        Assert.Equal($"AppHost:X is '{value}'. Use none (the real X API, with the worker's own X credentials) or simulator (the X stand-in, offline).", error.Message);
    }

    [Fact]
    public void The_AppHost_without_a_time_scale_changes_nothing()
    {
        Assert.Null(SimulatedClockExtensions.TimeScale(Config(), simulator: true));
        Assert.Equal(1440, SimulatedClockExtensions.TimeScale(Config(("AppHost:TimeScale", "1440")), simulator: true));
    }
}
