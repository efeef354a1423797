using System;
using System.Collections.Generic;

namespace LlmOps.Guardrails.Eval.Gate;

/// <summary>How a broken rule affects the run: Fail also sets the exit code, Warn only reports it, Off skips the check.</summary>
public enum GateLevel
{
    Fail,
    Warn,
    Off,
}

/// <summary>
/// One layer of gate rules (the defaults, or an override for a prompt id or a case tag). Every member is
/// nullable: null means "not set here, inherit from the layer below" (see <see cref="GatePolicy"/>), down to
/// <see cref="BuiltIn"/>. Units: rates are fractions 0..1, the quality drop is in percentage points, cost and
/// latency budgets are percent increases over the baseline.
/// </summary>
public sealed class GateRules
{
    /// <summary>The built-in defaults every unset rule falls back to (docs/eval-gate.md); they match the eval config's defaults.</summary>
    public static GateRules BuiltIn { get; } = new()
    {
        MinPassRate = null,
        MaxQualityDropPoints = 5,
        FailOnRegression = true,
        QualityLevel = GateLevel.Fail,
        MaxCostIncreasePercent = 10,
        CostLevel = GateLevel.Fail,
        MaxP95LatencyIncreasePercent = 25,
        LatencyLevel = GateLevel.Warn,
        MaxErroredRate = 0,
        ErroredLevel = GateLevel.Fail,
    };

    /// <summary>min_pass_rate: absolute floor of the candidate's pass rate, 0..1. Built-in: none.</summary>
    public double? MinPassRate { get; set; }

    /// <summary>
    /// max_quality_drop: largest allowed drop of the paired pass rate, in percentage points (5 = 5 pts; the
    /// eval config's <c>max_drop: 0.05</c> is 5 points). Built-in: 5.
    /// </summary>
    public double? MaxQualityDropPoints { get; set; }

    /// <summary>fail_on_regression: a statistically significant regression (verdict Regressed) breaks the gate. Built-in: true.</summary>
    public bool? FailOnRegression { get; set; }

    /// <summary>Level of the quality rules (min_pass_rate, max_quality_drop, fail_on_regression). Built-in: fail.</summary>
    public GateLevel? QualityLevel { get; set; }

    /// <summary>max_cost_increase_pct: largest allowed increase of the application cost per call, in percent. Built-in: 10.</summary>
    public double? MaxCostIncreasePercent { get; set; }

    /// <summary>Level of the cost rule. Built-in: fail.</summary>
    public GateLevel? CostLevel { get; set; }

    /// <summary>max_p95_latency_increase_pct: largest allowed increase of the p95 latency, in percent. Built-in: 25.</summary>
    public double? MaxP95LatencyIncreasePercent { get; set; }

    /// <summary>Level of the latency rule. Built-in: warn (latency is noisy on shared CI runners).</summary>
    public GateLevel? LatencyLevel { get; set; }

    /// <summary>max_errored_rate: largest allowed share of errored cases in either variant, 0..1. Built-in: 0.</summary>
    public double? MaxErroredRate { get; set; }

    /// <summary>Level of the errored-cases rule. Built-in: fail (exit 3).</summary>
    public GateLevel? ErroredLevel { get; set; }

    /// <summary>Sets the level of every category at once (builder convenience); returns this.</summary>
    public GateRules WithLevel(GateLevel level)
    {
        QualityLevel = level;
        CostLevel = level;
        LatencyLevel = level;
        ErroredLevel = level;
        return this;
    }

    /// <summary>This layer over <paramref name="fallback"/>: each member set here wins.</summary>
    public GateRules Over(GateRules fallback)
    {
        if (fallback is null) throw new ArgumentNullException(nameof(fallback));
        return new GateRules
        {
            MinPassRate = MinPassRate ?? fallback.MinPassRate,
            MaxQualityDropPoints = MaxQualityDropPoints ?? fallback.MaxQualityDropPoints,
            FailOnRegression = FailOnRegression ?? fallback.FailOnRegression,
            QualityLevel = QualityLevel ?? fallback.QualityLevel,
            MaxCostIncreasePercent = MaxCostIncreasePercent ?? fallback.MaxCostIncreasePercent,
            CostLevel = CostLevel ?? fallback.CostLevel,
            MaxP95LatencyIncreasePercent = MaxP95LatencyIncreasePercent ?? fallback.MaxP95LatencyIncreasePercent,
            LatencyLevel = LatencyLevel ?? fallback.LatencyLevel,
            MaxErroredRate = MaxErroredRate ?? fallback.MaxErroredRate,
            ErroredLevel = ErroredLevel ?? fallback.ErroredLevel,
        };
    }
}

/// <summary>
/// The merge gate's policy, built from the eval config (YAML) by its loader.
/// <para>Per prompt: <see cref="Prompts"/>[prompt id] over <see cref="Defaults"/> over <see cref="GateRules.BuiltIn"/>.</para>
/// <para>Per case tag: for every tag in <see cref="Tags"/> that some case of the prompt carries, the quality rules
/// (min_pass_rate, max_quality_drop) of <c>Tags[tag]</c> over the prompt's rules are checked again on just the
/// cases with that tag. Cost, latency, errored and fail_on_regression are prompt-level only.</para>
/// </summary>
public sealed class GatePolicy
{
    public GateRules Defaults { get; set; } = new();

    /// <summary>Overrides by prompt id (ordinal match).</summary>
    public IDictionary<string, GateRules> Prompts { get; } = new Dictionary<string, GateRules>(StringComparer.Ordinal);

    /// <summary>Overrides by case tag (ordinal match); only their quality rules apply, to the tagged cases.</summary>
    public IDictionary<string, GateRules> Tags { get; } = new Dictionary<string, GateRules>(StringComparer.Ordinal);

    /// <summary>The effective rules for one prompt: every member set.</summary>
    public GateRules Resolve(string promptId)
    {
        if (promptId is null) throw new ArgumentNullException(nameof(promptId));
        GateRules effective = (Defaults ?? new GateRules()).Over(GateRules.BuiltIn);
        if (Prompts.TryGetValue(promptId, out var promptRules) && promptRules is not null)
        {
            effective = promptRules.Over(effective);
        }

        return effective;
    }

    /// <summary>The effective rules for the cases of one tag within one prompt, or null when the tag has no override.</summary>
    public GateRules? ResolveTag(string promptId, string tag)
    {
        if (tag is null) throw new ArgumentNullException(nameof(tag));
        return Tags.TryGetValue(tag, out var tagRules) && tagRules is not null ? tagRules.Over(Resolve(promptId)) : null;
    }
}
