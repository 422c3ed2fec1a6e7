using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using XBot.Web.Auth;

namespace XBot.Tests.Web;

public sealed class SignInThrottleTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 9, 0, 0, TimeSpan.Zero));

    private SignInThrottle Throttle(int maxFailures = 3, int windowMinutes = 5) =>
        new(Options.Create(new SignInThrottleOptions { MaxFailures = maxFailures, Window = TimeSpan.FromMinutes(windowMinutes) }), _time);

    [Fact]
    public void An_address_is_held_back_after_the_allowed_failures_until_the_oldest_leaves_the_window()
    {
        var throttle = Throttle();
        throttle.RecordFailure("10.0.0.1");
        _time.Advance(TimeSpan.FromMinutes(1));
        throttle.RecordFailure("10.0.0.1");
        var beforeLimit = throttle.RetryAfter("10.0.0.1");
        throttle.RecordFailure("10.0.0.1");

        Assert.Null(beforeLimit);
        Assert.Equal(TimeSpan.FromMinutes(4), throttle.RetryAfter("10.0.0.1"));
        Assert.Null(throttle.RetryAfter("10.0.0.2"));
        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.Null(throttle.RetryAfter("10.0.0.1"));
    }

    [Fact]
    public void A_success_clears_the_address()
    {
        var throttle = Throttle(maxFailures: 2);
        throttle.RecordFailure("10.0.0.1");
        throttle.RecordFailure("10.0.0.1");
        var held = throttle.RetryAfter("10.0.0.1");

        throttle.RecordSuccess("10.0.0.1");

        Assert.NotNull(held);
        Assert.Null(throttle.RetryAfter("10.0.0.1"));
    }
}
