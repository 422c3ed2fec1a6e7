// The worker is a web host only so that it can serve /health and /alive to its orchestrator's probes;
// its work happens in the BackgroundServices that AddWorkerServices registers.
var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddWorkerServices();

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();
