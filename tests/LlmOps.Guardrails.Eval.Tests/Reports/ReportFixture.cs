using System.Globalization;
using LlmOps.Guardrails.Eval.Gate;
using LlmOps.Guardrails.Eval.Results;

namespace LlmOps.Guardrails.Eval.Tests.Reports;

/// <summary>
/// A realistic run: three prompts of about ten cases each. support-triage regressed (and lost a case, gained one),
/// summarize-ticket improved, reply-draft is unchanged and its results were reused. Outputs carry hostile text:
/// pipes, backtick runs, &lt;script&gt;, @mentions, control characters.
/// </summary>
internal static class ReportFixture
{
    public const string HostileOutput =
        "Route to @team | billing `urgent` ```` fence ```` <script>alert('x')</script> & done\u0001\u0007";

    /// <summary>
    /// The gate the fixture is judged by: the built-in rules with errored cases at warn, so the reports show fail- and
    /// warn-level findings side by side (quality and cost fail on support-triage, errored and latency warn).
    /// </summary>
    public static readonly GatePolicy Policy = new() { Defaults = new GateRules { ErroredLevel = GateLevel.Warn } };

    /// <summary>The run with its gate outcome attached, as compare writes it.</summary>
    public static EvalRun Create()
    {
        var run = CreateUnjudged();
        return run.WithGate(GateEvaluator.Evaluate(run, Policy));
    }

    /// <summary>The run before the gate judged it (a results.json written by an older tool has no gate either).</summary>
    public static EvalRun CreateUnjudged()
    {
        var prompts = new List<PromptComparison>
        {
            Triage(),
            Summarize(),
            ReplyDraft(),
        };
        return new EvalRun
        {
            Provenance = new RunProvenance
            {
                StartedAt = new DateTimeOffset(2026, 11, 20, 14, 3, 7, TimeSpan.Zero),
                FinishedAt = new DateTimeOffset(2026, 11, 20, 14, 5, 41, TimeSpan.Zero),
                Commit = "3f2a9c1d7e5b4a6f8091c2d3e4f5a6b7c8d9e0f1",
                BaselineRef = "origin/main",
                BaselineCommit = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
                JudgeModel = "gpt-4o-mini-2024-07-18",
                CatalogPricesCheckedOn = new DateTime(2026, 11, 1),
                Mode = "replay",
                ToolVersion = "0.1.0",
            },
            Prompts = prompts,
        };
    }

    private static PromptComparison Triage()
    {
        var cases = new List<CaseComparison>();
        for (var i = 1; i <= 9; i++)
        {
            var id = "triage-" + i.ToString("00", CultureInfo.InvariantCulture);
            // Cases 3 and 7 regress; case 5 fails in both.
            var basePass = i != 5;
            var candPass = i is not (3 or 5 or 7);
            cases.Add(Pair(id, CaseChange.Same,
                Result(basePass, "{\"category\":\"billing\"}", 410 + i, 12, 0.00031m, 620 + (i * 37), judge: 0),
                Result(candPass, candPass ? "{\"category\":\"billing\"}" : (i == 3 ? HostileOutput : "{\"category\":\"login\"}"), 520 + i, 15, 0.00037m, 690 + (i * 41), judge: 0,
                    reason: candPass ? null : "expected 'billing' in $.category, got 'login'")));
        }

        cases.Add(Pair("triage|pipe-`id`-<b>@ops", CaseChange.Changed,
            Result(true, "ok", 400, 10, 0.0003m, 700, judge: 0),
            Result(false, "| a | b |\n|---|---|\n| <img src=x onerror=alert(1)> | @octocat |", 515, 10, 0.00036m, 760, judge: 0,
                reason: "expected no table; cc @team <b>now</b> | `x`")));
        cases.Add(Pair("triage-refund-legacy", CaseChange.Removed, Result(true, "{\"category\":\"refund\"}", 405, 11, 0.0003m, 650, judge: 0), null));
        cases.Add(Pair("triage-gdpr-request", CaseChange.Added, null, Result(false, "{\"category\":\"other\"}", 530, 14, 0.00038m, 720, judge: 0,
            reason: "expected 'privacy' in $.category, got 'other'")));
        return Comparison("support-triage", "gpt-4o-2024-08-06", "gpt-4o-2024-08-06", changed: true, cases, PromptVerdict.Regressed, 0.031);
    }

    private static PromptComparison Summarize()
    {
        var cases = new List<CaseComparison>();
        for (var i = 1; i <= 10; i++)
        {
            var id = "summary-" + i.ToString("00", CultureInfo.InvariantCulture);
            var basePass = i is not (2 or 4 or 6 or 9);
            var candPass = i != 9;
            var errored = i == 9;
            cases.Add(Pair(id, CaseChange.Same,
                Result(basePass, "Customer reports a double charge.", 820 + i, 95 + i, 0.0021m, 1200 + (i * 90), judge: 0.00012m,
                    reason: basePass ? null : "judge: summary omits the refund amount (score 0.4)"),
                errored
                    ? new CaseResult
                    {
                        Status = CaseStatus.Errored,
                        Error = "judge timed out after 30 s",
                        Scores = [new ScoreResult { Scorer = "judge", Passed = false, Errored = true, Reason = "timeout" }],
                        RepeatPassed = [false],
                        InputTokens = 800,
                        OutputTokens = 70,
                        Cost = 0.0017m,
                        JudgeCost = 0,
                        LatencyMs = 30000,
                    }
                    : Result(candPass, "Customer was charged twice for order #4411; refund of $42 requested.", 800 + i, 70 + i, 0.0017m, 1000 + (i * 80), judge: 0.00012m)));
        }

        return Comparison("summarize-ticket", "claude-sonnet-4-5-20250929", "claude-haiku-4-5-20251001", changed: true, cases, PromptVerdict.Improved, 0.016);
    }

