using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace XBot.Core.Posting.XApi;

/// <summary>
/// Logs, once per process and header name, a rate-limit-looking header (<c>x-*limit*</c>) the parser
/// doesn't read: X renamed its keys before, and a limit nobody reads is a limit XBot will hit blind.
/// </summary>
public sealed partial class XUnknownHeaderLog(ILogger<XUnknownHeaderLog> logger)
{
    private readonly ConcurrentDictionary<string, bool> _reported = new(StringComparer.Ordinal);

    public void Observe(string endpoint, IEnumerable<string> headerNames)
    {
        foreach (var name in XRateLimitHeaders.UnknownLimitHeaders(headerNames))
        {
            if (_reported.TryAdd(name, true))
            {
                LogUnknownHeader(logger, name, endpoint);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "X sent a rate-limit header XBot doesn't read: {Header} (on {Endpoint}); that limit is not tracked")]
    private static partial void LogUnknownHeader(ILogger logger, string header, string endpoint);
}
