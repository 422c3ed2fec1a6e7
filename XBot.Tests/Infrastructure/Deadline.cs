namespace XBot.Tests.Infrastructure;

/// <summary>
/// How long a test waits for a condition before it fails. A deadline, not a timing assertion:
/// generous so that a slow CI machine passes, and a wait always ends as soon as the condition holds.
/// </summary>
public static class Deadline
{
    public static CancellationToken Minutes(double minutes) => new CancellationTokenSource(TimeSpan.FromMinutes(minutes)).Token;

    /// <summary>Polls <paramref name="condition"/> until it holds, failing with <paramref name="because"/> at the deadline.</summary>
    public static async Task UntilAsync(Func<bool> condition, string because, double minutes = 2)
    {
        var token = Minutes(minutes);
        while (!condition())
        {
            if (token.IsCancellationRequested)
            {
                Assert.Fail($"Gave up waiting: {because}");
            }
            await Task.Delay(50, CancellationToken.None);
        }
    }

    /// <summary>The same for a condition that has to ask something (a database, an HTTP server).</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string because, double minutes = 2)
    {
        var token = Minutes(minutes);
        while (!await condition())
        {
            if (token.IsCancellationRequested)
            {
                Assert.Fail($"Gave up waiting: {because}");
            }
            await Task.Delay(50, CancellationToken.None);
        }
    }
}
