namespace XBot.Tests.Infrastructure;

/// <summary><see cref="Deadline.UntilAsync"/> for a condition that has to ask something (a database, an HTTP server).</summary>
public static class AsyncDeadline
{
    public static async Task UntilAsync(Func<Task<bool>> condition, string because, double minutes = 2)
    {
        var token = Deadline.Minutes(minutes);
        while (!await condition())
        {
            if (token.IsCancellationRequested)
            {
                Assert.Fail($"Gave up waiting: {because}");
            }
            await Task.Delay(200, CancellationToken.None);
        }
    }
}
