using XBot.XSimulator;
using XBot.XSimulator.Simulation;

// The X API stand-in as a service: `dotnet run --project XBot.XSimulator`, or started by an orchestrator
// with ASPNETCORE_URLS. Configuration: the XSimulator section (docs/x-api.md).
var builder = WebApplication.CreateBuilder(args);

// A fixed default port so that a hand-started stand-in is where the docs say; ASPNETCORE_URLS or --urls win.
const string DefaultUrl = "http://localhost:5190";
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.WebHost.UseUrls(DefaultUrl);
}

builder.AddServiceDefaults();
builder.AddXSimulator();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapXSimulator();

var state = app.Services.GetRequiredService<XSimulatorState>();
app.Lifetime.ApplicationStarted.Register(() => app.Logger.LogInformation(
    "X stand-in ready: account @{Username} ({AccountId}), consumer key {ConsumerKey}; admin API under /_sim",
    state.Options.Account.Username, state.Options.Account.Id, state.Options.Credentials.ConsumerKey));
if (state.Clock.Base is XBot.Core.Time.ScaledTimeProvider scaled)
{
    app.Lifetime.ApplicationStarted.Register(() => app.Logger.LogInformation(
        "Simulated clock: {Scale}x from {Epoch:O}; simulated now {Now:O}", scaled.Scale, scaled.Epoch, state.Clock.GetUtcNow()));
}

await app.RunAsync();
