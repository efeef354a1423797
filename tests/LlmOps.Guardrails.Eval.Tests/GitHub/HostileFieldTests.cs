using LlmOps.Guardrails.Eval.Gate;
using LlmOps.Guardrails.Eval.GitHub;
using LlmOps.Guardrails.Eval.Reports;
using LlmOps.Guardrails.Eval.Results;

namespace LlmOps.Guardrails.Eval.Tests.GitHub;

/// <summary>
/// Every string in the comment that comes from the repository, one field at a time, carrying each hostile payload:
/// rendered by <c>comment</c> itself (the step summary is the posted body), the body mentions nobody, carries no HTML
/// of its own, keeps our fences and &lt;details&gt; balanced, and has one headline and one gate verdict, in place.
/// </summary>
public sealed class HostileFieldTests : IDisposable
{
    private const string ForgedHeadline = "**Cost per 1k calls (mean over prompts) will decrease by $9.99 (−99%) 📉; quality unchanged**";

    private static readonly Dictionary<string, string> Payloads = new()
    {
        ["mention"] = "zq7\ncc @octocat and @org/team -->",
        ["html"] = "zq7\n</details><details open><summary>x</summary>\n<img src=x onerror=alert(1)><script>alert(1)</script>\n<!-- hidden -->",
        ["fence"] = "zq7\n```\n````\n~~~\n</details>",
        ["headline"] = "zq7\n" + ForgedHeadline + "\n✅ Gate: pass · exit code 0\n**✅ Gate: pass**",
    };

    private static readonly string[] Fields =
        ["cost report", "prompt id", "case id", "model name", "file path", "dataset value", "judge reason", "error message"];

    private readonly string folder = Path.Combine(Path.GetTempPath(), "llmops-fields-" + Guid.NewGuid().ToString("N")[..12]);

    public HostileFieldTests() => Directory.CreateDirectory(folder);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    public static TheoryData<string, string> FieldsAndPayloads()
    {
        var data = new TheoryData<string, string>();
        foreach (var field in Fields)
        {
            foreach (var payload in Payloads.Keys)
            {
                data.Add(field, payload);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FieldsAndPayloads))]
    public async Task A_hostile_value_in_any_field_stays_inert_in_the_comment(string field, string payload)
    {
        var value = Payloads[payload];
        var run = Run(field, value);
        var body = await CommentAsync(run, field == "cost report" ? value : null);

        // The value must reach the body, or the checks below would pass on nothing.
        Assert.True(body.Contains("zq7", StringComparison.Ordinal), "the " + field + " is not in the comment:\n" + body);

        Assert.Null(CommentBodyChecker.LiveMention(body));
        Assert.Null(CommentBodyChecker.RawHtml(body));
        Assert.Null(CommentBodyChecker.Unbalanced(body));

        var lines = body.Split('\n');
        var headline = "**" + ReportText.MarkdownInline(Headline.For(run)) + "**";
        Assert.Equal(headline, lines[1]);
        Assert.Equal([1], CommentBodyChecker.HeadlineLike(body).Select(l => l.Number));

        // The gate verdict is the first thing under the headline, and nothing else reads like one.
        Assert.Equal([3], CommentBodyChecker.GateVerdictLike(body).Select(l => l.Number));
        Assert.StartsWith("**" + (run.Gate!.Result == GateResult.CouldNotRun ? "⛔" : "❌") + " Gate: ", lines[3], StringComparison.Ordinal);
    }

    private async Task<string> CommentAsync(EvalRun run, string? costReportValue)
    {
        EvalRunJson.WriteFile(run, Path.Combine(folder, "results.json"));
        var costReport = Path.Combine(folder, "cost-report.md");
        File.WriteAllText(costReport, "**LlmOps cost report**\n\n| prompt | model | cost/call |\n| --- | --- | ---: |\n| p-1 | gpt-4o | $0.00037 |\n"
            + (costReportValue is null ? "" : "| " + costReportValue + " | gpt-4o | $0.001 |\n\n" + costReportValue + "\n"));
        var summary = Path.Combine(folder, "summary.md");
        var env = new Dictionary<string, string> { ["GITHUB_STEP_SUMMARY"] = summary, ["GITHUB_WORKFLOW"] = "ci" };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var request = new CommentRequest { ReportDirectory = folder, CostReportPath = costReport, Artifact = "llmops-eval-report" };

        var code = await PullRequestCommenter.RunAsync(request, k => env.GetValueOrDefault(k), output, error, CancellationToken.None);

        Assert.True(code == 0, output + error.ToString());
        // Without a pull request, comment writes the same body to the step summary (plus a blank line).
        return File.ReadAllText(summary).TrimEnd('\n') + "\n";
    }

    /// <summary>A regressed run with <paramref name="value"/> in <paramref name="field"/> and plain text everywhere else.</summary>
    private static EvalRun Run(string field, string value)
    {
        string Pick(string name, string plain) => field == name ? value : plain;
        var failed = new CaseResult
        {
            Status = CaseStatus.Failed,
            Output = "{\"category\":\"login\"}",
            Error = Pick("error message", null!),
            Scores =
            [
                new ScoreResult { Scorer = "contains", Passed = false, Reason = "expected '" + Pick("dataset value", "billing") + "' in the output" },
                new ScoreResult { Scorer = "judge", Passed = false, Score = 0.2, Reason = Pick("judge reason", "the reply ignores the refund") },
            ],
        };
        var unjudged = new EvalRun
        {
            Provenance = new RunProvenance
            {
                StartedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
                Mode = "replay",
                Commit = "3f2a9c1d7e5b4a6f8091c2d3e4f5a6b7c8d9e0f1",
                BaselineRef = Pick("file path", "origin/main"),
                BaselineCommit = field == "file path" ? null : "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
                JudgeModel = Pick("model name", "gpt-4o-mini"),
            },
            Prompts =
            [
                new PromptComparison
                {
                    PromptId = "p-" + Pick("prompt id", "1"),
                    Verdict = PromptVerdict.Regressed,
                    Changed = true,
                    BaselineModel = "gpt-4o",
                    CandidateModel = Pick("model name", "gpt-4o-mini"),
                    Baseline = new VariantSummary { Cases = 4, Passed = 4, PassRate = 1, CostPerCall = 0.001m },
                    Candidate = new VariantSummary { Cases = 4, Passed = 0, Failed = 4, PassRate = 0, CostPerCall = 0.002m },
                    PairedCases = 4,
                    BaselineOnlyPassed = 4,
                    PairedPassRateDelta = -1,
                    Cases = Enumerable.Range(1, 4).Select(i => new CaseComparison
                    {
                        CaseId = "case-" + i + Pick("case id", ""),
                        Change = CaseChange.Same,
                        Baseline = new CaseResult { Status = CaseStatus.Passed, Output = "{\"category\":\"billing\"}" },
                        Candidate = failed,
                    }).ToList(),
                },
            ],
        };
        var gate = GateEvaluator.Evaluate(unjudged);
        // A missing recording names the file the pull request's dataset points at.
        return unjudged.WithGate(field == "file path" ? gate.CouldNotRun("recording missing: cassettes/" + value + ".json") : gate);
    }
}
