namespace XBot.Core.Posting.XApi;

/// <summary>Why a read failed, which decides what the caller does next.</summary>
public enum XReadErrorKind
{
    /// <summary>A limit is exhausted until <see cref="XReadError.RetryAt"/>; nothing more to do before then.</summary>
    RateLimited,

    /// <summary>5xx, 408, timeouts or network errors that outlasted the retries; try again next cycle.</summary>
    Transient,

    /// <summary>A 4xx X won't change its mind about (bad request, bad credentials, ...).</summary>
    Failed,

    /// <summary>402: the pay-per-use credits are exhausted; nothing works until someone pays.</summary>
    PaymentRequired,
}

public sealed record XReadError(XReadErrorKind Kind, string Detail, int? StatusCode = null, DateTimeOffset? RetryAt = null);

/// <summary>The result of a GET: a value, or an error that says whether and when to try again.</summary>
public sealed record XReadResult<T>
{
    private XReadResult(T? value, XReadError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public XReadError? Error { get; }

    public bool IsSuccess => Error is null;

    public static XReadResult<T> Ok(T value) => new(value, null);

    public static XReadResult<T> Fail(XReadError error) => new(default, error ?? throw new ArgumentNullException(nameof(error)));

    /// <summary>The value, or an exception naming the error, for callers that can't go on without it.</summary>
    public T GetValueOrThrow() => IsSuccess ? Value! : throw new XApiException(Error!);
}

/// <summary>A read that failed where the caller chose not to handle the error itself.</summary>
public sealed class XApiException(XReadError error)
    : Exception($"X API read failed ({error.Kind}{(error.StatusCode is { } code ? $", HTTP {code}" : "")}): {error.Detail}")
{
    public XReadError Error { get; } = error;
}
