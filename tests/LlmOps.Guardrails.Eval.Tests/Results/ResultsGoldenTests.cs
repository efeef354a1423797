using LlmOps.Guardrails.Eval.Comparison;
using LlmOps.Guardrails.Eval.Gate;
using LlmOps.Guardrails.Eval.Results;

namespace LlmOps.Guardrails.Eval.Tests.Results;

/// <summary>
/// Pins the exact bytes of results.json for a small run. A failure here means the file format changed: if that
/// is intended, bump <see cref="EvalRun.SchemaVersion"/> when the change is breaking and regenerate the golden file
/// (set LLMOPS_UPDATE_GOLDEN=1 and run this test once).
/// </summary>
public class ResultsGoldenTests
{
    internal static EvalRun GoldenRun()
    {
        CaseResult R(CaseStatus s, decimal? cost, double latency, params bool[] repeats) => new()
        {
            Status = s,
            Output = s == CaseStatus.Errored ? null : "{\"category\":\"billing\"}",
            Error = s == CaseStatus.Errored ? "provider returned 529" : null,
            Cost = cost,
            JudgeCost = 0.0001m,
            LatencyMs = latency,
            InputTokens = 420 * Math.Max(1, repeats.Length),
            OutputTokens = 12 * Math.Max(1, repeats.Length),
            RepeatPassed = repeats,
            Replayed = true,
            Scores = new[]
            {
                new ScoreResult { Scorer = "json-path", Passed = s == CaseStatus.Passed, Score = s == CaseStatus.Passed ? 1 : 0, Reason = "expected 'billing' in $.category" },
            },
        };

        var baseline = new CaseResultSet
        {
            PromptId = "classify-ticket",
            PromptHash = "sha256:aaaa",
            Model = "gpt-4o-2024-08-06",
            Tags = new[] { "support" },
            Cases = new[]
            {
                new CaseRecord("t-001", "f1", R(CaseStatus.Passed, 0.00233m, 410, true, true), new[] { "billing" }),
                new CaseRecord("t-002", "f2", R(CaseStatus.Passed, 0.00233m, 380, true, true)),
                new CaseRecord("t-003", "f3", R(CaseStatus.Failed, 0.00233m, 520, false, true)),
            },
        };
        var candidate = new CaseResultSet
        {
            PromptId = "classify-ticket",
            PromptHash = "sha256:bbbb",
            Model = "gpt-4o-2024-08-06",
            CallsPerDay = 20000,
            Tags = new[] { "support" },
            Cases = new[]
            {
                new CaseRecord("t-001", "f1", R(CaseStatus.Passed, 0.00275m, 450, true, true), new[] { "billing" }),
                new CaseRecord("t-002", "f2-edited", R(CaseStatus.Failed, 0.00275m, 400, true, false)),
                new CaseRecord("t-004", "f4", R(CaseStatus.Errored, null, 0)),
            },
        };

        var run = new EvalRun
        {
            Provenance = new RunProvenance
            {
                StartedAt = new DateTimeOffset(2026, 11, 24, 6, 0, 0, TimeSpan.Zero),
                FinishedAt = new DateTimeOffset(2026, 11, 24, 6, 0, 42, TimeSpan.Zero),
                Commit = "0123456789abcdef0123456789abcdef01234567",
                BaselineRef = "origin/main",
                BaselineCommit = "fedcba9876543210fedcba9876543210fedcba98",
                JudgeModel = "gpt-4o-mini-2024-07-18",
                CatalogPricesCheckedOn = new DateTime(2026, 11, 1),
                Mode = "replay",
                ToolVersion = "0.1.0",
            },
            Prompts = new[] { PromptComparer.Compare(baseline, candidate) },
        };

        // The gate's outcome is part of the file (the reports and `dotnet eval comment` render it from here).
        return run.WithGate(GateEvaluator.Evaluate(run));
    }

    [Fact]
    public void Results_json_matches_the_golden_file()
    {
        string actual = EvalRunJson.Serialize(GoldenRun());
        string path = Path.Combine(AppContext.BaseDirectory, "Results", "Golden", "results.golden.json");
        if (Environment.GetEnvironmentVariable("LLMOPS_UPDATE_GOLDEN") == "1")
        {
            string source = Path.Combine(FindRepoTests(), "Results", "Golden", "results.golden.json");
            File.WriteAllText(source, actual);
            return;
        }

        string expected = File.ReadAllText(path).Replace("\r\n", "\n");
        Assert.Equal(expected, actual);
        Assert.Equal(actual, EvalRunJson.Serialize(EvalRunJson.Deserialize(expected)));
    }

    private static string FindRepoTests()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "LlmOps.Guardrails.Eval.Tests.csproj")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Cannot find the test project folder.");
    }
}
