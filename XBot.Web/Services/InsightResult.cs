namespace XBot.Web.Services;

/// <summary>
/// An api answer as a page shows it: the value, or a clear message (the problem's detail, never a stack trace).
/// <see cref="Unreachable"/> means the api could not be reached at all: the page shows a banner, not an error.
/// </summary>
public sealed record InsightResult<T>(T? Value, string? Error = null, bool Unreachable = false)
{
    public bool Ok => Error is null;
}
