using LlmOps.Guardrails.Eval.Results;
using LlmOps.Guardrails.Eval.Scoring;

namespace LlmOps.Guardrails.Eval.Tests.Scoring;

internal static class ScoringTestHelpers
{
    public static ScoreResult Run(ScorerSpec spec, string output, string? expected = null, decimal? cost = null, double latencyMs = 0)
    {
        var scorer = ScorerFactory.Create(spec);
        var input = new ScoringInput { Output = output, Expected = expected, CostUsd = cost, LatencyMs = latencyMs };
        return ((DeterministicScorer)scorer).Score(input);
    }

    public static ScoreResult Run(string type, object? value, string output, string? expected = null) =>
        Run(new ScorerSpec { Type = type, Value = value }, output, expected);
}
