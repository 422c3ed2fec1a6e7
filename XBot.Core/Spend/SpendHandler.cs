using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace XBot.Core.Spend;

/// <summary>
/// In the X client's pipeline: after X answers a billed call, writes its cost to the ledger: a created post
/// (with or without a URL) or the posts a read returned. Outside the resilience handler, so each answer counts
/// once whatever was retried. A ledger that can't be written is logged and does not fail the call, whose
/// outcome matters more than its bookkeeping. Without storage (a bare client) it does nothing.
/// </summary>
public sealed partial class SpendHandler(IServiceProvider services, ILogger<SpendHandler> logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string? postText = null;
        if (request.Method == HttpMethod.Post && request.Content is not null && request.RequestUri?.AbsolutePath.EndsWith("/2/tweets", StringComparison.Ordinal) == true)
        {
            postText = JsonNode.Parse(await request.Content.ReadAsStringAsync(cancellationToken))?["text"]?.GetValue<string>();
        }
        var response = await base.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode || services.GetService<SpendLedger>() is not { } ledger)
        {
            return response;
        }
        try
        {
            var endpoint = $"{request.Method} {request.RequestUri?.AbsolutePath}";
            if (postText is not null)
            {
                await ledger.RecordAsync(SpendLedger.PostOperation(postText), 1, endpoint, cancellationToken);
            }
            else if (request.Method == HttpMethod.Get && response.Content is not null)
            {
                await response.Content.LoadIntoBufferAsync(cancellationToken);
                var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
                if (body?["data"] is JsonArray { Count: > 0 } posts && request.RequestUri!.AbsolutePath.Contains("/tweets", StringComparison.Ordinal))
                {
                    await ledger.RecordAsync("read", posts.Count, endpoint, cancellationToken);
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or Npgsql.NpgsqlException or InvalidOperationException)
        {
            LogNotRecorded(logger, ex.Message);
        }
        return response;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "An X call's cost could not be written to the spend ledger: {Error}")]
    private static partial void LogNotRecorded(ILogger logger, string error);
}
