using XBot.XSimulator.Options;
using XBot.XSimulator.Simulation;

namespace XBot.Tests.XSimulator;

public sealed class TopicsAndTruthTests
{
    private static GroundTruth Truth() => GroundTruth.From(new GroundTruthOptions
    {
        Topics = new()
        {
            ["ai"] = new TopicTruthOptions { Rate = 0.04, Keywords = ["#ai", "machine learning"] },
            ["devops"] = new TopicTruthOptions { Rate = 0.03, Keywords = ["kubernetes"] },
            ["rust"] = new TopicTruthOptions { Rate = 0.02 },
        },
    });

    [Theory]
    [InlineData("New results in #AI today", "ai")]
    [InlineData("Thoughts on Machine Learning at scale", "ai")]
    [InlineData("Kubernetes upgrades, again", "devops")]
    [InlineData("Why I like #rust", "rust")]
    [InlineData("#aiden is not a topic", GroundTruth.DefaultTopic)]
    [InlineData("superkubernetesque", GroundTruth.DefaultTopic)]
    [InlineData("Nothing to see here", GroundTruth.DefaultTopic)]
    [InlineData("#rust and #ai: the first topic by name wins", "ai")]
    public void Posts_are_put_in_topics_by_hashtag_or_phrase(string text, string topic)
    {
        Assert.Equal(topic, TopicClassifier.Classify(text, Truth()));
    }

    [Fact]
    public void Without_configured_topics_the_examples_are_used()
    {
        var truth = GroundTruth.From(new GroundTruthOptions());

        Assert.Equal(["ai", "devops", "productivity"], truth.Topics.Select(t => t.Name));
        Assert.Equal(24, truth.HourMultipliers.Count);
    }

    [Fact]
    public void Bad_ground_truth_is_refused_naming_every_setting()
    {
        var options = new GroundTruthOptions
        {
            DefaultRate = 1.5,
            HourMultipliers = [1, 2, 3],
            TimeZone = "Mars/Olympus",
            MedianReach = 0,
            Topics = new() { ["ai"] = new TopicTruthOptions { Rate = -0.1 }, ["default"] = new TopicTruthOptions { Rate = 0.1 } },
        };

        var error = Assert.Throws<ArgumentException>(() => GroundTruth.From(options));

        Assert.Contains("XSimulator:GroundTruth:DefaultRate is 1.5", error.Message);
        Assert.Contains("XSimulator:GroundTruth:HourMultipliers has 3 values", error.Message);
        Assert.Contains("XSimulator:GroundTruth:TimeZone is 'Mars/Olympus'", error.Message);
        Assert.Contains("XSimulator:GroundTruth:MedianReach is 0", error.Message);
        Assert.Contains("XSimulator:GroundTruth:Topics:ai:Rate is -0.1", error.Message);
        Assert.Contains("a topic named 'default'", error.Message);
    }

    [Fact]
    public void The_hour_is_taken_in_the_configured_time_zone()
    {
        var hours = Enumerable.Repeat(1.0, 24).ToArray();
        hours[20] = 2;
        var truth = GroundTruth.From(new GroundTruthOptions { TimeZone = "Europe/Berlin", HourMultipliers = hours, Topics = new() { ["ai"] = new() { Rate = 0.01 } } });

        // 18:00 UTC in June is 20:00 in Berlin.
        Assert.Equal(0.02, EngagementModel.ExpectedRate(truth, "ai", new DateTimeOffset(2025, 6, 2, 18, 0, 0, TimeSpan.Zero)), 6);
        Assert.Equal(0.01, EngagementModel.ExpectedRate(truth, "ai", new DateTimeOffset(2025, 6, 2, 20, 0, 0, TimeSpan.Zero)), 6);
    }
}
