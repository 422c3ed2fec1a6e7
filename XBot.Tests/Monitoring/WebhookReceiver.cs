using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using XBot.Tests.Infrastructure;

namespace XBot.Tests.Monitoring;

/// <summary>A webhook endpoint on a real local HTTP server: records every POST, and answers 500 to the first <see cref="FailFirst"/>.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly LocalHttpServer _server;
    private int _seen;

    private WebhookReceiver(LocalHttpServer server, string path)
    {
        _server = server;
        Url = new Uri(server.BaseAddress, path).ToString();
    }

    /// <summary>The hook's URL; its path is a made-up token, as real hooks carry one.</summary>
    public string Url { get; }

    /// <summary>Every request, in arrival order: the body and its Idempotency-Key.</summary>
    public ConcurrentQueue<(JsonObject Body, string? IdempotencyKey, int Answer)> Requests { get; } = new();

    /// <summary>The notices the hook accepted (answered 2xx).</summary>
    public IReadOnlyList<JsonObject> Accepted => [.. Requests.Where(r => r.Answer < 300).Select(r => r.Body)];

    public int FailFirst { get; set; }

    public static async Task<WebhookReceiver> StartAsync(string path = "hooks/T0SECRET/B0SECRET/tokentokentoken")
    {
        WebhookReceiver? receiver = null;
        var server = await LocalHttpServer.StartAsync(app => app.MapPost("/hooks/{**rest}", async (HttpContext context) =>
        {
            var body = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
            var answer = Interlocked.Increment(ref receiver!._seen) <= receiver.FailFirst ? 500 : 200;
            receiver.Requests.Enqueue((body, context.Request.Headers["Idempotency-Key"].FirstOrDefault(), answer));
            return Results.StatusCode(answer);
        }));
        receiver = new WebhookReceiver(server, path);
        return receiver;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
