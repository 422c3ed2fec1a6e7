using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using XBot.Tests.Infrastructure;

namespace XBot.Tests.AppHost;

/// <summary>
/// The whole stack from XBot.AppHost's Program.cs, through Aspire.Hosting.Testing: isolated data folder, random ports,
/// known secrets, no dashboard. Disposing stops every resource and deletes the data folder.
/// </summary>
public sealed class XBotStack : IAsyncDisposable
{
    public static readonly string[] Services = ["cache", "postgres", "xbotdb", "api", "worker", "web"];

    private readonly string _dataDirectory;

    private XBotStack(DistributedApplication app, string dataDirectory, string[] arguments)
    {
        App = app;
        _dataDirectory = dataDirectory;
        AdminPassword = arguments.Single(a => a.StartsWith("--Parameters:admin-password=", StringComparison.Ordinal)).Split('=', 2)[1];
    }

    public DistributedApplication App { get; }

    public string AdminPassword { get; }

    /// <summary>This stack's <c>XDG_STATE_HOME</c>: its local-stack file is in <c>xbot/</c> under it, not in the user's own state folder.</summary>
    public string StateDirectory => StateDirectoryOf(_dataDirectory);

    private static string StateDirectoryOf(string dataDirectory) => Path.Combine(dataDirectory, "state");

    /// <param name="arguments">AppHost configuration, e.g. <c>--AppHost:X=simulator</c>.</param>
    /// <param name="worker">Changes to the worker resource (environment for a test).</param>
    /// <param name="standIn">Changes to the X stand-in's resource, in simulator mode (its <c>XSimulator__*</c> settings).</param>
    public static async Task<XBotStack> StartAsync(
        string[]? arguments = null, Action<IResourceBuilder<ProjectResource>>? worker = null, Action<IResourceBuilder<ProjectResource>>? standIn = null)
    {
        var dataDirectory = AspireTestExtensions.NewDataDirectory();
        string[] all =
        [
            .. AspireTestExtensions.IsolatedRunArguments(dataDirectory),
            $"--AppHost:LocalStackFile={Path.Combine(StateDirectoryOf(dataDirectory), "xbot", "local-stack.json")}",
            .. arguments ?? [],
        ];
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.XBot_AppHost>(all);
        var workerResource = builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "worker"));
        // Tests decide what is queued; a test's own worker settings (applied after) may switch the supply back on.
        workerResource.WithEnvironment("Candidates__Supply__Enabled", "false");
        worker?.Invoke(workerResource);
        if (standIn is not null)
        {
            standIn(builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "x")));
        }

        var app = await builder.BuildAsync();
        var stack = new XBotStack(app, dataDirectory, all);
        try
        {
            await app.StartAsync(Deadline.Minutes(4));
            var expected = builder.Resources.Any(r => r.Name == "x") ? [.. Services, "x"] : Services;
            await app.WaitForHealthyAsync(expected, Deadline.Minutes(4));
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
        return stack;
    }

    public async Task<string> ConnectionStringAsync(string name) => (await App.GetConnectionStringAsync(name))!;

    /// <summary>The CLI's settings for this stack: the worker's connection strings.</summary>
    public async Task<Dictionary<string, string?>> CliSettingsAsync() => new()
    {
        ["ConnectionStrings:cache"] = await ConnectionStringAsync("cache"),
        ["ConnectionStrings:xbotdb"] = await ConnectionStringAsync("xbotdb"),
    };

    /// <summary>Whatever the hour the suite runs at, it is not a quiet hour for this stack; optionally sets post_fraction.</summary>
    public async Task AllowPostingNowAsync(double? postFraction = null)
    {
        await using var store = await XBot.Tests.Storage.StoreHost.StartAsync(await ConnectionStringAsync("cache"), await ConnectionStringAsync("xbotdb"), "dev:", start: false);
        var notNow = (DateTimeOffset.UtcNow.Hour + 12) % 24;
        await store.Store.SetConfigAsync("quiet_hours", new System.Text.Json.Nodes.JsonArray(notNow), "test");
        if (postFraction is { } fraction)
        {
            await store.Store.SetConfigAsync("post_fraction", System.Text.Json.Nodes.JsonValue.Create(fraction), "test");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        AspireTestExtensions.DeleteDataDirectory(_dataDirectory);
    }
}
