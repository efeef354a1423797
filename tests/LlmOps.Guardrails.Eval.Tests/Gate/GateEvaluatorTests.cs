using LlmOps.Guardrails.Eval.Comparison;
using LlmOps.Guardrails.Eval.Gate;
using LlmOps.Guardrails.Eval.Results;
using static LlmOps.Guardrails.Eval.Tests.Comparison.ComparisonFixtures;

namespace LlmOps.Guardrails.Eval.Tests.Gate;

public class GateEvaluatorTests
{
    private static PromptComparison Steady(string id = "p", decimal baseCost = 0.001m, decimal candCost = 0.001m,
        double baseLatency = 100, double candLatency = 100) =>
        Compare(id, bothPass: 30, b: 0, c: 0, bothFail: 0, baseCost, candCost, baseLatency, candLatency);

    /// <summary>A prompt whose "safety" cases went from 4/4 to 2/4 and whose other 16 cases all pass in both.</summary>
    private static PromptComparison WithSafetyCases()
    {
        var baseCases = new List<CaseRecord>();
        var candCases = new List<CaseRecord>();
        for (int i = 0; i < 16; i++)
        {
            baseCases.Add(Case("plain-" + i.ToString("D2"), CaseStatus.Passed));
            candCases.Add(Case("plain-" + i.ToString("D2"), CaseStatus.Passed));
        }

        string[] safety = { "safety" };
        for (int i = 0; i < 4; i++)
        {
            string id = "safe-" + i;
            baseCases.Add(new CaseRecord(id, "fp", Result(CaseStatus.Passed), safety));
            candCases.Add(new CaseRecord(id, "fp", Result(i < 2 ? CaseStatus.Passed : CaseStatus.Failed), safety));
        }

        return PromptComparer.Compare(
            new CaseResultSet { PromptId = "moderate", PromptHash = "a", Cases = baseCases },
            new CaseResultSet { PromptId = "moderate", PromptHash = "b", Cases = candCases });
    }

    [Fact]
    public void Clean_run_passes_with_the_default_policy()
    {
        var outcome = GateEvaluator.Evaluate(Run(Steady()));
        Assert.Equal(ExitCodes.Success, outcome.ExitCode);
        Assert.True(outcome.Passed);
        Assert.Empty(outcome.Findings);
    }

    [Fact]
    public void Built_in_defaults_are_documented_values()
    {
        var rules = new GatePolicy().Resolve("any");
        Assert.Null(rules.MinPassRate);
        Assert.Equal(5, rules.MaxQualityDropPoints);
        Assert.True(rules.FailOnRegression);
        Assert.Equal(GateLevel.Fail, rules.QualityLevel);
        Assert.Equal(10, rules.MaxCostIncreasePercent);
        Assert.Equal(GateLevel.Fail, rules.CostLevel);
        Assert.Equal(25, rules.MaxP95LatencyIncreasePercent);
        Assert.Equal(GateLevel.Warn, rules.LatencyLevel);
        Assert.Equal(0, rules.MaxErroredRate);
        Assert.Equal(GateLevel.Fail, rules.ErroredLevel);
    }

    [Fact]
    public void Significant_regression_fails_quality_by_default()
    {
        var outcome = GateEvaluator.Evaluate(Run(Compare("classify", 20, b: 10, c: 2, 0)));
        Assert.Equal(ExitCodes.QualityGate, outcome.ExitCode);
        var regression = Assert.Single(outcome.Findings, f => f.Rule == "fail_on_regression");
        Assert.Equal("classify", regression.PromptId);
        Assert.Equal(GateCategory.Quality, regression.Category);
        Assert.Contains("p = 0.0386", regression.Message);
        Assert.Single(outcome.Findings, f => f.Rule == "max_quality_drop"); // −25 pts > 5 pts
    }

    [Fact]
    public void Significance_alone_can_be_turned_off()
    {
        var policy = new GatePolicy { Defaults = { FailOnRegression = false, MaxQualityDropPoints = 30 } };
        Assert.Equal(ExitCodes.Success, GateEvaluator.Evaluate(Run(Compare("p", 20, 10, 2, 0)), policy).ExitCode);
    }

    [Fact]
    public void Min_pass_rate_floor()
    {
        var policy = new GatePolicy { Defaults = { MinPassRate = 0.9 } };
        var outcome = GateEvaluator.Evaluate(Run(Compare("p", 8, 0, 0, 2)), policy); // 80 %
        Assert.Equal(ExitCodes.QualityGate, outcome.ExitCode);
        var f = Assert.Single(outcome.Findings);
        Assert.Equal("min_pass_rate", f.Rule);
        Assert.Equal(0.8, f.Actual!.Value, 12);
        Assert.Equal(0.9, f.Limit);
        Assert.Null(f.Tag);
        Assert.Contains("80%", f.Message);
    }

