using System.Collections.Generic;

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

    public required string Message { get; init; }
}

/// <summary>The gate's decision: the process exit code and every broken rule (warnings included).</summary>
public sealed class GateOutcome
{
    public required int ExitCode { get; init; }

    public required IReadOnlyList<GateFinding> Findings { get; init; }

    public bool Passed => ExitCode == ExitCodes.Success;
}
