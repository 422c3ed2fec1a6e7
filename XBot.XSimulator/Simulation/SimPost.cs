namespace XBot.XSimulator.Simulation;

/// <summary>
/// A post the stand-in holds. <see cref="Text"/> is what the client sent (duplicates are judged on it);
/// <see cref="DisplayText"/> is what X would return. <see cref="Sequence"/> seeds its engagement.
/// </summary>
public sealed record SimPost(string Id, long Sequence, string AuthorId, string Text, string DisplayText, string Topic, DateTimeOffset CreatedAt);
