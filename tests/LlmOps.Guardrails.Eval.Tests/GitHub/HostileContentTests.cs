using System.Text.RegularExpressions;
using LlmOps.Guardrails.Eval.Gate;
using LlmOps.Guardrails.Eval.GitHub;
using LlmOps.Guardrails.Eval.Reports;
using LlmOps.Guardrails.Eval.Results;

namespace LlmOps.Guardrails.Eval.Tests.GitHub;

/// <summary>
/// Case inputs and model outputs come from the pull request. Posted through the real client to the fake API, they
/// cannot end the marker, inject HTML, mention anyone, forge the verdict, or push the body over GitHub's limit.
/// </summary>
public sealed class HostileContentTests : IDisposable
{
    private const string Token = "ghs_hostile-test-token";
    private const string FakeVerdict = "✅ All evaluations passed: cost unchanged, quality unchanged";
    private static readonly string Hostile =
        "-->\n<details open><summary>x</summary><img src=x onerror=alert(1)>\n@org/team please merge, cc @octocat\n"
        + FakeVerdict + "\n**" + FakeVerdict + "**\n<!-- llmops-eval-report workflow=\"ci\" tag=\"default\" -->\n";

    private readonly string folder = Path.Combine(Path.GetTempPath(), "llmops-hostile-" + Guid.NewGuid().ToString("N")[..12]);

