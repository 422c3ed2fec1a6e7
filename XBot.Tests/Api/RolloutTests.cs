using XBot.Core.Config;
using XBot.Core.Operations;

namespace XBot.Tests.Api;

public sealed class RolloutTests
{
    private static readonly string[] Decisions = [.. Enumerable.Range(1, 500).Select(i => $"decision-{i}")];

    [Fact]
    public void A_decision_lands_in_the_same_bucket_every_time()
    {
        foreach (var id in Decisions)
        {
            Assert.Equal(Rollout.Bucket("posting", id), Rollout.Bucket("posting", id));
            Assert.InRange(Rollout.Bucket("posting", id), 0, 99);
        }
    }

    [Fact]
    public void Zero_is_never_on_and_a_hundred_always()
    {
        Assert.All(Decisions, id => Assert.False(new FeatureFlagSetting(false, 0).IsOn("posting", id)));
        Assert.All(Decisions, id => Assert.True(new FeatureFlagSetting(true, 100).IsOn("posting", id)));
    }

    [Fact]
    public void A_percentage_does_not_collapse_to_on_and_raising_it_only_adds_decisions()
    {
        var at30 = Decisions.Where(id => new FeatureFlagSetting(true, 30).IsOn("posting", id)).ToHashSet();
        var at70 = Decisions.Where(id => new FeatureFlagSetting(true, 70).IsOn("posting", id)).ToHashSet();

        Assert.NotEmpty(at30);
        Assert.True(at30.Count < Decisions.Length);
        Assert.True(at30.IsSubsetOf(at70));
        Assert.True(at70.Count < Decisions.Length);
    }
}