    [Fact]
    public void Max_quality_drop_in_points()
    {
        var policy = new GatePolicy { Defaults = { MaxQualityDropPoints = 2, FailOnRegression = false } };
        var outcome = GateEvaluator.Evaluate(Run(Compare("p", 36, b: 2, c: 0, 2)), policy); // −5 pts, not significant
        Assert.Equal(ExitCodes.QualityGate, outcome.ExitCode);
        var f = Assert.Single(outcome.Findings);
        Assert.Equal("max_quality_drop", f.Rule);
        Assert.Equal(5, f.Actual!.Value, 9);

        // Exactly at the default budget (5 pts) is allowed.
        Assert.Equal(ExitCodes.Success, GateEvaluator.Evaluate(Run(Compare("p", 36, b: 2, c: 0, 2))).ExitCode);
    }

    [Fact]
    public void Cost_increase_over_budget_is_exit_2()
    {
        var outcome = GateEvaluator.Evaluate(Run(Steady(baseCost: 0.001m, candCost: 0.0012m))); // +20 % > default 10 %
        Assert.Equal(ExitCodes.CostOrLatencyGate, outcome.ExitCode);
        var f = Assert.Single(outcome.Findings);
        Assert.Equal("max_cost_increase_pct", f.Rule);
        Assert.Equal(GateCategory.CostOrLatency, f.Category);
        Assert.Equal(20, f.Actual!.Value, 9);
        Assert.Equal(10, f.Limit);
        Assert.Contains("$1.00 to $1.20", f.Message);
    }

    [Fact]
    public void Cost_within_budget_passes()
    {
        var policy = new GatePolicy { Defaults = { MaxCostIncreasePercent = 25 } };
        Assert.Equal(ExitCodes.Success, GateEvaluator.Evaluate(Run(Steady(candCost: 0.0012m)), policy).ExitCode);
    }

    [Fact]
    public void P95_latency_is_a_warning_by_default_and_exit_2_at_fail_level()
    {
        var run = Run(Steady(baseLatency: 100, candLatency: 150)); // +50 % > 25 %
        var byDefault = GateEvaluator.Evaluate(run);
        Assert.Equal(ExitCodes.Success, byDefault.ExitCode);
        Assert.Equal(GateLevel.Warn, Assert.Single(byDefault.Findings).Level);

        var strict = new GatePolicy { Defaults = { LatencyLevel = GateLevel.Fail } };
        var outcome = GateEvaluator.Evaluate(run, strict);
        Assert.Equal(ExitCodes.CostOrLatencyGate, outcome.ExitCode);
        Assert.Equal("max_p95_latency_increase_pct", Assert.Single(outcome.Findings).Rule);
    }

    [Fact]
    public void Quality_wins_over_cost_when_both_fail()
    {
        var outcome = GateEvaluator.Evaluate(Run(Compare("p", 20, 10, 2, 0, baseCost: 0.001m, candCost: 0.002m)));
        Assert.Equal(ExitCodes.QualityGate, outcome.ExitCode);
        Assert.Contains(outcome.Findings, f => f.Category == GateCategory.CostOrLatency && f.Level == GateLevel.Fail);
    }

    [Fact]
    public void Errored_cases_above_the_threshold_are_exit_3()
    {
        var baseline = Set("p", Case("a", CaseStatus.Passed), Case("b", CaseStatus.Passed));
        var candidate = Set("p", Case("a", CaseStatus.Passed), Case("b", CaseStatus.Errored));
        var run = Run(PromptComparer.Compare(baseline, candidate));

        var outcome = GateEvaluator.Evaluate(run);
        Assert.Equal(ExitCodes.CouldNotRun, outcome.ExitCode); // wins over the quality drop it also causes
        var f = Assert.Single(outcome.Findings, f => f.Rule == "max_errored_rate");
        Assert.Equal(GateCategory.Errored, f.Category);
        Assert.Contains("1 of 2 candidate cases errored", f.Message);

        var tolerant = new GatePolicy { Defaults = { MaxErroredRate = 0.5 } };
        Assert.DoesNotContain(GateEvaluator.Evaluate(run, tolerant).Findings, x => x.Rule == "max_errored_rate");
    }

    [Fact]
    public void Warn_level_findings_never_change_the_exit_code()
    {
        var policy = new GatePolicy
        {
            Defaults = new GateRules { MaxCostIncreasePercent = 1, MinPassRate = 0.99 }.WithLevel(GateLevel.Warn),
        };
        var outcome = GateEvaluator.Evaluate(Run(Compare("p", 20, 10, 2, 0, candCost: 0.005m)), policy);
        Assert.Equal(ExitCodes.Success, outcome.ExitCode);
        Assert.Equal(
            new[] { "min_pass_rate", "fail_on_regression", "max_quality_drop", "max_cost_increase_pct" },
            outcome.Findings.Select(f => f.Rule));
        Assert.All(outcome.Findings, f => Assert.Equal(GateLevel.Warn, f.Level));
    }

