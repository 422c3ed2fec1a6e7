using Microsoft.Extensions.Configuration;
using StackExchange.Redis;
using XBot.ServiceDefaults.Connections;

namespace XBot.Tests.ServiceDefaults;

public sealed class RedisConnectionTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Connection_string_is_parsed_as_StackExchange_configuration()
    {
        var options = RedisConnection.Resolve(Config(("ConnectionStrings:cache", "cache.local:6380,password=s3cret,ssl=true")), "cache");

        Assert.Equal("cache.local:6380", options.EndPoints.Single().ToString()!.Replace("Unspecified/", ""));
        Assert.Equal("s3cret", options.Password);
        Assert.True(options.Ssl);
        Assert.False(options.AbortOnConnectFail);
    }

    [Fact]
    public void Connection_string_wins_over_REDIS_URL()
    {
        var options = RedisConnection.Resolve(Config(("ConnectionStrings:cache", "first:1111"), ("REDIS_URL", "redis://second:2222")), "cache");

        Assert.Contains("first:1111", options.EndPoints.Single().ToString());
    }

    [Theory]
    [InlineData("redis://localhost:6379", "localhost:6379", null, null, false, null)]
    [InlineData("redis://localhost", "localhost:6379", null, null, false, null)]
    [InlineData("rediss://:p%40ss@cache.example.com:6380", "cache.example.com:6380", null, "p@ss", true, null)]
    [InlineData("redis://default:pw@host:7000/2", "host:7000", null, "pw", false, 2)]
    [InlineData("redis://alice:pw@host:7000", "host:7000", "alice", "pw", false, null)]
    [InlineData("redis://onlysecret@host:7000", "host:7000", null, "onlysecret", false, null)]
    public void REDIS_URL_is_accepted(string url, string endpoint, string? user, string? password, bool ssl, int? database)
    {
        var options = RedisConnection.Resolve(Config(("REDIS_URL", url)), "cache");

        Assert.Contains(endpoint, options.EndPoints.Single().ToString());
        Assert.Equal(user, options.User);
        Assert.Equal(password, options.Password);
        Assert.Equal(ssl, options.Ssl);
        Assert.Equal(database, options.DefaultDatabase);
    }

    [Fact]
    public void Missing_setting_names_both_settings_with_examples()
    {
        var error = Assert.Throws<ConnectionSettingException>(() => RedisConnection.Resolve(Config(), "cache"));

        Assert.Contains("ConnectionStrings:cache is not set", error.Message);
        Assert.Contains("ConnectionStrings__cache", error.Message);
        Assert.Contains("REDIS_URL", error.Message);
        Assert.Contains("localhost:6379", error.Message);
    }

    [Theory]
    [InlineData("ConnectionStrings:cache", "http://localhost:6379", "not a redis:// or rediss:// URL")]
    [InlineData("REDIS_URL", "redis://", "not a redis:// or rediss:// URL")]
    [InlineData("REDIS_URL", "localhost:6379", "not a redis:// or rediss:// URL")]
    [InlineData("REDIS_URL", "redis://host:6379/notanumber", "database number")]
    [InlineData("ConnectionStrings:cache", "host:6379,ssl=maybe", "malformed")]
    [InlineData("ConnectionStrings:cache", ",password=x", "names no server")]
    public void Malformed_settings_are_refused_with_the_setting_named(string key, string value, string expected)
    {
        var error = Assert.Throws<ConnectionSettingException>(() => RedisConnection.Resolve(Config((key, value)), "cache"));

        Assert.Contains(expected, error.Message);
        Assert.Contains(key, error.Message);
    }

    [Fact]
    public void Parsed_options_round_trip_to_a_working_configuration_string()
    {
        var options = RedisConnection.Resolve(Config(("REDIS_URL", "rediss://:pw@h:1")), "cache");

        var reparsed = ConfigurationOptions.Parse(options.ToString(includePassword: true));

        Assert.Equal("pw", reparsed.Password);
        Assert.True(reparsed.Ssl);
    }
}
