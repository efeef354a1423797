using LlmOps.Guardrails.Eval.Comparison;
using LlmOps.Guardrails.Eval.Results;
using static LlmOps.Guardrails.Eval.Tests.Comparison.ComparisonFixtures;

namespace LlmOps.Guardrails.Eval.Tests.Results;

public sealed class RemovedPromptHeadlineTests
{
    private static PromptComparison Removed(string id) =>
        PromptComparer.CompareRemoved(Set(id, Case("a", CaseStatus.Passed), Case("b", CaseStatus.Passed)));

    [Fact]
    public void Names_removed_prompts_and_does_not_count_their_cases_as_missing()
    {
        string headline = Headline.For(Run(Compare("kept", 10, 0, 0, 0), Removed("old")));
        Assert.Equal("Cost per 1k calls (mean over prompts) unchanged at $1.00; quality unchanged; prompt old removed", headline);
    }

    [Fact]
    public void Several_removed_prompts_are_listed_in_id_order()
    {
        string headline = Headline.For(Run(Compare("kept", 10, 0, 0, 0), Removed("zeta"), Removed("alpha")));
        Assert.EndsWith("; prompts alpha, zeta removed", headline);
    }

    [Fact]
    public void Removed_verdict_round_trips_through_results_json()
    {
        var run = Run(Removed("old"));
        string json = EvalRunJson.Serialize(run);
        Assert.Contains("\"verdict\": \"removed\"", json);
        Assert.Equal(PromptVerdict.Removed, EvalRunJson.Deserialize(json).Prompts[0].Verdict);
    }
}
