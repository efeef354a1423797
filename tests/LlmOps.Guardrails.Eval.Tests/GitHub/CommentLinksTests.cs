using LlmOps.Guardrails.Eval.GitHub;
using LlmOps.Guardrails.Eval.Results;
using LlmOps.Guardrails.Eval.Tests.Reports;

namespace LlmOps.Guardrails.Eval.Tests.GitHub;

/// <summary>The comment links the workflow run (the attempt, when re-run) and the report artifact, right under the gate.</summary>
public sealed class CommentLinksTests : IDisposable
{
    private const string Run = "https://github.com/o/r/actions/runs/42";

    private readonly string folder = Path.Combine(Path.GetTempPath(), "llmops-links-" + Guid.NewGuid().ToString("N")[..12]);

    public CommentLinksTests()
    {
        Directory.CreateDirectory(folder);
        WriteResults(attempt: null);
    }

    /// <summary>Results of run 42 (and <paramref name="attempt"/>): comment posts only the results of the run it is in.</summary>
    private void WriteResults(string? attempt)
    {
        var path = Path.Combine(folder, "results.json");
        EvalRunJson.WriteFile(ReportFixture.Create(), path);
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!;
        json["provenance"]!["runId"] = "42";
        json["provenance"]!["runAttempt"] = attempt;
        File.WriteAllText(path, json.ToJsonString());
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData(null, null, "[Workflow run](" + Run + ") · [Report artifact eval\\_report](" + Run + "#artifacts)")]
    [InlineData("1", null, "[Workflow run](" + Run + ") · [Report artifact eval\\_report](" + Run + "#artifacts)")]
    [InlineData("3", null, "[Workflow run](" + Run + "/attempts/3) · [Report artifact eval\\_report](" + Run + "/attempts/3#artifacts)")]
    [InlineData(null, Run + "/artifacts/9001", "[Workflow run](" + Run + ") · [Report artifact eval\\_report](" + Run + "/artifacts/9001)")]
    // A URL cannot end the link early or add HTML; one that is not http(s) is not linked at all.
    [InlineData(null, "https://x.test/a) <img src=x>", "[Workflow run](" + Run + ") · [Report artifact eval\\_report](https://x.test/a%29%20%3Cimg%20src=x%3E)")]
    [InlineData(null, "javascript:alert(1)", "[Workflow run](" + Run + ") · [Report artifact eval\\_report](" + Run + "#artifacts)")]
    public async Task The_links_line_follows_the_gate_section(string? attempt, string? artifactUrl, string expected)
    {
        var body = await CommentAsync(attempt, artifactUrl);

        var lines = body.Split('\n');
        var at = Array.IndexOf(lines, expected);
        Assert.True(at > 0, "no links line " + expected + " in:\n" + body);
        // After the last gate line (findings table, model changes) and before the per-prompt table.
        Assert.StartsWith("Model changes: ", lines[at - 2], StringComparison.Ordinal);
        Assert.StartsWith("| prompt | verdict ", lines[at + 2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outside_a_workflow_run_there_is_no_links_line()
    {
        var body = await CommentAsync(attempt: null, artifactUrl: null, server: null);
        Assert.DoesNotContain("[Workflow run]", body, StringComparison.Ordinal);
        Assert.DoesNotContain("[Report artifact", body, StringComparison.Ordinal);
    }

    [Fact]
    public void The_artifact_url_option_reaches_the_comment()
    {
        var summary = Path.Combine(folder, "summary.md");
        var environment = new Dictionary<string, string?>
        {
            ["GITHUB_STEP_SUMMARY"] = summary,
            ["GITHUB_SERVER_URL"] = "https://github.com",
            ["GITHUB_REPOSITORY"] = "o/r",
            ["GITHUB_RUN_ID"] = "42",
            ["GITHUB_RUN_ATTEMPT"] = null,
            ["GITHUB_EVENT_PATH"] = null,
            ["GITHUB_OUTPUT"] = null,
        };

        var result = CliRunner.RunProcess(environment, "comment", "--report-dir", folder, "--artifact", "eval_report", "--artifact-url", Run + "/artifacts/7");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains("[Report artifact eval\\_report](" + Run + "/artifacts/7)", File.ReadAllText(summary), StringComparison.Ordinal);
    }

    private async Task<string> CommentAsync(string? attempt, string? artifactUrl, string? server = "https://github.com/")
    {
        WriteResults(attempt);
        var summary = Path.Combine(folder, "summary.md");
        var env = new Dictionary<string, string?>
        {
            ["GITHUB_STEP_SUMMARY"] = summary,
            ["GITHUB_SERVER_URL"] = server,
            ["GITHUB_REPOSITORY"] = "o/r",
            ["GITHUB_RUN_ID"] = "42",
            ["GITHUB_RUN_ATTEMPT"] = attempt,
        };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var request = new CommentRequest { ReportDirectory = folder, Artifact = "eval_report", ArtifactUrl = artifactUrl };

        var code = await PullRequestCommenter.RunAsync(request, k => env.GetValueOrDefault(k), output, error, CancellationToken.None);

        Assert.True(code == 0, output + error.ToString());
        return File.ReadAllText(summary);
    }
}
