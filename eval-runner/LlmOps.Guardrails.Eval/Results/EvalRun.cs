using System;
using System.Collections.Generic;
using LlmOps.Guardrails.Eval.Gate;

namespace LlmOps.Guardrails.Eval.Results;

/// <summary>
/// One evaluation run: baseline and candidate variants of each prompt over the same cases. This is the content of
/// results.json (see <see cref="SchemaVersion"/>), the input of every report, the gate and the history.
/// </summary>
public sealed class EvalRun
{
    /// <summary>Bumped on any breaking change of the results.json shape.</summary>
    public const int SchemaVersion = 1;

    public int Schema { get; init; } = SchemaVersion;

    public required RunProvenance Provenance { get; init; }

    public required IReadOnlyList<PromptComparison> Prompts { get; init; }

    /// <summary>
    /// The gate's outcome as compare or merge printed it (findings, result, exit code); every report renders these same
    /// findings. Null in a run the gate has not judged yet (and in results.json written before reports carried the gate).
    /// </summary>
    public GateOutcome? Gate { get; init; }

    /// <summary>This run with <paramref name="gate"/> attached.</summary>
    public EvalRun WithGate(GateOutcome gate) => new()
    {
        Schema = Schema,
        Provenance = Provenance,
        Prompts = Prompts,
        Gate = gate,
    };
}

/// <summary>Where a run's numbers come from, so that two runs can be told apart and reproduced.</summary>
public sealed class RunProvenance
{
    public required DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>The commit of the working tree (candidate), when in a git repository.</summary>
    public string? Commit { get; init; }

    /// <summary>The git ref or label the baseline was read from (e.g. origin/main).</summary>
    public string? BaselineRef { get; init; }

    public string? BaselineCommit { get; init; }

    /// <summary>The judge model id, pinned, when an LLM judge scored any case.</summary>
    public string? JudgeModel { get; init; }

    /// <summary>The date the catalog's prices were last checked (the prices all costs here use).</summary>
    public DateTime? CatalogPricesCheckedOn { get; init; }

    /// <summary>replay (cassettes only), record, or live.</summary>
    public required string Mode { get; init; }

    public string? ToolVersion { get; init; }

    /// <summary>"i/n" when this run is one shard of a larger suite.</summary>
    public string? Shard { get; init; }

    /// <summary>SHA-256 of the eval config file's bytes; shards merge only when it is the same in all of them.</summary>
    public string? ConfigHash { get; init; }

    /// <summary>
    /// The GitHub Actions run that wrote these results ($GITHUB_RUN_ID), null outside Actions; with
    /// <see cref="Commit"/> and <see cref="RunAttempt"/> it lets <c>dotnet eval comment</c> refuse results of another run.
    /// </summary>
    public string? RunId { get; init; }

    /// <summary>$GITHUB_RUN_ATTEMPT: a re-run keeps the run id, so the attempt tells its results from the first try's.</summary>
    public string? RunAttempt { get; init; }

    /// <summary>The pull request of the event the run belongs to, when any: what a follow-up workflow comments on.</summary>
    public int? PullRequest { get; init; }
}

public enum Variant
{
    Baseline,
    Candidate,
}

public enum CaseStatus
{
    Passed,
    Failed,

    /// <summary>The provider or the judge failed: never counted as passed.</summary>
    Errored,
}

public enum CaseChange
{
    /// <summary>In both variants' datasets, unchanged.</summary>
    Same,

    /// <summary>Only in the candidate's dataset.</summary>
    Added,

    /// <summary>Only in the baseline's dataset: "a missing case is not a passing case".</summary>
    Removed,

    /// <summary>In both, but its input or expectation changed.</summary>
    Changed,
}

public enum PromptVerdict
{
    Improved,
    Unchanged,
    Regressed,

    /// <summary>Too few paired cases, or a difference the significance test cannot call.</summary>
    Inconclusive,

    /// <summary>
    /// The prompt file exists at the baseline commit but not in the working tree: its baseline cases are all missing on
    /// the candidate side. Made visible, not gated as a regression (deleting a prompt is a deliberate change).
    /// </summary>
    Removed,
}

/// <summary>One prompt, both variants, every case.</summary>
public sealed class PromptComparison
{
    public required string PromptId { get; init; }

    public string? BaselineHash { get; init; }

    public string? CandidateHash { get; init; }

    public string? BaselineModel { get; init; }

    public string? CandidateModel { get; init; }

    /// <summary>False when the hashes are equal: the candidate's results were reused (cassettes/cache), at no cost.</summary>
    public bool Changed { get; init; }

    public required IReadOnlyList<CaseComparison> Cases { get; init; }

    public required VariantSummary Baseline { get; init; }

    public required VariantSummary Candidate { get; init; }

    public required PromptVerdict Verdict { get; init; }

