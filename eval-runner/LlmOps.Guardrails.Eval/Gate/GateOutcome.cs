using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Serialization;

namespace LlmOps.Guardrails.Eval.Gate;

/// <summary>What a broken rule is about; decides the exit code of a fail-level finding.</summary>
public enum GateCategory
{
    /// <summary>Pass rate, regression, quality drop: exit 1.</summary>
    Quality,

    /// <summary>Cost per call or p95 latency: exit 2.</summary>
    CostOrLatency,

    /// <summary>Too many errored cases: the comparison cannot be trusted, exit 3.</summary>
    Errored,
}

/// <summary>The gate's overall result, as reports state it next to the exit code.</summary>
public enum GateResult
{
    /// <summary>Exit 0 and no finding.</summary>
    Pass,

    /// <summary>Exit 0 with warn-level findings only.</summary>
    Warn,

    /// <summary>Exit 1 or 2: a fail-level quality, cost or latency finding.</summary>
    Fail,

    /// <summary>Exit 3: errored cases over the limit, missing recordings or run errors.</summary>
    CouldNotRun,
}

/// <summary>One broken rule for one prompt.</summary>
public sealed class GateFinding
{
    public required GateLevel Level { get; init; }

    public required string PromptId { get; init; }

    /// <summary>The case tag when the rule was checked on the cases of one tag (a per-tag override); null for the whole prompt.</summary>
    public string? Tag { get; init; }

    /// <summary>The policy key: min_pass_rate, max_quality_drop, fail_on_regression, max_cost_increase_pct, max_p95_latency_increase_pct, max_errored_rate.</summary>
    public required string Rule { get; init; }

    public required GateCategory Category { get; init; }

    /// <summary>The measured value in the rule's unit (fraction, points or percent); null when not finite (e.g. an increase from zero).</summary>
    public double? Actual { get; init; }

    /// <summary>The limit in the rule's unit; null for fail_on_regression.</summary>
    public double? Limit { get; init; }

    /// <summary>What was measured, for people: "cost per 1k calls", "p95 latency", "candidate pass rate".</summary>
    public string? Metric { get; init; }

    /// <summary>The metric's baseline value as the reports show it ("$0.0456", "90%"), when the baseline has one.</summary>
    public string? BaselineValue { get; init; }

    /// <summary>The metric's candidate value as the reports show it ("$0.9826", "80%").</summary>
    public string? CandidateValue { get; init; }

    /// <summary>The rule's budget as the reports show it ("+10%", "at least 75%", "drop at most 5 pts").</summary>
    public string? Budget { get; init; }

    public required string Message { get; init; }
}

/// <summary>The gate's decision: the process exit code and every broken rule (warnings included).</summary>
public sealed class GateOutcome
{
    public required int ExitCode { get; init; }

    public required IReadOnlyList<GateFinding> Findings { get; init; }

    /// <summary>Why the run is incomplete (missing recordings, run errors) when the gate could not judge all of it; exit 3.</summary>
    public string? CouldNotRunReason { get; init; }

    /// <summary>Derived from the exit code and the findings (written to results.json for readers; recomputed on read).</summary>
    public GateResult Result => ExitCode switch
    {
        ExitCodes.CouldNotRun => GateResult.CouldNotRun,
        ExitCodes.Success => Findings.Count > 0 ? GateResult.Warn : GateResult.Pass,
        _ => GateResult.Fail,
    };

    /// <summary>What <see cref="ExitCode"/> tells CI (<see cref="ExitCodes.Describe"/>).</summary>
    public string ExitCodeMeaning => ExitCodes.Describe(ExitCode);

    [JsonIgnore]
    public bool Passed => ExitCode == ExitCodes.Success;

    /// <summary>The same findings, for a run that did not complete: exit 3 whatever the findings say.</summary>
    public GateOutcome CouldNotRun(string reason) => new()
    {
        ExitCode = ExitCodes.CouldNotRun,
        Findings = Findings,
        CouldNotRunReason = reason,
    };

    /// <summary>How many findings are at <paramref name="level"/>.</summary>
    public int Count(GateLevel level) => Findings.Count(f => f.Level == level);
}
