using System.Text.Json.Nodes;
using XBot.Core.Config;

namespace XBot.Tests.Storage;

public sealed class BotConfigKeysTests
{
    [Theory]
    [InlineData("learning_engine_v2", "true", "true")]
    [InlineData("post_fraction", "0.3", "0.3")]
    [InlineData("post_fraction", "1", "1")]
    [InlineData("epsilon", "0", "0")]
    [InlineData("post_interval_min", "15", "15")]
    [InlineData("post_interval_min", "180.0", "180")]
    [InlineData("max_hashtags", "5", "5")]
    [InlineData("quiet_hours", "[5,2,23,0]", "[0,2,5,23]")]
    [InlineData("quiet_hours", "[]", "[]")]
    [InlineData("rate_limits", """{"hourly":4,"daily":17}""", """{"daily":17,"hourly":4}""")]
    [InlineData("feature_flags", """{"posting":false,"new_scorer":25}""", """{"new_scorer":25,"posting":false}""")]
    public void Accepts_and_normalises_values_in_range(string key, string value, string expected) =>
        Assert.Equal(expected, BotConfigKeys.Get(key).Normalize(JsonNode.Parse(value)).ToJsonString());

    [Theory]
    [InlineData("learning_engine_v2", "1", "true or false")]
    [InlineData("learning_engine_v2", "\"true\"", "true or false")]
    [InlineData("post_fraction", "1.01", "0.0 to 1.0")]
    [InlineData("post_fraction", "-0.1", "0.0 to 1.0")]
    [InlineData("post_fraction", "\"0.5\"", "0.0 to 1.0")]
    [InlineData("epsilon", "2", "0.0 to 1.0")]
    [InlineData("post_interval_min", "14", "15 to 180")]
    [InlineData("post_interval_min", "181", "15 to 180")]
    [InlineData("post_interval_min", "60.5", "15 to 180")]
    [InlineData("max_hashtags", "0", "1 to 5")]
    [InlineData("max_hashtags", "6", "1 to 5")]
    [InlineData("quiet_hours", "[24]", "0 to 23")]
    [InlineData("quiet_hours", "[-1]", "0 to 23")]
    [InlineData("quiet_hours", "[2,2]", "listed twice")]
    [InlineData("quiet_hours", "3", "0 to 23")]
    [InlineData("rate_limits", """{"daily":0,"hourly":4}""", "1 to 100000")]
    [InlineData("rate_limits", """{"daily":17}""", "'hourly' is missing")]
    [InlineData("rate_limits", """{"daily":17,"hourly":4,"weekly":1}""", "unknown field 'weekly'")]
    [InlineData("rate_limits", """{"daily":17.5,"hourly":4}""", "1 to 100000")]
    [InlineData("feature_flags", """{"posting":101}""", "0 to 100")]
    [InlineData("feature_flags", """{"Bad-Name":true}""", "flag name")]
    [InlineData("feature_flags", """{"posting":"on"}""", "0 to 100")]
    [InlineData("feature_flags", "[]", "0 to 100")]
    public void Refuses_values_out_of_range_naming_key_and_range(string key, string value, string range)
    {
        var error = Assert.Throws<ConfigValidationException>(() => BotConfigKeys.Get(key).Normalize(JsonNode.Parse(value)));
        Assert.Equal(key, error.Key);
        Assert.Contains(key, error.Message);
        Assert.Contains(range, error.Message);
        Assert.Contains("Nothing was changed", error.Message);
    }

    [Fact]
    public void Null_is_refused() =>
        Assert.Throws<ConfigValidationException>(() => BotConfigKeys.Get("epsilon").Normalize(null));

    [Fact]
    public void Unknown_keys_are_refused_with_the_known_keys()
    {
        var error = Assert.Throws<ConfigValidationException>(() => BotConfigKeys.Get("post_fractoin"));
        Assert.Contains("Unknown config key 'post_fractoin'", error.Message);
        Assert.Contains("post_fraction", error.Message);
    }

    [Theory]
    [InlineData("schema_version", "migration runner")]
    [InlineData("fallback_mode", "fallback enable|disable")]
    public void Reserved_keys_are_refused(string key, string writer) =>
        Assert.Contains(writer, Assert.Throws<ConfigValidationException>(() => BotConfigKeys.Get(key)).Message);

    [Fact]
    public void Defaults_are_valid_and_read_as_typed_config()
    {
        var entries = BotConfigKeys.All.ToDictionary(k => k.Name, k => new ConfigEntry(k.Name, "development", k.Normalize(k.Default), ConfigSource.Default, null));
        var config = BotConfig.From(entries);
        Assert.False(config.LearningEngineV2);
        Assert.Equal(0, config.PostFraction);
        Assert.Equal(0.2, config.Epsilon);
        Assert.Equal(60, config.PostIntervalMin);
        Assert.Equal(3, config.MaxHashtags);
        Assert.Equal([2, 3, 4, 5], config.QuietHours);
        Assert.Equal(new RateLimitSettings(17, 4), config.RateLimits);
        Assert.True(config.FeatureFlags["posting"].Enabled);
        Assert.False(config.FeatureFlags["approval_required"].Enabled);
    }
}
