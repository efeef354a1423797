using LlmOps.Guardrails.Eval.Results;
using static LlmOps.Guardrails.Eval.Tests.Comparison.ComparisonFixtures;

namespace LlmOps.Guardrails.Eval.Tests.Results;

public class HeadlineTests
{
    [Fact]
    public void Cost_increase_and_quality_unchanged()
    {
        var run = Run(Compare("classify-ticket", 30, 0, 0, 0, baseCost: 0.00233m, candCost: 0.00275m));
        Assert.Equal("Cost per 1k calls (mean over prompts) will increase by $0.42 (+18%) 📈; quality unchanged", Headline.For(run));
    }

    [Fact]
    public void Cost_decrease_and_quality_regressed()
    {
        var run = Run(Compare("classify-ticket", 20, 10, 2, 0, baseCost: 0.002m, candCost: 0.0015m));
        Assert.Equal("Cost per 1k calls (mean over prompts) will decrease by $0.50 (\u221225%) 📉; quality regressed on classify-ticket (\u221225 pts) 📉",
            Headline.For(run));
    }

    [Fact]
    public void Unchanged_cost_and_improvement()
    {
        var run = Run(Compare("summarize", 20, 2, 10, 0));
        Assert.Equal("Cost per 1k calls (mean over prompts) unchanged at $1.00; quality improved on summarize (+25 pts) 📈", Headline.For(run));
    }

    [Fact]
    public void Regressions_worst_first_then_improvements()
    {
        var run = Run(
            Compare("b-prompt", 20, 10, 2, 0),       // −25 pts
            Compare("a-prompt", 10, 10, 0, 0),       // −50 pts
            Compare("c-prompt", 20, 2, 10, 0));      // +25 pts
        Assert.Equal(
            "Cost per 1k calls (mean over prompts) unchanged at $1.00; quality regressed on a-prompt (\u221250 pts), b-prompt (\u221225 pts) 📉, improved on c-prompt (+25 pts) 📈",
            Headline.For(run));
    }

    [Fact]
    public void More_than_three_prompts_are_summarized()
    {
        var run = Run(
            Compare("p1", 20, 10, 2, 0), Compare("p2", 20, 10, 2, 0), Compare("p3", 20, 10, 2, 0),
            Compare("p4", 20, 10, 2, 0), Compare("p5", 20, 10, 2, 0));
        Assert.EndsWith("quality regressed on p1 (\u221225 pts), p2 (\u221225 pts), p3 (\u221225 pts) and 2 more 📉", Headline.For(run));
    }

    [Fact]
    public void Inconclusive_prompts_are_named()
    {
        var run = Run(Compare("tiny", 2, 1, 0, 0), Compare("steady", 30, 0, 0, 0));
        Assert.Equal("Cost per 1k calls (mean over prompts) unchanged at $1.00; quality inconclusive on tiny", Headline.For(run));
    }

    [Fact]
    public void Unknown_cost_removed_cases_and_empty_run()
    {
        var baseline = Set("p", Case("a", CaseStatus.Passed, cost: null), Case("b", CaseStatus.Passed, cost: null));
        var candidate = Set("p", Case("a", CaseStatus.Passed, cost: null));
        var run = Run(LlmOps.Guardrails.Eval.Comparison.PromptComparer.Compare(baseline, candidate));
        Assert.Equal("Cost per 1k calls unknown; quality inconclusive on p; 1 case missing from the candidate", Headline.For(run));

        Assert.Equal("No prompts were evaluated", Headline.For(Run()));
    }

    [Fact]
    public void Increase_from_zero_has_no_percentage()
    {
        var run = Run(Compare("p", 30, 0, 0, 0, baseCost: 0m, candCost: 0.001m));
        Assert.Equal("Cost per 1k calls (mean over prompts) will increase by $1.00 📈; quality unchanged", Headline.For(run));
    }

    [Theory]
    [InlineData(-12.4, "\u221212 pts")]
    [InlineData(0.5, "+0.5 pts")]
    [InlineData(0, "+0 pts")]
    [InlineData(7.5, "+8 pts")]
    public void Points_format(double points, string expected) => Assert.Equal(expected, Headline.Points(points));

    [Theory]
    [InlineData(18.03, "+18%")]
    [InlineData(-0.3, "\u2212<1%")]
    [InlineData(1234.6, "+1,235%")]
    public void Percent_format(double percent, string expected) => Assert.Equal(expected, Headline.SignedPercent(percent));
}
