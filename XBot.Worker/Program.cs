using XBot.Core.Configuration;
using XBot.Worker.Cli;

// Only no arguments (or exactly `run`) start the posting worker, a web host only so that it can serve
// /health and /alive to its orchestrator's probes. Anything else is the ops CLI: an option or a typo must
// never start a live poster.
if (!WorkerCli.RunsWorker(args))
{
    return await WorkerCli.RunAsync(args);
}

try
{
    var builder = WebApplication.CreateBuilder();

    builder.AddServiceDefaults();
    builder.AddWorkerServices();

    var app = builder.Build();

    app.MapDefaultEndpoints();

    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (StartupFailure.Describe(ex, StartupRefusal.IsOperatorFixable) is { } failure)
{
    return StartupFailure.Report(failure);
}
