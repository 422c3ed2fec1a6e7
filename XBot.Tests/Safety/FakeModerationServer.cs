using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace XBot.Tests.Safety;

/// <summary>
/// A local stand-in for the OpenAI moderation endpoint (<c>POST /v1/moderations</c>) on 127.0.0.1, so the
/// real SDK client is tested against real HTTP. <see cref="Mode"/> picks the answer.
/// </summary>
public sealed class FakeModerationServer : IAsyncDisposable
{
    public enum Behaviour { NotFlagged, Flagged, Hang, ServerError }

    private static readonly string[] CategoryNames =
    [
        "hate", "hate/threatening", "harassment", "harassment/threatening", "illicit", "illicit/violent",
        "self-harm", "self-harm/intent", "self-harm/instructions", "sexual", "sexual/minors", "violence", "violence/graphic",
    ];

    private readonly WebApplication _app;

    private FakeModerationServer(WebApplication app) => _app = app;

    public Behaviour Mode { get; set; }

    /// <summary>What the client sent: the model, the input and the Authorization header, per request.</summary>
    public List<(string? Model, string? Input, string? Authorization)> Requests { get; } = [];

    /// <summary>The base URL to give the client, as <c>OPENAI_BASE_URL</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    public static async Task<FakeModerationServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeModerationServer(app);
        app.MapPost("/v1/moderations", server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = address.TrimEnd('/') + "/v1";
        return server;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        lock (Requests)
        {
            Requests.Add((
                body.RootElement.TryGetProperty("model", out var model) ? model.GetString() : null,
                body.RootElement.TryGetProperty("input", out var input) ? input.ToString() : null,
                context.Request.Headers.Authorization.ToString()));
        }

        switch (Mode)
        {
            case Behaviour.Hang:
                // Answers only when the client gives up (or the server stops): no fixed sleep.
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            case Behaviour.ServerError:
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                await context.Response.WriteAsJsonAsync(new { error = new { message = "boom", type = "server_error" } });
                return;
        }

        var flagged = Mode == Behaviour.Flagged;
        var categories = CategoryNames.ToDictionary(n => n, n => flagged && n == "violence");
        var scores = CategoryNames.ToDictionary(n => n, n => flagged && n == "violence" ? 0.97 : 0.001);
        var inputTypes = CategoryNames.ToDictionary(n => n, _ => new[] { "text" });
        await context.Response.WriteAsJsonAsync(new
        {
            id = "modr-test",
            model = "omni-moderation-latest",
            results = new[]
            {
                new Dictionary<string, object>
                {
                    ["flagged"] = flagged,
                    ["categories"] = categories,
                    ["category_scores"] = scores,
                    ["category_applied_input_types"] = inputTypes,
                },
            },
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
