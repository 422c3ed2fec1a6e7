using XBot.Worker.Cli;

// With a verb (`db migrate`, `redis health`, ...) the worker is the ops CLI; without one it is the
// posting worker, a web host only so that it can serve /health and /alive to its orchestrator's probes.
if (WorkerCli.IsCommand(args))
{
    return await WorkerCli.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddWorkerServices();

var app = builder.Build();

app.MapDefaultEndpoints();

await app.RunAsync();
return 0;
