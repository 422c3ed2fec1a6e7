namespace XBot.Core.Learning;

/// <summary>
/// One collection pass: posts due a reading, how many were read, found deleted, or left for the next pass
/// because X failed. <see cref="SuccessRate"/> is the backfill success rate of the §10 SLO (&gt; 99% hourly).
/// </summary>
public sealed record CollectionReport(DateTimeOffset At, int Due, int Read, int NotFound, int Failed, int Rewarded, int Calls, string? Error)
{
    public double SuccessRate => Due == 0 ? 1 : (double)(Read + NotFound) / Due;
}