    /// <summary>The significance test's p-value (McNemar exact, two-sided) on paired pass/fail, when computed.</summary>
    public double? PValue { get; init; }

    /// <summary>
    /// The prompt file's declared traffic (<c>traffic.calls_per_day</c>): the candidate's, else the baseline's; null when
    /// neither declares it. The headline weights its cost figure by it when every priced prompt declares it.
    /// </summary>
    public long? CallsPerDay { get; init; }

    /// <summary>The prompt's tags (from its prompt file); the gate's per-tag overrides match these.</summary>
    public IReadOnlyList<string> Tags { get; init; } = Array.Empty<string>();

    /// <summary>
    /// Cases in the paired analysis: Same, Changed and Removed (a Removed case is a candidate failure), except those
    /// whose baseline errored. Added cases are not paired (no baseline).
    /// </summary>
    public int PairedCases { get; init; }

    /// <summary>McNemar's b: paired cases the baseline passed and the candidate did not.</summary>
    public int BaselineOnlyPassed { get; init; }

    /// <summary>McNemar's c: paired cases the candidate passed and the baseline did not.</summary>
    public int CandidateOnlyPassed { get; init; }

    /// <summary>Candidate minus baseline pass rate over the paired cases, as a fraction (-1..1): (c - b) / paired.</summary>
    public double PairedPassRateDelta { get; init; }

    /// <summary>Lower bound of the seeded paired-bootstrap 95% interval of <see cref="PairedPassRateDelta"/>, when computed.</summary>
    public double? PassRateDeltaCiLow { get; init; }

    /// <summary>Upper bound of the seeded paired-bootstrap 95% interval of <see cref="PairedPassRateDelta"/>, when computed.</summary>
    public double? PassRateDeltaCiHigh { get; init; }
}

/// <summary>Aggregates of one variant of one prompt over its cases.</summary>
public sealed class VariantSummary
{
    public int Cases { get; init; }

    public int Passed { get; init; }

    public int Failed { get; init; }

    public int Errored { get; init; }

    /// <summary>Passed / (Passed + Failed + Errored); with repeats, the pass^k rate (a case passes only if all k repeats pass).</summary>
    public double PassRate { get; init; }

    public int Repeats { get; init; } = 1;

    /// <summary>Mean score per scorer name, 0..1.</summary>
    public IReadOnlyDictionary<string, double> ScorerMeans { get; init; } = new Dictionary<string, double>();

    public double MeanInputTokens { get; init; }

    public double MeanOutputTokens { get; init; }

    /// <summary>Application cost per call (USD, mean); judge cost is reported apart.</summary>
    public decimal? CostPerCall { get; init; }

    public decimal? CostPer1kCalls => CostPerCall * 1000m;

    public decimal JudgeCost { get; init; }

    public double LatencyP50Ms { get; init; }

    public double LatencyP95Ms { get; init; }
}

/// <summary>One case id, paired across variants.</summary>
public sealed class CaseComparison
{
    public required string CaseId { get; init; }

    public required CaseChange Change { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = Array.Empty<string>();

    /// <summary>Null when the case is not in that variant (Added/Removed).</summary>
    public CaseResult? Baseline { get; init; }

    public CaseResult? Candidate { get; init; }
}

/// <summary>One case run against one variant (all repeats).</summary>
public sealed class CaseResult
{
    public required CaseStatus Status { get; init; }

    /// <summary>The model output of the first repeat (what reports show).</summary>
    public string? Output { get; init; }

    public string? Error { get; init; }

    public IReadOnlyList<ScoreResult> Scores { get; init; } = Array.Empty<ScoreResult>();

    /// <summary>Pass/fail of each repeat, in order.</summary>
    public IReadOnlyList<bool> RepeatPassed { get; init; } = Array.Empty<bool>();

    public long InputTokens { get; init; }

    public long OutputTokens { get; init; }

    public decimal? Cost { get; init; }

    public decimal JudgeCost { get; init; }

    public double LatencyMs { get; init; }

    /// <summary>Which fallback target served the call, when the runtime reported one.</summary>
    public string? ServedBy { get; init; }

    /// <summary>True when the response came from a cassette or the cache (no provider call).</summary>
    public bool Replayed { get; init; }
}

/// <summary>One scorer's verdict on one output.</summary>
public sealed class ScoreResult
{
    /// <summary>The scorer as configured, e.g. "contains", "not-regex", "json-path", "judge".</summary>
    public required string Scorer { get; init; }

    public required bool Passed { get; init; }

    /// <summary>0..1 (1 = best); binary scorers give 0 or 1.</summary>
    public double Score { get; init; }

    /// <summary>Why, in a sentence a reviewer can act on ("expected 'billing' in $.category, got 'login'").</summary>
    public string? Reason { get; init; }

    /// <summary>True when the scorer itself could not run (judge error): the case is errored, never passed.</summary>
    public bool Errored { get; init; }
}
