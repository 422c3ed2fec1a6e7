using System.ClientModel;
using Microsoft.Extensions.Logging;
using OpenAI.Moderations;

namespace XBot.Core.Safety.Moderation;

/// <summary>
/// Moderation through the OpenAI moderation endpoint (official OpenAI SDK). Any failure — timeout,
/// HTTP error, unreadable answer — is "not checked", which blocks posting; it is never taken as safe.
/// </summary>
public sealed partial class OpenAIContentModerator(ModerationClient client, TimeSpan timeout, ILogger<OpenAIContentModerator> logger) : IContentModerator
{
    public async Task<ModerationOutcome> ModerateAsync(string text, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            ModerationResult result = await client.ClassifyTextAsync(text, deadline.Token);
            var flagged = Categories(result).Where(c => c.Category?.Flagged == true).Select(c => c.Name).ToList();
            return result.Flagged || flagged.Count > 0
                ? new ModerationOutcome(ModerationStatus.Flagged, flagged)
                : ModerationOutcome.Passed;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogUnavailable(logger, $"no answer within {timeout.TotalSeconds:0.###} s");
            return ModerationOutcome.NotChecked($"moderation gave no answer within {timeout.TotalSeconds:0.###} s");
        }
        catch (ClientResultException e)
        {
            LogUnavailable(logger, $"HTTP {e.Status}");
            return ModerationOutcome.NotChecked($"moderation failed with HTTP {e.Status}");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogUnavailable(logger, e.GetType().Name);
            return ModerationOutcome.NotChecked($"moderation failed ({e.GetType().Name})");
        }
    }

    private static IEnumerable<(string Name, ModerationCategory? Category)> Categories(ModerationResult r) =>
    [
        ("hate", r.Hate), ("hate/threatening", r.HateThreatening), ("harassment", r.Harassment),
        ("harassment/threatening", r.HarassmentThreatening), ("illicit", r.Illicit), ("illicit/violent", r.IllicitViolent),
        ("self-harm", r.SelfHarm), ("self-harm/intent", r.SelfHarmIntent), ("self-harm/instructions", r.SelfHarmInstructions),
        ("sexual", r.Sexual), ("sexual/minors", r.SexualMinors), ("violence", r.Violence), ("violence/graphic", r.ViolenceGraphic),
    ];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Moderation unavailable ({Problem}); the text is not checked and will not be posted")]
    private static partial void LogUnavailable(ILogger logger, string problem);
}
