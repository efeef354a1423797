using LlmOps.Guardrails.Eval.Comparison;
using LlmOps.Guardrails.Eval.Results;
using static LlmOps.Guardrails.Eval.Tests.Comparison.ComparisonFixtures;

namespace LlmOps.Guardrails.Eval.Tests.Comparison;

public class PromptComparerTests
{
    [Fact]
    public void Pairs_same_added_removed_and_changed_in_ordinal_order()
    {
        var baseline = Set("classify",
            Case("b-same", CaseStatus.Passed, "f1"),
            Case("a-changed", CaseStatus.Passed, "f2"),
            Case("c-removed", CaseStatus.Passed, "f3"));
        var candidate = Set("classify",
            Case("b-same", CaseStatus.Passed, "f1"),
            Case("a-changed", CaseStatus.Failed, "f2-edited"),
            Case("d-added", CaseStatus.Passed, "f4"));

        var result = PromptComparer.Compare(baseline, candidate);

        Assert.Equal(new[] { "a-changed", "b-same", "c-removed", "d-added" }, result.Cases.Select(c => c.CaseId));
        Assert.Equal(new[] { CaseChange.Changed, CaseChange.Same, CaseChange.Removed, CaseChange.Added },
            result.Cases.Select(c => c.Change));
        var removed = result.Cases.Single(c => c.Change == CaseChange.Removed);
        Assert.NotNull(removed.Baseline);
        Assert.Null(removed.Candidate);
        var added = result.Cases.Single(c => c.Change == CaseChange.Added);
        Assert.Null(added.Baseline);
        Assert.NotNull(added.Candidate);
    }

    [Fact]
    public void Removed_case_counts_as_candidate_failure_in_the_paired_analysis()
    {
        var baseline = Set("p", Case("x", CaseStatus.Passed), Case("y", CaseStatus.Passed));
        var candidate = Set("p", Case("x", CaseStatus.Passed), Case("z", CaseStatus.Passed));

        var result = PromptComparer.Compare(baseline, candidate);

        Assert.Equal(2, result.PairedCases); // x and the removed y; the added z is not paired
        Assert.Equal(1, result.BaselineOnlyPassed);
        Assert.Equal(0, result.CandidateOnlyPassed);
        Assert.Equal(-0.5, result.PairedPassRateDelta, 12);
        Assert.Equal(1.0, result.Candidate.PassRate); // the candidate's own summary covers the cases it ran
    }

    [Fact]
    public void Errored_candidate_case_is_a_failure_never_a_pass()
    {
        var baseline = Set("p", Case("x", CaseStatus.Passed));
        var candidate = Set("p", Case("x", CaseStatus.Errored));

        var result = PromptComparer.Compare(baseline, candidate);

        Assert.Equal(1, result.BaselineOnlyPassed);
        Assert.Equal(1, result.Candidate.Errored);
        Assert.Equal(0, result.Candidate.Passed);
        Assert.Equal(0, result.Candidate.Failed);
        Assert.Equal(0.0, result.Candidate.PassRate);
    }

    [Fact]
    public void Duplicate_case_ids_are_refused()
    {
        var baseline = Set("p", Case("x", CaseStatus.Passed), Case("x", CaseStatus.Failed));
        var ex = Assert.Throws<ArgumentException>(() => PromptComparer.Compare(baseline, Set("p")));
        Assert.Contains("'x'", ex.Message);
    }

    [Fact]
    public void Different_prompt_ids_are_refused() =>
        Assert.Throws<ArgumentException>(() => PromptComparer.Compare(Set("a"), Set("b")));

    [Fact]
    public void Changed_flag_follows_the_prompt_hash()
    {
        var same = PromptComparer.Compare(
            new CaseResultSet { PromptId = "p", PromptHash = "h", Cases = Array.Empty<CaseRecord>() },
            new CaseResultSet { PromptId = "p", PromptHash = "h", Cases = Array.Empty<CaseRecord>() });
        Assert.False(same.Changed);
        Assert.Equal(PromptVerdict.Inconclusive, same.Verdict); // no pairs at all
        Assert.Null(same.PValue);

        var edited = PromptComparer.Compare(
            new CaseResultSet { PromptId = "p", PromptHash = "h", Cases = Array.Empty<CaseRecord>() },
            new CaseResultSet { PromptId = "p", PromptHash = "h2", Cases = Array.Empty<CaseRecord>() });
        Assert.True(edited.Changed);
    }

    [Fact]
    public void Significant_drop_is_regressed()
    {
        var result = Compare("p", bothPass: 20, b: 10, c: 2, bothFail: 0);
        Assert.Equal(PromptVerdict.Regressed, result.Verdict);
        Assert.Equal(0.0386, result.PValue!.Value, 4);
        Assert.Equal(-8.0 / 32, result.PairedPassRateDelta, 12);
    }

    [Fact]
    public void Significant_gain_is_improved() =>
        Assert.Equal(PromptVerdict.Improved, Compare("p", 20, b: 2, c: 10, 0).Verdict);

    [Fact]
    public void No_discordant_pairs_is_unchanged_even_with_few_cases() =>
        Assert.Equal(PromptVerdict.Unchanged, Compare("p", bothPass: 3, b: 0, c: 0, bothFail: 1).Verdict);

