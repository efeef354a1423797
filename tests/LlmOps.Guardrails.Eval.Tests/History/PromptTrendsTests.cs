using LlmOps.Guardrails.Eval.History;

namespace LlmOps.Guardrails.Eval.Tests.History;

public sealed class PromptTrendsTests
{
    private static HistoryEntry Entry(long run, double passK, string hash = "h1", string model = "m", string variant = "candidate", string prompt = "p") => new()
    {
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
}
