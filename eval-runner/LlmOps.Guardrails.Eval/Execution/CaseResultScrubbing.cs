using System;
using System.Linq;
using LlmOps.Guardrails.Eval.Cassettes;
using LlmOps.Guardrails.Eval.Results;

namespace LlmOps.Guardrails.Eval.Execution;

/// <summary>
/// Scrubs the text of a case result before the run keeps it: results.json, every report, the checkpoint and the PR
/// comment are all written from the stored result, so a key a model echoed (or a provider put in an error) is cleaned
/// once here rather than in each writer.
/// </summary>
internal static class CaseResultScrubbing
{
    /// <summary>The result with its output, error and score reasons scrubbed; the same instance when nothing changed.</summary>
    public static CaseResult Scrub(this SecretScrubber scrubber, CaseResult result)
    {
        if (scrubber is null) throw new ArgumentNullException(nameof(scrubber));
        if (result is null) throw new ArgumentNullException(nameof(result));
        if (scrubber.Count == 0) return result;

        string? output = scrubber.Scrub(result.Output);
        string? error = scrubber.Scrub(result.Error);
        var scores = result.Scores.Select(s => Scrub(scrubber, s)).ToList();
        bool changed = !ReferenceEquals(output, result.Output)
            || !ReferenceEquals(error, result.Error)
            || scores.Where((s, i) => !ReferenceEquals(s, result.Scores[i])).Any();
        if (!changed) return result;

        return new CaseResult
        {
            Status = result.Status,
            Output = output,
            Error = error,
            Scores = scores,
            RepeatPassed = result.RepeatPassed,
            InputTokens = result.InputTokens,
            OutputTokens = result.OutputTokens,
            Cost = result.Cost,
            JudgeCost = result.JudgeCost,
            LatencyMs = result.LatencyMs,
            ServedBy = result.ServedBy,
            Replayed = result.Replayed,
        };
    }

    private static ScoreResult Scrub(SecretScrubber scrubber, ScoreResult score)
    {
        string? reason = scrubber.Scrub(score.Reason);
        if (ReferenceEquals(reason, score.Reason)) return score;
        return new ScoreResult { Scorer = score.Scorer, Passed = score.Passed, Score = score.Score, Reason = reason, Errored = score.Errored };
    }
}
