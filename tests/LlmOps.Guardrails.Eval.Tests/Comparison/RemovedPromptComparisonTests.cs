using LlmOps.Guardrails.Eval.Comparison;
using LlmOps.Guardrails.Eval.Results;
using static LlmOps.Guardrails.Eval.Tests.Comparison.ComparisonFixtures;

namespace LlmOps.Guardrails.Eval.Tests.Comparison;

public sealed class RemovedPromptComparisonTests
{
    [Fact]
    public void Every_baseline_case_is_missing_on_the_candidate_and_the_verdict_is_removed()
    {
        var baseline = Set("old", Case("a", CaseStatus.Passed), Case("b", CaseStatus.Failed), Case("c", CaseStatus.Passed));
        var p = PromptComparer.CompareRemoved(baseline);

        Assert.Equal(PromptVerdict.Removed, p.Verdict);
        Assert.Equal("h-old", p.BaselineHash);
        Assert.Null(p.CandidateHash);
        Assert.True(p.Changed);
        Assert.All(p.Cases, c => Assert.Equal(CaseChange.Removed, c.Change));
        Assert.Equal(3, p.Baseline.Cases);
        Assert.Equal(0, p.Candidate.Cases);

        // The paired figures still say what was lost: two passing cases are gone.
        Assert.Equal(3, p.PairedCases);
        Assert.Equal(2, p.BaselineOnlyPassed);
        Assert.Equal(-2.0 / 3, p.PairedPassRateDelta, 9);
    }
}