    private static PromptComparison ReplyDraft()
    {
        var cases = new List<CaseComparison>();
        for (var i = 1; i <= 10; i++)
        {
            var id = "reply-" + i.ToString("00", CultureInfo.InvariantCulture);
            var pass = i != 10;
            var output = "Hi there,\nThanks for reaching out. ``` code ```\n— Support";
            cases.Add(Pair(id, CaseChange.Same,
                Result(pass, output, 300, 140, 0.0009m, 900 + (i * 20), judge: 0, reason: pass ? null : "not-regex: matched /refund guaranteed/"),
                Result(pass, output, 300, 140, 0.0009m, 900 + (i * 20), judge: 0, reason: pass ? null : "not-regex: matched /refund guaranteed/", replayed: true)));
        }

        return Comparison("reply-draft", "gpt-4o-mini-2024-07-18", "gpt-4o-mini-2024-07-18", changed: false, cases, PromptVerdict.Unchanged, null);
    }

    private static CaseComparison Pair(string id, CaseChange change, CaseResult? baseline, CaseResult? candidate) =>
        new() { CaseId = id, Change = change, Baseline = baseline, Candidate = candidate, Tags = ["support"] };

    private static CaseResult Result(bool pass, string output, long input, long outputTokens, decimal cost, double latency, decimal judge,
        string? reason = null, bool replayed = false)
    {
        var scores = new List<ScoreResult>
        {
            new() { Scorer = "json-path", Passed = pass, Score = pass ? 1 : 0, Reason = pass ? null : reason ?? "failed" },
        };
        if (judge > 0)
        {
            scores.Add(new ScoreResult { Scorer = "judge", Passed = pass, Score = pass ? 0.9 : 0.4, Reason = pass ? "faithful and complete" : reason });
        }

        return new CaseResult
        {
            Status = pass ? CaseStatus.Passed : CaseStatus.Failed,
            Output = output,
            Scores = scores,
            RepeatPassed = [pass],
            InputTokens = input,
            OutputTokens = outputTokens,
            Cost = cost,
            JudgeCost = judge,
            LatencyMs = latency,
            Replayed = replayed,
        };
    }

    private static PromptComparison Comparison(string id, string baseModel, string candModel, bool changed, List<CaseComparison> cases,
        PromptVerdict verdict, double? pValue) => new()
        {
            PromptId = id,
            BaselineHash = "sha256:" + Hash(id + "b"),
            CandidateHash = changed ? "sha256:" + Hash(id + "c") : "sha256:" + Hash(id + "b"),
            BaselineModel = baseModel,
            CandidateModel = candModel,
            Changed = changed,
            Cases = cases,
            Baseline = Summarize(cases.Select(c => c.Baseline)),
            Candidate = Summarize(cases.Select(c => c.Candidate)),
            Verdict = verdict,
            PValue = pValue,
            PairedCases = Paired(cases).Count(),
            BaselineOnlyPassed = Paired(cases).Count(c => Passed(c.Baseline) && !Passed(c.Candidate)),
            CandidateOnlyPassed = Paired(cases).Count(c => !Passed(c.Baseline) && Passed(c.Candidate)),
            PairedPassRateDelta = (double)(Paired(cases).Count(c => !Passed(c.Baseline) && Passed(c.Candidate))
                - Paired(cases).Count(c => Passed(c.Baseline) && !Passed(c.Candidate))) / Paired(cases).Count(),
            PassRateDeltaCiLow = changed ? -0.4 : null,
            PassRateDeltaCiHigh = changed ? 0.1 : null,
        };

    private static IEnumerable<CaseComparison> Paired(List<CaseComparison> cases) => cases.Where(c => c.Change != CaseChange.Added);

    private static bool Passed(CaseResult? r) => r is { Status: CaseStatus.Passed };

    private static VariantSummary Summarize(IEnumerable<CaseResult?> results)
    {
        var list = results.OfType<CaseResult>().ToList();
        var latencies = list.Select(r => r.LatencyMs).OrderBy(x => x).ToList();
        return new VariantSummary
        {
            Cases = list.Count,
            Passed = list.Count(r => r.Status == CaseStatus.Passed),
            Failed = list.Count(r => r.Status == CaseStatus.Failed),
            Errored = list.Count(r => r.Status == CaseStatus.Errored),
            PassRate = (double)list.Count(r => r.Status == CaseStatus.Passed) / list.Count,
            ScorerMeans = list.SelectMany(r => r.Scores).GroupBy(s => s.Scorer, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => Math.Round(g.Average(s => s.Score), 4), StringComparer.Ordinal),
            MeanInputTokens = list.Average(r => (double)r.InputTokens),
            MeanOutputTokens = list.Average(r => (double)r.OutputTokens),
            CostPerCall = Math.Round(list.Average(r => r.Cost ?? 0), 8),
            JudgeCost = list.Sum(r => r.JudgeCost),
            LatencyP50Ms = Percentile(latencies, 0.50),
            LatencyP95Ms = Percentile(latencies, 0.95),
        };
    }

    private static double Percentile(List<double> sorted, double q) =>
        sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];

    private static string Hash(string s) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(s)))[..16].ToLowerInvariant();

    public const string CostReportMarkdown = """
        ### LlmOps cost report

        | prompt | model | tokens/call | cost/call | Δ vs origin/main |
        | --- | --- | --- | --- | --- |
        | support-triage | gpt-4o-2024-08-06 | 527 | $0.00037 | +19% |
        """;
}