    public HostileContentTests() => Directory.CreateDirectory(folder);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Posted_body_keeps_the_real_verdict_first_mentions_nobody_and_fits_the_limit()
    {
        var run = HostileRun(prompts: 3, casesPerPrompt: 40, outputChars: 200_000);
        var body = await PostAsync(run);

        var lines = body.Split('\n');
        Assert.Equal(StickyMarker.For("ci", "default"), lines[0]);
        Assert.Equal("**" + ReportText.MarkdownInline(Headline.For(run)) + "**", lines[1]);
        Assert.True(body.Length < CommentBody.GitHubMaxChars, "body has " + body.Length + " characters");

        var prose = OutsideCodeBlocks(body);
        // Only our own marker is an HTML comment; nothing else opens or closes one.
        Assert.Single(Regex.Matches(prose, "<!--"));
        Assert.Single(Regex.Matches(prose, "-->"));
        Assert.DoesNotContain("<img", prose, StringComparison.OrdinalIgnoreCase);
        // Our own regressed-prompt sections are <details open>; the case text's "<details open>" must not be.
        Assert.Null(CommentBodyChecker.RawHtml(body));
        Assert.Null(CommentBodyChecker.Unbalanced(body));
        Assert.DoesNotMatch(new Regex(@"(^|[^\w`\u200D])@[A-Za-z0-9]"), prose);
        Assert.DoesNotContain(prose.Split('\n'), l => l.TrimStart().StartsWith(FakeVerdict, StringComparison.Ordinal)
            || l.TrimStart().StartsWith("**" + FakeVerdict, StringComparison.Ordinal));
        Assert.Contains("more changed outcomes not shown; full report in the artifact llmops-eval-report.", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_small_hostile_run_is_shown_in_full_with_the_outputs_fenced()
    {
        var run = HostileRun(prompts: 1, casesPerPrompt: 2, outputChars: 0);
        var body = await PostAsync(run);

        Assert.Contains("@org/team please merge", body, StringComparison.Ordinal);
        Assert.DoesNotContain("@org/team please merge", OutsideCodeBlocks(body), StringComparison.Ordinal);
        Assert.Contains("\\*\\*" + FakeVerdict, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gate_findings_naming_hostile_prompts_survive_the_cut_escaped_and_ahead_of_the_cases()
    {
        var unjudged = HostileRun(prompts: 3, casesPerPrompt: 40, outputChars: 200_000, candidateModel: "<img src=x onerror=alert(1)> @octocat");
        var run = unjudged.WithGate(GateEvaluator.Evaluate(unjudged));
        Assert.Equal(6, run.Gate!.Findings.Count); // regression and quality drop on each of the three prompts
        var body = await PostAsync(run);

        Assert.True(body.Length < CommentBody.GitHubMaxChars, "body has " + body.Length + " characters");
        Assert.Contains("more changed outcomes not shown", body, StringComparison.Ordinal);
        var firstCases = body.IndexOf("\n<details", StringComparison.Ordinal);
        foreach (var finding in run.Gate.Findings)
        {
            // Escaped like any other PR-supplied text, and placed before the per-case sections the cut shortens.
            var at = body.IndexOf(Reports.GateReportTests.MarkdownRow(finding), StringComparison.Ordinal);
            Assert.True(at > 0 && at < firstCases, "finding missing or after the cases: " + finding.Message);
        }

        var prose = OutsideCodeBlocks(body);
        Assert.Single(Regex.Matches(prose, "<!--"));
        Assert.Single(Regex.Matches(prose, "-->"));
        Assert.DoesNotContain("<img", prose, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(new Regex(@"(^|[^\w`\u200D])@[A-Za-z0-9]"), prose);
        Assert.Contains("Model changes: ", prose, StringComparison.Ordinal);
    }

    private async Task<string> PostAsync(EvalRun run)
    {
        EvalRunJson.WriteFile(run, Path.Combine(folder, "results.json"));
        var eventPath = Path.Combine(folder, "event.json");
        File.WriteAllText(eventPath, """{"pull_request":{"number":7}}""");
        using var github = FakeGitHubServer.Start(Token, "o/r");
        var env = new Dictionary<string, string>
        {
            ["GITHUB_API_URL"] = github.BaseUrl.ToString(),
            ["GITHUB_REPOSITORY"] = "o/r",
            ["GITHUB_EVENT_PATH"] = eventPath,
            ["GITHUB_WORKFLOW"] = "ci",
            ["GITHUB_TOKEN"] = Token,
        };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var request = new CommentRequest { ReportDirectory = folder, Artifact = "llmops-eval-report" };

        var code = await PullRequestCommenter.RunAsync(request, k => env.GetValueOrDefault(k), output, error, CancellationToken.None);

        Assert.True(code == 0, output + error.ToString());
        Assert.Single(github.Requests, r => r.Method == "POST");
        // The fake stores the body exactly as it was posted.
        return Assert.Single(github.Comments).Body;
    }

    /// <summary>The text GitHub renders as Markdown/HTML: everything outside fenced code blocks.</summary>
    internal static string OutsideCodeBlocks(string markdown)
    {
        var kept = new List<string>();
        string? fence = null;
        foreach (var line in markdown.Split('\n'))
        {
            var run = Regex.Match(line, "^(`{3,})");
            if (fence is null && run.Success)
            {
                fence = run.Groups[1].Value;
                continue;
            }

            if (fence is not null)
            {
                if (line.TrimEnd() == fence)
                {
                    fence = null;
                }

                continue;
            }

            kept.Add(line);
        }

        return string.Join('\n', kept);
    }

    private static EvalRun HostileRun(int prompts, int casesPerPrompt, int outputChars, string? candidateModel = null)
    {
        var longOutput = outputChars > 0 ? Hostile + new string('x', outputChars) : Hostile + "```\n" + Hostile;
        return new EvalRun
        {
            Provenance = new RunProvenance { StartedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), Mode = "offline" },
            Prompts = Enumerable.Range(1, prompts).Select(p => new PromptComparison
            {
                PromptId = "prompt-" + p + " @org/team -->",
                Verdict = PromptVerdict.Regressed,
                Changed = true,
                BaselineModel = candidateModel is null ? null : "gpt-4o-mini",
                CandidateModel = candidateModel,
                Baseline = new VariantSummary { Cases = casesPerPrompt, Passed = casesPerPrompt, PassRate = 1, CostPerCall = 0.001m },
                Candidate = new VariantSummary { Cases = casesPerPrompt, Passed = 0, Failed = casesPerPrompt, PassRate = 0, CostPerCall = 0.001m },
                PairedCases = casesPerPrompt,
                PairedPassRateDelta = -1,
                Cases = Enumerable.Range(1, casesPerPrompt).Select(c => new CaseComparison
                {
                    CaseId = "case-" + c + " " + Hostile,
                    Change = CaseChange.Same,
                    Baseline = new CaseResult { Status = CaseStatus.Passed, Output = longOutput },
                    Candidate = new CaseResult { Status = CaseStatus.Failed, Output = longOutput, Error = Hostile },
                }).ToList(),
            }).ToList(),
        };
    }
}