    [Fact]
    public void Off_level_skips_the_checks()
    {
        var policy = new GatePolicy { Defaults = new GateRules().WithLevel(GateLevel.Off) };
        var outcome = GateEvaluator.Evaluate(Run(Compare("p", 20, 10, 2, 0, candCost: 0.005m)), policy);
        Assert.Equal(ExitCodes.Success, outcome.ExitCode);
        Assert.Empty(outcome.Findings);
    }

    [Fact]
    public void Per_tag_override_checks_only_the_tagged_cases()
    {
        var prompt = WithSafetyCases(); // whole prompt: −10 pts; safety cases: −50 pts
        var lenient = new GatePolicy { Defaults = { MaxQualityDropPoints = 20 } };
        Assert.Equal(ExitCodes.Success, GateEvaluator.Evaluate(Run(prompt), lenient).ExitCode);

        lenient.Tags["safety"] = new GateRules { MinPassRate = 1.0 };
        lenient.Tags["unused"] = new GateRules { MinPassRate = 1.0 };
        var outcome = GateEvaluator.Evaluate(Run(prompt), lenient);

        Assert.Equal(ExitCodes.QualityGate, outcome.ExitCode);
        Assert.Equal(2, outcome.Findings.Count);
        Assert.All(outcome.Findings, f => Assert.Equal("safety", f.Tag));
        var floor = Assert.Single(outcome.Findings, f => f.Rule == "min_pass_rate");
        Assert.Equal(0.5, floor.Actual);
        Assert.Contains("moderate [tag safety]", floor.Message);
        var drop = Assert.Single(outcome.Findings, f => f.Rule == "max_quality_drop"); // 50 pts > inherited 20
        Assert.Equal(50, drop.Actual!.Value, 9);
    }

    [Fact]
    public void Per_tag_override_can_be_a_warning()
    {
        var policy = new GatePolicy { Defaults = { MaxQualityDropPoints = 20 } };
        policy.Tags["safety"] = new GateRules { MinPassRate = 1.0, QualityLevel = GateLevel.Warn };
        var outcome = GateEvaluator.Evaluate(Run(WithSafetyCases()), policy);
        Assert.Equal(ExitCodes.Success, outcome.ExitCode);
        Assert.All(outcome.Findings, f => Assert.Equal(GateLevel.Warn, f.Level));
        Assert.NotEmpty(outcome.Findings);
    }

    [Fact]
    public void Per_prompt_override_beats_defaults()
    {
        var policy = new GatePolicy { Defaults = { MaxCostIncreasePercent = 5 } };
        policy.Prompts["p"] = new GateRules { MaxCostIncreasePercent = 200 };
        Assert.Equal(ExitCodes.Success, GateEvaluator.Evaluate(Run(Steady("p", candCost: 0.002m)), policy).ExitCode);
        Assert.Equal(ExitCodes.CostOrLatencyGate, GateEvaluator.Evaluate(Run(Steady("q", candCost: 0.002m)), policy).ExitCode);

        var rules = policy.Resolve("p");
        Assert.Equal(200, rules.MaxCostIncreasePercent);
        Assert.Equal(5, rules.MaxQualityDropPoints); // not set by either layer: built-in
    }

    [Fact]
    public void Cost_rising_from_zero_breaks_any_cost_budget()
    {
        var policy = new GatePolicy { Defaults = { MaxCostIncreasePercent = 1000 } };
        var outcome = GateEvaluator.Evaluate(Run(Steady(baseCost: 0m, candCost: 0.001m)), policy);
        Assert.Equal(ExitCodes.CostOrLatencyGate, outcome.ExitCode);
        Assert.Null(Assert.Single(outcome.Findings).Actual);
    }

    [Fact]
    public void Exit_code_priority_is_errored_then_quality_then_cost()
    {
        GateFinding F(GateCategory c, GateLevel l = GateLevel.Fail) =>
            new() { Level = l, PromptId = "p", Rule = "r", Category = c, Message = "m" };

        Assert.Equal(3, GateEvaluator.ExitCodeFor(new[] { F(GateCategory.CostOrLatency), F(GateCategory.Quality), F(GateCategory.Errored) }));
        Assert.Equal(1, GateEvaluator.ExitCodeFor(new[] { F(GateCategory.CostOrLatency), F(GateCategory.Quality) }));
        Assert.Equal(2, GateEvaluator.ExitCodeFor(new[] { F(GateCategory.CostOrLatency), F(GateCategory.Errored, GateLevel.Warn) }));
        Assert.Equal(0, GateEvaluator.ExitCodeFor(Array.Empty<GateFinding>()));
    }
}
