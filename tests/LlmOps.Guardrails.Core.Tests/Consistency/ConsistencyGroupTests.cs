using LlmOps.Guardrails.Core.Consistency;

namespace LlmOps.Guardrails.Core.Tests.Consistency;

public sealed class ConsistencyGroupTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Adding_and_removing_in_any_order_counts_as_the_outputs_left_would(int seed)
    {
        var random = new Random(seed);
        var group = new ConsistencyGroup();
        var kept = new List<string>();
        for (var step = 0; step < 5_000; step++)
        {
            if (kept.Count > 0 && random.Next(3) == 0)
            {
                var at = random.Next(kept.Count);
                group.Remove(kept[at]);
                kept.RemoveAt(at);
            }
            else
            {
                var hash = "h" + random.Next(4);
                group.Add(hash);
                kept.Add(hash);
            }

            var expectedModal = kept.Count < 2 ? 0 : kept.GroupBy(h => h).Max(g => g.Count());
            Assert.Equal(new ConsistencyCount(expectedModal, kept.Count < 2 ? 0 : kept.Count), group.Count);
        }
    }

    [Fact]
    public void Removing_an_output_that_is_not_there_is_refused()
    {
        var group = new ConsistencyGroup();
        group.Add("a");
        Assert.Throws<InvalidOperationException>(() => group.Remove("b"));
    }
}
