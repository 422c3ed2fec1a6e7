using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using XBot.Core.Configuration;
using XBot.Core.Posting.XApi;

namespace XBot.Tests.Posting.XApi;

public sealed class XApiOptionsBinderTests
{
    private static IConfiguration Config(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private static readonly (string, string?)[] AllCredentials =
    [
        ("TWITTER_API_KEY", "key"), ("TWITTER_API_SECRET", "app-s3cret"), ("TWITTER_ACCESS_TOKEN", "token"), ("TWITTER_ACCESS_TOKEN_SECRET", "user-s3cret"),
    ];

    [Fact]
    public async Task Shadow_mode_starts_without_credentials_and_the_client_refuses_to_call()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddXBotCore(Config());
        using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<IXApiClient>();

        Assert.False(client.IsConfigured);
        var error = await Assert.ThrowsAsync<XApiNotConfiguredException>(() => client.PostTweetAsync("hello"));
        Assert.Contains("TWITTER_API_KEY", error.Message);
    }

    [Fact]
    public void Live_posting_without_credentials_fails_at_startup_naming_the_missing_ones()
    {
        var error = Assert.Throws<XBotConfigurationException>(() =>
            new ServiceCollection().AddXBotCore(Config(("LIVE_POSTS", "true"), ("TWITTER_API_KEY", "key"), ("TWITTER_ACCESS_TOKEN", " "))));

        Assert.Contains("TWITTER_API_SECRET, TWITTER_ACCESS_TOKEN, TWITTER_ACCESS_TOKEN_SECRET are not set", error.Message);
        Assert.DoesNotContain("TWITTER_API_KEY,", error.Message.Split("not set")[0]);
    }

    [Fact]
    public void Live_posting_with_all_credentials_binds_them_and_the_defaults()
    {
        var options = XApiOptionsBinder.Bind(Config(AllCredentials), credentialsRequired: true);

        Assert.Equal(new OAuth1Credentials("key", "app-s3cret", "token", "user-s3cret"), options.Credentials);
        Assert.Equal(new Uri("https://api.x.com"), options.BaseUrl);
        Assert.Equal(TimeSpan.FromSeconds(10), options.AttemptTimeout);
        Assert.Equal(3, options.ReadRetries);
        Assert.DoesNotContain("s3cret", options.Credentials!.ToString());
    }

    [Theory]
    [InlineData("X_API_BASE_URL", "api.x.com", "X_API_BASE_URL is 'api.x.com'")]
    [InlineData("X_API_BASE_URL", "ftp://api.x.com", "use an absolute http or https URL")]
    [InlineData("X_API_BASE_URL", "https://api.x.com/?a=1", "without a query")]
    [InlineData("X_API_ATTEMPT_TIMEOUT_MS", "5", "X_API_ATTEMPT_TIMEOUT_MS is '5'; use milliseconds from 100 to 300000")]
    [InlineData("X_API_READ_RETRIES", "11", "X_API_READ_RETRIES is '11'; use a whole number from 0 to 10")]
    [InlineData("X_API_RETRY_DELAY_MS", "-1", "X_API_RETRY_DELAY_MS is '-1'")]
    public void A_bad_setting_is_refused_with_its_name_and_range(string name, string value, string message)
    {
        var error = Assert.Throws<XBotConfigurationException>(() => XApiOptionsBinder.Bind(Config((name, value)), credentialsRequired: false));

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Settings_are_read_by_their_runbook_names()
    {
        var options = XApiOptionsBinder.Bind(Config(
            ("X_API_BASE_URL", "http://127.0.0.1:5190"), ("X_API_ATTEMPT_TIMEOUT_MS", "2500"), ("X_API_READ_RETRIES", "0"),
            ("X_API_RETRY_DELAY_MS", "0"), ("TWITTER_BEARER_TOKEN", "bearer")), credentialsRequired: false);

        Assert.Equal(new Uri("http://127.0.0.1:5190"), options.BaseUrl);
        Assert.Equal(TimeSpan.FromMilliseconds(2500), options.AttemptTimeout);
        Assert.Equal(0, options.ReadRetries);
        Assert.Equal(TimeSpan.Zero, options.RetryDelay);
        Assert.Equal("bearer", options.BearerToken);
        Assert.Null(options.Credentials);
    }
}
