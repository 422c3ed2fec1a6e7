using XBot.AppHost;
using XBot.AppHost.Hosting;

var builder = DistributedApplication.CreateBuilder(args);

builder.AddXBot();

await using var app = builder.Build();

return await app.RunAsync();
