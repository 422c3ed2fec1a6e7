using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using XBot.Tests.Infrastructure;

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

    private LocalHttpServer? _http;

    public Behaviour Mode { get; set; }

    /// <summary>What the client sent: the model, the input and the Authorization header, per request.</summary>
    public List<(string? Model, string? Input, string? Authorization)> Requests { get; } = [];

    /// <summary>The base URL to give the client, as <c>OPENAI_BASE_URL</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    public static async Task<FakeModerationServer> StartAsync()
    {
        var server = new FakeModerationServer();
        server._http = await LocalHttpServer.StartAsync(app => app.MapPost("/v1/moderations", server.HandleAsync));
        server.BaseUrl = new Uri(server._http.BaseAddress, "v1").ToString();
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
        if (_http is not null)
        {
            await _http.DisposeAsync();
        }
    }
}