    [Fact]
    public void Non_significant_small_delta_with_enough_pairs_is_unchanged()
    {
        var result = Compare("p", bothPass: 36, b: 2, c: 1, bothFail: 1); // 40 pairs, Δ = -2.5 pts, p = 1
        Assert.Equal(PromptVerdict.Unchanged, result.Verdict);
    }

    [Fact]
    public void Non_significant_with_few_pairs_is_inconclusive()
    {
        var result = Compare("p", bothPass: 5, b: 3, c: 1, bothFail: 1); // 10 pairs
        Assert.Equal(PromptVerdict.Inconclusive, result.Verdict);
    }

    [Fact]
    public void Non_significant_large_delta_is_inconclusive()
    {
        var result = Compare("p", bothPass: 20, b: 4, c: 0, bothFail: 0); // 24 pairs, Δ = -16.7 pts, p = 0.125
        Assert.Equal(0.125, result.PValue!.Value, 12);
        Assert.Equal(PromptVerdict.Inconclusive, result.Verdict);
    }

    [Theory]
    [InlineData(0, 0, 0, null, PromptVerdict.Inconclusive)]
    [InlineData(10, 0, 0, null, PromptVerdict.Unchanged)]
    [InlineData(30, 10, 2, 0.0386, PromptVerdict.Regressed)]
    [InlineData(30, 2, 10, 0.0386, PromptVerdict.Improved)]
    [InlineData(19, 1, 0, 1.0, PromptVerdict.Inconclusive)]
    [InlineData(20, 1, 0, 1.0, PromptVerdict.Unchanged)]
    public void Decide_rule_table(int pairs, int b, int c, double? p, PromptVerdict expected)
    {
        double delta = pairs == 0 ? 0 : (double)(c - b) / pairs;
        Assert.Equal(expected, PromptComparer.Decide(pairs, b, c, p, delta));
    }

    [Fact]
    public void Alpha_is_configurable()
    {
        var (bs, cs) = Paired("p", 20, b: 10, c: 2, 0);
        var strict = PromptComparer.Compare(bs, cs, new ComparisonOptions { Alpha = 0.01 });
        Assert.Equal(PromptVerdict.Inconclusive, strict.Verdict);
    }

    [Fact]
    public void Bootstrap_interval_is_deterministic_and_brackets_the_delta()
    {
        var first = Compare("p", bothPass: 50, b: 10, c: 2, bothFail: 8);
        var second = Compare("p", bothPass: 50, b: 10, c: 2, bothFail: 8);
        Assert.Equal(first.PassRateDeltaCiLow, second.PassRateDeltaCiLow);
        Assert.Equal(first.PassRateDeltaCiHigh, second.PassRateDeltaCiHigh);
        Assert.True(first.PassRateDeltaCiLow <= first.PairedPassRateDelta);
        Assert.True(first.PassRateDeltaCiHigh >= first.PairedPassRateDelta);
        Assert.True(first.PassRateDeltaCiHigh < 0); // b=10 vs c=2 over 70 pairs: clearly negative

        var (bs, cs) = Paired("p", 50, 10, 2, 8);
        var off = PromptComparer.Compare(bs, cs, new ComparisonOptions { BootstrapResamples = 0 });
        Assert.Null(off.PassRateDeltaCiLow);
    }
}

public class PromptComparerScaleTests
{
    [Fact]
    public void Ten_thousand_pairs_compare_with_bootstrap()
    {
        // Correctness only: how long it takes belongs to the benchmarks, not to a test a loaded machine can fail.
        var result = ComparisonFixtures.Compare("big", bothPass: 8000, b: 600, c: 400, bothFail: 1000);

        Assert.Equal(10000, result.PairedCases);
        Assert.Equal(LlmOps.Guardrails.Eval.Results.PromptVerdict.Regressed, result.Verdict);
        Assert.True(result.PValue < 1e-8, result.PValue.ToString());
        Assert.InRange(result.PassRateDeltaCiLow!.Value, -0.04, -0.02);
        Assert.InRange(result.PassRateDeltaCiHigh!.Value, -0.02, 0.0);
    }
}

public class PromptComparerErroredBaselineTests
{
    [Fact]
    public void Cases_whose_baseline_errored_are_left_out_of_the_paired_analysis()
    {
        var baseline = ComparisonFixtures.Set("p",
            ComparisonFixtures.Case("x", LlmOps.Guardrails.Eval.Results.CaseStatus.Errored),
            ComparisonFixtures.Case("y", LlmOps.Guardrails.Eval.Results.CaseStatus.Passed));
        var candidate = ComparisonFixtures.Set("p",
            ComparisonFixtures.Case("x", LlmOps.Guardrails.Eval.Results.CaseStatus.Passed),
            ComparisonFixtures.Case("y", LlmOps.Guardrails.Eval.Results.CaseStatus.Passed));

        var result = PromptComparer.Compare(baseline, candidate);

        Assert.Equal(1, result.PairedCases);
        Assert.Equal(0, result.CandidateOnlyPassed); // the candidate gets no credit for the baseline's error
        Assert.Equal(2, result.Cases.Count); // still listed
    }
}
