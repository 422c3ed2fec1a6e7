using System.Text.Json.Serialization;

namespace XBot.XSimulator.Simulation;

/// <summary>The failures the stand-in can play.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SimFault>))]
public enum SimFault
{
    /// <summary>429 for every request until the storm ends, with reset headers pointing at its end.</summary>
    [JsonStringEnumMemberName("rate-limit-storm")] RateLimitStorm,

    /// <summary>403 duplicate content for posts, whatever the text.</summary>
    [JsonStringEnumMemberName("duplicate")] Duplicate,

    /// <summary>A 5xx (503 unless a status is given).</summary>
    [JsonStringEnumMemberName("server-error")] ServerError,

    /// <summary>No answer: the request hangs until the client gives up.</summary>
    [JsonStringEnumMemberName("timeout")] Timeout,

    /// <summary>The request is carried out (a post is created) and the connection is then dropped without an answer.</summary>
    [JsonStringEnumMemberName("accept-then-drop")] AcceptThenDrop,

    /// <summary>429 <c>usage-capped</c> (the monthly product cap), with rate-limit headers that still show requests left.</summary>
    [JsonStringEnumMemberName("usage-capped")] UsageCapped,

    /// <summary>402 Payment Required: the pay-per-use credits are exhausted.</summary>
    [JsonStringEnumMemberName("payment-required")] PaymentRequired,

    /// <summary>A read answers 200 with only <c>errors</c>: no <c>data</c>, no <c>meta</c> (the spec allows it).</summary>
    [JsonStringEnumMemberName("errors-only")] ErrorsOnly,
}

/// <summary>
/// One armed fault: for <see cref="Endpoint"/> (all API endpoints when null), for the next
/// <see cref="Remaining"/> requests (unlimited when null), until <see cref="Until"/> (open-ended when null).
/// </summary>
public sealed record FaultRule(long Id, SimFault Fault, string? Endpoint, int? Remaining, DateTimeOffset? Until, int StatusCode);

/// <summary>The armed faults; each API request takes the first one that applies to it.</summary>
public sealed class FaultInjector(SimClock clock, TimeSpan stormDuration)
{
    private readonly Lock _gate = new();
    private readonly List<FaultRule> _rules = [];
    private long _nextId;

    public FaultRule Add(SimFault fault, string? endpoint = null, int? count = null, TimeSpan? duration = null, int? statusCode = null)
    {
        var rule = Describe(fault, endpoint, count, duration, statusCode);
        lock (_gate)
        {
            rule = rule with { Id = ++_nextId };
            _rules.Add(rule);
            return rule;
        }
    }

    /// <summary>A validated rule that isn't armed (id 0), for a fault asked for by one request's header.</summary>
    public FaultRule Describe(SimFault fault, string? endpoint = null, int? count = null, TimeSpan? duration = null, int? statusCode = null)
    {
        if (count is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "count must be at least 1, or left out for every request.");
        }
        if (duration is { } d && d <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "duration must be positive, or left out.");
        }
        var status = statusCode ?? (fault == SimFault.ServerError ? 503 : 0);
        if (fault == SimFault.ServerError && status is < 500 or > 599)
        {
            throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "A server error's status must be from 500 to 599.");
        }
        // A storm always ends, so that clients have a reset to wait for.
        var until = duration is { } length ? clock.GetUtcNow() + length
            : fault == SimFault.RateLimitStorm ? clock.GetUtcNow() + stormDuration
            : (DateTimeOffset?)null;
        return new FaultRule(0, fault, endpoint, count, until, status);
    }

    /// <summary>The fault this request gets, if any, counting it against the rule's remaining requests.</summary>
    public FaultRule? Take(string endpoint, bool isPost)
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            _rules.RemoveAll(r => r.Until <= now);
            for (var i = 0; i < _rules.Count; i++)
            {
                var rule = _rules[i];
                if (rule.Endpoint is not null && rule.Endpoint != endpoint || rule.Fault == SimFault.Duplicate && !isPost || rule.Fault == SimFault.ErrorsOnly && isPost)
                {
                    continue;
                }
                if (rule.Remaining is { } remaining)
                {
                    if (remaining <= 1)
                    {
                        _rules.RemoveAt(i);
                    }
                    else
                    {
                        _rules[i] = rule with { Remaining = remaining - 1 };
                    }
                }
                return rule;
            }
            return null;
        }
    }

    public IReadOnlyList<FaultRule> Active()
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            _rules.RemoveAll(r => r.Until <= now);
            return [.. _rules];
        }
    }

    public bool Remove(long id)
    {
        lock (_gate)
        {
            return _rules.RemoveAll(r => r.Id == id) > 0;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }
}
