using LlmOps.Guardrails.Eval.Comparison;
using LlmOps.Guardrails.Eval.Gate;
using LlmOps.Guardrails.Eval.Results;
using static LlmOps.Guardrails.Eval.Tests.Comparison.ComparisonFixtures;

namespace LlmOps.Guardrails.Eval.Tests.Gate;

public sealed class RemovedPromptGateTests
{
    private static PromptComparison Removed(string id) =>
        PromptComparer.CompareRemoved(Set(id, Case("a", CaseStatus.Passed), Case("b", CaseStatus.Passed)));

    [Fact]
    public void A_removed_prompt_warns_and_does_not_fail_even_a_strict_policy()
    {
        var policy = new GatePolicy
        {
            Defaults = new GateRules { MinPassRate = 0.9, MaxQualityDropPoints = 0, FailOnRegression = true, MaxCostIncreasePercent = 0 },
        };
        var outcome = GateEvaluator.Evaluate(Run(Removed("old")), policy);

        Assert.Equal(ExitCodes.Success, outcome.ExitCode);
        var finding = Assert.Single(outcome.Findings);
        Assert.Equal(GateLevel.Warn, finding.Level);
        Assert.Equal(GateEvaluator.RemovedPromptRule, finding.Rule);
        Assert.Equal("old: the prompt file was removed; its 2 baseline cases have no candidate.", finding.Message);
    }

    [Fact]
    public void Other_prompts_of_the_run_are_still_gated()
    {
        var policy = new GatePolicy { Defaults = new GateRules { MaxQualityDropPoints = 5 } };
        var outcome = GateEvaluator.Evaluate(Run(Removed("old"), Compare("kept", bothPass: 10, b: 5, c: 0, bothFail: 0)), policy);
        Assert.Equal(ExitCodes.QualityGate, outcome.ExitCode);
        Assert.Contains(outcome.Findings, f => f.PromptId == "kept" && f.Level == GateLevel.Fail);
    }
}
