namespace XBot.Tests.Posting.XApi;

internal static class TaskDeadlines
{
    /// <summary>
    /// Fails a call that never finishes instead of hanging the run: a client that waits on the fake clock
    /// (a retry back-off it shouldn't make, say) would otherwise block forever. A deadline, not a timing assertion.
    /// </summary>
    public static Task<T> Soon<T>(this Task<T> task) => task.WaitAsync(TimeSpan.FromMinutes(1));
}
