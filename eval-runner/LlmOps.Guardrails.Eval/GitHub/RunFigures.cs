using System;
using System.Globalization;
using System.Linq;
using LlmOps.Guardrails.Eval.Results;

namespace LlmOps.Guardrails.Eval.GitHub;

/// <summary>The run's two headline numbers as step outputs, for workflows that branch on them.</summary>
public static class RunFigures
{
    /// <summary>
    /// The change of the case-weighted mean cost per call over prompts priced in both variants, in percent with one
    /// decimal ("18.2", "-3.5"); empty when unknown or the baseline cost is zero.
    /// </summary>
    public static string CostDeltaPercent(EvalRun run)
    {
        decimal weights = 0, baseline = 0, candidate = 0;
        foreach (var p in run.Prompts)
        {
            if (p.Baseline.CostPerCall is not { } b || p.Candidate.CostPerCall is not { } c)
            {
                continue;
            }

            decimal w = p.Candidate.Cases > 0 ? p.Candidate.Cases : Math.Max(1, p.Baseline.Cases);
            weights += w;
            baseline += w * b;
            candidate += w * c;
        }

        if (weights == 0 || baseline == 0)
        {
            return "";
        }

        var percent = (candidate - baseline) / baseline * 100m;
        return Math.Round(percent, 1, MidpointRounding.AwayFromZero).ToString("0.0", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The pooled pass rate of the candidate minus the baseline's, in percentage points with one decimal ("-10.0").
    /// </summary>
    public static string QualityDelta(EvalRun run)
    {
        var baseCases = run.Prompts.Sum(p => p.Baseline.Cases);
        var candCases = run.Prompts.Sum(p => p.Candidate.Cases);
        if (baseCases == 0 || candCases == 0)
        {
            return "";
        }

        var delta = ((double)run.Prompts.Sum(p => p.Candidate.Passed) / candCases - (double)run.Prompts.Sum(p => p.Baseline.Passed) / baseCases) * 100;
        return Math.Round(delta, 1, MidpointRounding.AwayFromZero).ToString("0.0", CultureInfo.InvariantCulture);
    }
}
