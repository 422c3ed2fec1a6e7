using System.Collections.Concurrent;

namespace XBot.XSimulator.Simulation;

/// <summary>One API request as it arrived, and what the stand-in did with it.</summary>
public sealed class SimRequest(long sequence, string endpoint, string method, string target, DateTimeOffset receivedAt)
{
    public long Sequence { get; } = sequence;
    public string Endpoint { get; } = endpoint;
    public string Method { get; } = method;
    public string Target { get; } = target;
    public DateTimeOffset ReceivedAt { get; } = receivedAt;

    /// <summary>The status sent, or what happened instead ("timeout", "dropped"); null while in progress.</summary>
    public string? Outcome { get; set; }

    /// <summary>The body as received (null without one).</summary>
    public string? Body { get; set; }

    /// <summary>The Content-Length header; null when the body came chunked or there was none.</summary>
    public long? ContentLength { get; set; }

    /// <summary>True when the body came with <c>Transfer-Encoding: chunked</c>.</summary>
    public bool Chunked { get; set; }

    public string? ContentType { get; set; }
}

/// <summary>
/// Every API request received, counted as it arrives, before authentication or any fault, so that tests
/// can assert exactly how many requests a client really sent.
/// </summary>
public sealed class RequestLog
{
    private readonly ConcurrentQueue<SimRequest> _requests = new();
    private long _sequence;

    public SimRequest Record(string endpoint, string method, string target, DateTimeOffset receivedAt)
    {
        var request = new SimRequest(Interlocked.Increment(ref _sequence), endpoint, method, target, receivedAt);
        _requests.Enqueue(request);
        return request;
    }

    public IReadOnlyList<SimRequest> All() => [.. _requests];

    public int Count(string? endpoint = null) => endpoint is null ? _requests.Count : _requests.Count(r => r.Endpoint == endpoint);

    public void Clear() => _requests.Clear();
}
