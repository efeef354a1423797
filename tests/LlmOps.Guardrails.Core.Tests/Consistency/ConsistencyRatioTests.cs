using LlmOps.Guardrails.Core.Consistency;

namespace LlmOps.Guardrails.Core.Tests.Consistency;

public sealed class ConsistencyRatioTests
{
    [Fact]
    public void The_ratio_is_the_modal_share_of_the_repeated_calls()
    {
        var count = ConsistencyRatio.Of(new[] { "a", "b", "a", "c", "a" });
        Assert.Equal(new ConsistencyCount(3, 5), count);
        Assert.Equal(0.6, count.Ratio!.Value, 12);
    }

    [Fact]
    public void A_call_made_once_is_not_a_repeat()
    {
        Assert.Equal(default, ConsistencyRatio.Of(new[] { "a" }));
        Assert.Null(ConsistencyRatio.Of(Array.Empty<string>()).Ratio);
    }

    [Fact]
    public void Groups_add_their_counts_and_a_tie_counts_once()
    {
        var count = ConsistencyRatio.OfGroups(new[] { new[] { "a", "a", "a" }, new[] { "x", "y" }, new[] { "only" } });
        Assert.Equal(new ConsistencyCount(4, 5), count);
    }

    [Theory]
    [InlineData(8, 10, 10, true)]
    [InlineData(9, 10, 10, false)]
    [InlineData(1, 4, 10, false)]
    [InlineData(0, 0, 0, false)]
    public void Below_needs_enough_repeats_and_a_ratio_strictly_under_the_threshold(int matching, int repeated, int minimum, bool below) =>
        Assert.Equal(below, ConsistencyRatio.IsBelow(new ConsistencyCount(matching, repeated), ConsistencyRatio.DefaultThreshold, minimum));
}
