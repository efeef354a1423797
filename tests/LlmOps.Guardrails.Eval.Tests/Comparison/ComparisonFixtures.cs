using LlmOps.Guardrails.Eval.Comparison;
using LlmOps.Guardrails.Eval.Results;

namespace LlmOps.Guardrails.Eval.Tests.Comparison;

/// <summary>Small builders for case results and comparisons, shared by the comparison, gate and results tests.</summary>
internal static class ComparisonFixtures
{
    public static CaseResult Result(CaseStatus status, decimal? cost = 0.001m, double latency = 100, bool[]? repeats = null,
        long input = 100, long output = 20, params (string Scorer, double Score)[] scores) => new()
    {
        Status = status,
        Cost = cost,
        LatencyMs = latency,
        RepeatPassed = repeats ?? Array.Empty<bool>(),
        InputTokens = input,
        OutputTokens = output,
        Scores = scores.Select(s => new ScoreResult { Scorer = s.Scorer, Passed = s.Score >= 0.5, Score = s.Score }).ToArray(),
    };

    public static CaseRecord Case(string id, CaseStatus status, string fingerprint = "fp", decimal? cost = 0.001m, double latency = 100)
        => new(id, fingerprint, Result(status, cost, latency));

    public static CaseResultSet Set(string promptId, params CaseRecord[] cases) => new()
    {
        PromptId = promptId,
        PromptHash = "h-" + promptId,
        Cases = cases,
    };

    /// <summary>A pair of sets with the given paired outcome counts: both pass, b (baseline only), c (candidate only), both fail.</summary>
    public static (CaseResultSet Baseline, CaseResultSet Candidate) Paired(string promptId, int bothPass, int b, int c, int bothFail,
        decimal baseCost = 0.001m, decimal candCost = 0.001m, double baseLatency = 100, double candLatency = 100)
    {
        var baseCases = new List<CaseRecord>();
        var candCases = new List<CaseRecord>();
        int i = 0;
        void Add(int count, bool basePass, bool candPass)
        {
            for (int k = 0; k < count; k++, i++)
            {
                string id = "case-" + i.ToString("D4");
                baseCases.Add(Case(id, basePass ? CaseStatus.Passed : CaseStatus.Failed, cost: baseCost, latency: baseLatency));
                candCases.Add(Case(id, candPass ? CaseStatus.Passed : CaseStatus.Failed, cost: candCost, latency: candLatency));
            }
        }

        Add(bothPass, true, true);
        Add(b, true, false);
        Add(c, false, true);
        Add(bothFail, false, false);
        return (new CaseResultSet { PromptId = promptId, PromptHash = "base", Cases = baseCases },
            new CaseResultSet { PromptId = promptId, PromptHash = "cand", Cases = candCases });
    }

    public static PromptComparison Compare(string promptId, int bothPass, int b, int c, int bothFail,
        decimal baseCost = 0.001m, decimal candCost = 0.001m, double baseLatency = 100, double candLatency = 100,
        IReadOnlyList<string>? tags = null)
    {
        var (bs, cs) = Paired(promptId, bothPass, b, c, bothFail, baseCost, candCost, baseLatency, candLatency);
        if (tags is not null)
        {
            cs = new CaseResultSet { PromptId = cs.PromptId, PromptHash = cs.PromptHash, Cases = cs.Cases, Tags = tags };
        }

        return PromptComparer.Compare(bs, cs);
    }

    public static EvalRun Run(params PromptComparison[] prompts) => new()
    {
        Provenance = new RunProvenance
        {
            StartedAt = new DateTimeOffset(2026, 11, 24, 6, 0, 0, TimeSpan.Zero),
            Mode = "replay",
            Commit = "abc123",
            BaselineRef = "origin/main",
        },
        Prompts = prompts,
    };
}
