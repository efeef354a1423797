using LlmOps.Guardrails.Core.Consistency;
using LlmOps.Guardrails.Eval.History;

namespace LlmOps.Guardrails.Eval.Tests.History;

public sealed class PromptTrendsTests
{
    private static HistoryEntry Entry(long run, double passK, string hash = "h1", string model = "m", string variant = "candidate", string prompt = "p", string? outputs = null) => new()
    {
        // outputs: one letter per case (case-0, case-1, ...), each letter standing for one distinct output hash.
        OutputHashes = (outputs ?? string.Empty).Select((o, i) => (Case: "case-" + i, Hash: o.ToString())).ToDictionary(x => x.Case, x => x.Hash),
        RunId = run,
        StartedAt = new DateTimeOffset(2026, 11, (int)run, 0, 0, 0, TimeSpan.Zero),
        Mode = "offline",
        Source = "compare",
        PromptId = prompt,
        Variant = variant,
        Model = model,
        PromptHash = hash,
        PassK = passK,
        Verdict = "unchanged",
    };

    [Fact]
    public void A_drop_with_the_same_prompt_hash_and_model_is_flagged_as_drift()
    {
        var trend = Assert.Single(PromptTrends.Build(new[] { Entry(1, 0.9), Entry(2, 0.9), Entry(3, 0.7), Entry(4, 0.8) }));
        Assert.Equal(new[] { false, false, true, false }, trend.Points.Select(p => p.Drift));
    }

    [Fact]
    public void A_drop_after_an_edit_or_a_model_change_is_not_drift()
    {
        var trend = Assert.Single(PromptTrends.Build(new[] { Entry(1, 0.9), Entry(2, 0.5, hash: "h2"), Entry(3, 0.3, hash: "h2", model: "m2") }));
        Assert.All(trend.Points, p => Assert.False(p.Drift));
    }

    [Fact]
    public void Last_keeps_the_newest_runs_and_drift_is_judged_on_the_whole_history()
    {
        var trends = PromptTrends.Build(new[] { Entry(1, 0.9), Entry(2, 0.6), Entry(3, 0.6), Entry(1, 1.0, prompt: "q"), Entry(2, 1.0, variant: "baseline") }, last: 2);
        Assert.Equal(new[] { "p", "q" }, trends.Select(t => t.PromptId));
        Assert.Equal(new long[] { 2, 3 }, trends[0].Points.Select(p => p.Entry.RunId));
        Assert.True(trends[0].Points[0].Drift);
        Assert.Single(trends[1].Points);
    }

    [Fact]
    public void With_outputs_kept_drift_is_the_shared_consistency_ratio_below_its_threshold()
    {
        // Ten cases. Run 2 changes one answer: 19 of 20 outputs match (95 %), not drift although the pass rate fell.
        // Run 3 changes three more: 17 of 20 (85 %) is below 0.9, drift although the pass rate held.
        var trend = Assert.Single(PromptTrends.Build(new[]
        {
            Entry(1, 0.9, outputs: "aaaaaaaaaa"),
            Entry(2, 0.8, outputs: "aaaaaaaaab"),
            Entry(3, 0.8, outputs: "bbbaaaaaab"),
        }));

        Assert.Equal(new[] { false, false, true }, trend.Points.Select(p => p.Drift));
        Assert.Equal(new ConsistencyCount?[] { null, new ConsistencyCount(19, 20), new ConsistencyCount(17, 20) }, trend.Points.Select(p => p.Consistency));
        Assert.Equal(ConsistencyRatio.OfGroups(new[] { new[] { "a", "b" }, new[] { "a", "b" } }), PromptTrends.Between(Entry(1, 1, outputs: "aa"), Entry(2, 1, outputs: "bb")));
    }

    [Fact]
    public void Across_runs_each_model_counts_the_same_case_on_the_same_prompt_hash_as_one_input()
    {
        var trend = Assert.Single(PromptTrends.Build(new[]
        {
            Entry(1, 1, outputs: "ab"),
            Entry(2, 1, outputs: "ab"),
            Entry(3, 1, outputs: "cb"),
            Entry(4, 1, hash: "h2", outputs: "zz"),
            Entry(5, 1, model: "m2", outputs: "ab"),
        }));

        // m on h1: case-0 a,a,c (2 of 3), case-1 b,b,b (3 of 3); case-0 and case-1 on h2 ran once each: not repeats.
        Assert.Equal(new[] { new ModelConsistency("m", new ConsistencyCount(5, 6)), new ModelConsistency("m2", default) }, trend.Consistency);
        Assert.False(trend.Points[3].Drift);
        Assert.Null(trend.Points[3].Consistency);
    }

    [Fact]
    public void Runs_stored_before_outputs_were_kept_use_the_pass_rate_drop()
    {
        var trend = Assert.Single(PromptTrends.Build(new[] { Entry(1, 0.9, outputs: "aa"), Entry(2, 0.7), Entry(3, 0.5, outputs: "aa") }));
        Assert.Equal(new[] { false, true, true }, trend.Points.Select(p => p.Drift));
    }
}
