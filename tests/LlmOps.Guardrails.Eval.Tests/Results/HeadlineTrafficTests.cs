using LlmOps.Guardrails.Eval.Results;

namespace LlmOps.Guardrails.Eval.Tests.Results;

/// <summary>
/// The headline's cost figure and the words that say how it was averaged must agree: two prompts whose plain mean and
/// traffic-weighted mean differ, so a label on the wrong figure (or the wrong label) fails.
/// </summary>
public class HeadlineTrafficTests
{
    // cheap: $1.00 → $1.00 per 1k calls; pricey: $1.00 → $3.00 per 1k calls.
    private static PromptComparison Prompt(string id, decimal candidatePerCall, long? callsPerDay) => new()
    {
        PromptId = id,
        Cases = [],
        Baseline = new VariantSummary { Cases = 10, CostPerCall = 0.001m },
        Candidate = new VariantSummary { Cases = 10, CostPerCall = candidatePerCall },
        Verdict = PromptVerdict.Unchanged,
        CallsPerDay = callsPerDay,
    };

    private static string Headline(params PromptComparison[] prompts) =>
        LlmOps.Guardrails.Eval.Results.Headline.For(new EvalRun
        {
            Provenance = new RunProvenance { StartedAt = DateTimeOffset.UnixEpoch, Mode = "replay" },
            Prompts = prompts,
        });

    [Fact]
    public void Declared_traffic_weights_the_figure_and_says_so()
    {
        // (3000 × $1 + 1000 × $3) / 4000 = $1.50 against $1.00: +$0.50 (+50%); the plain mean would be +$1.00.
        Assert.Equal(
            "Cost per 1k calls (weighted by declared traffic) will increase by $0.50 (+50%) 📈; quality unchanged",
            Headline(Prompt("cheap", 0.001m, 3000), Prompt("pricey", 0.003m, 1000)));
    }

    [Fact]
    public void Without_traffic_the_figure_is_the_mean_over_prompts_and_says_so()
    {
        // ($1 + $3) / 2 = $2.00 against $1.00: +$1.00 (+100%).
        Assert.Equal(
            "Cost per 1k calls (mean over prompts) will increase by $1.00 (+100%) 📈; quality unchanged",
            Headline(Prompt("cheap", 0.001m, null), Prompt("pricey", 0.003m, null)));
    }

    [Fact]
    public void Traffic_declared_by_only_some_prompts_is_not_used()
    {
        // Weighting only the declared prompts would invent a weight for the others: the plain mean, labelled so.
        Assert.Equal(
            "Cost per 1k calls (mean over prompts) will increase by $1.00 (+100%) 📈; quality unchanged",
            Headline(Prompt("cheap", 0.001m, 3000), Prompt("pricey", 0.003m, null)));
    }

    [Fact]
    public void Label_always_matches_the_average_used()
    {
        var weighted = new[] { Prompt("cheap", 0.001m, 3000), Prompt("pricey", 0.003m, 1000) };
        var (base1k, cand1k, basis) = LlmOps.Guardrails.Eval.Results.Headline.CostAverage(weighted)!.Value;
        Assert.Equal(LlmOps.Guardrails.Eval.Results.Headline.TrafficWeighted, basis);
        Assert.Equal(1.00m, base1k);
        Assert.Equal(1.50m, cand1k);
        Assert.Contains("(" + basis + ")", Headline(weighted), StringComparison.Ordinal);

        var plain = new[] { Prompt("cheap", 0.001m, null), Prompt("pricey", 0.003m, 1000) };
        var mean = LlmOps.Guardrails.Eval.Results.Headline.CostAverage(plain)!.Value;
        Assert.Equal(LlmOps.Guardrails.Eval.Results.Headline.MeanOverPrompts, mean.Basis);
        Assert.Equal(2.00m, mean.Candidate1k);
        Assert.Contains("(" + mean.Basis + ")", Headline(plain), StringComparison.Ordinal);
    }
}
