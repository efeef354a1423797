using LlmOps.Guardrails.Eval.Comparison;
using LlmOps.Guardrails.Eval.Results;
using static LlmOps.Guardrails.Eval.Tests.Comparison.ComparisonFixtures;

namespace LlmOps.Guardrails.Eval.Tests.Comparison;

public class VariantSummarizerTests
{
    [Fact]
    public void Pass_k_needs_every_repeat_to_pass()
    {
        var results = new[]
        {
            Result(CaseStatus.Passed, repeats: new[] { true, true, true }),
            Result(CaseStatus.Passed, repeats: new[] { true, false, true }),
            Result(CaseStatus.Failed, repeats: new[] { false, false, false }),
            Result(CaseStatus.Errored, repeats: new[] { true, true, true }),
        };

        var summary = VariantSummarizer.Summarize(results);

        Assert.Equal(4, summary.Cases);
        Assert.Equal(1, summary.Passed);
        Assert.Equal(2, summary.Failed);
        Assert.Equal(1, summary.Errored);
        Assert.Equal(0.25, summary.PassRate, 12);
        Assert.Equal(3, summary.Repeats);
    }

    [Fact]
    public void Means_are_per_call_over_non_errored_cases()
    {
        var results = new[]
        {
            Result(CaseStatus.Passed, cost: 0.006m, repeats: new[] { true, true, true }, input: 300, output: 60, scores: ("contains", 1.0)),
            Result(CaseStatus.Failed, cost: 0.002m, input: 100, output: 20, scores: ("contains", 0.0)),
            Result(CaseStatus.Errored, cost: 1m, input: 9999, output: 9999),
        };

        var summary = VariantSummarizer.Summarize(results);

        // 4 calls: (300 + 100) / 4 input tokens, (0.006 + 0.002) / 4 dollars
        Assert.Equal(100, summary.MeanInputTokens, 12);
        Assert.Equal(20, summary.MeanOutputTokens, 12);
        Assert.Equal(0.002m, summary.CostPerCall);
        Assert.Equal(2m, summary.CostPer1kCalls);
        Assert.Equal(0.5, summary.ScorerMeans["contains"], 12);
    }

    [Fact]
    public void Cost_is_null_when_no_case_has_one() =>
        Assert.Null(VariantSummarizer.Summarize(new[] { Result(CaseStatus.Passed, cost: null) }).CostPerCall);

    [Fact]
    public void Judge_cost_is_summed_apart()
    {
        var r = new CaseResult { Status = CaseStatus.Passed, Cost = 0.01m, JudgeCost = 0.5m };
        var summary = VariantSummarizer.Summarize(new[] { r, r });
        Assert.Equal(1m, summary.JudgeCost);
        Assert.Equal(0.01m, summary.CostPerCall);
    }

    [Fact]
    public void Latency_percentiles_are_nearest_rank()
    {
        var results = Enumerable.Range(1, 20).Select(i => Result(CaseStatus.Passed, latency: i * 10)).ToArray();
        var summary = VariantSummarizer.Summarize(results);
        Assert.Equal(100, summary.LatencyP50Ms); // rank ceil(0.5 * 20) = 10
        Assert.Equal(190, summary.LatencyP95Ms); // rank ceil(0.95 * 20) = 19
    }

    [Theory]
    [InlineData(new double[] { 5 }, 95, 5)]
    [InlineData(new double[] { 1, 2, 3, 4 }, 50, 2)]
    [InlineData(new double[] { 1, 2, 3, 4 }, 95, 4)]
    [InlineData(new double[] { }, 50, 0)]
    public void NearestRank_examples(double[] sorted, double p, double expected) =>
        Assert.Equal(expected, VariantSummarizer.NearestRank(sorted, p));

    [Fact]
    public void Empty_variant_has_zero_pass_rate()
    {
        var summary = VariantSummarizer.Summarize(Array.Empty<CaseResult>());
        Assert.Equal(0, summary.Cases);
        Assert.Equal(0, summary.PassRate);
    }
}
