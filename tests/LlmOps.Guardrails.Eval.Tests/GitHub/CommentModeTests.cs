using LlmOps.Guardrails.Eval.GitHub;
using LlmOps.Guardrails.Eval.Results;
using LlmOps.Guardrails.Eval.Tests.Reports;

namespace LlmOps.Guardrails.Eval.Tests.GitHub;

/// <summary>`dotnet eval comment`'s modes, retries and events, in-process against the fake GitHub API.</summary>
public sealed class CommentModeTests : IDisposable
{
    private const string Token = "ghs_mode-test-token";
    private readonly string folder = Path.Combine(Path.GetTempPath(), "llmops-comment-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly FakeGitHubServer github = FakeGitHubServer.Start(Token, "o/r", pageSize: 3);
    private readonly Dictionary<string, string> env;

    public CommentModeTests()
    {
        Directory.CreateDirectory(folder);
        EvalRunJson.WriteFile(ReportFixture.Create(), Path.Combine(folder, "results.json"));
        var eventPath = Path.Combine(folder, "event.json");
        File.WriteAllText(eventPath, """{"pull_request":{"number":9}}""");
        env = new Dictionary<string, string>
        {
            ["GITHUB_API_URL"] = github.BaseUrl.ToString(),
            ["GITHUB_REPOSITORY"] = "o/r",
            ["GITHUB_EVENT_PATH"] = eventPath,
            ["GITHUB_WORKFLOW"] = "ci",
            ["GITHUB_TOKEN"] = Token,
        };
    }

    public void Dispose()
    {
        github.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    private string Marker => StickyMarker.For("ci", "default");

    [Fact]
    public async Task New_keeps_earlier_comments_delete_and_new_removes_them()
    {
        Assert.Equal(0, (await Run(CommentMode.Update)).Code);
        Assert.Equal(0, (await Run(CommentMode.New)).Code);
        Assert.Equal(2, github.Comments.Count(c => StickyMarker.Marks(c.Body, Marker)));
        var other = github.Seed(9, "unrelated review comment");

        Assert.Equal(0, (await Run(CommentMode.DeleteAndNew)).Code);

        var ours = Assert.Single(github.Comments, c => StickyMarker.Marks(c.Body, Marker));
        Assert.True(ours.Id > other.Id);
        Assert.Contains(github.Comments, c => c.Id == other.Id);
        Assert.Equal(2, github.Requests.Count(r => r.Method == "DELETE"));
    }

    [Fact]
    public async Task Hide_and_new_minimizes_earlier_comments_through_graphql_and_update_then_edits_the_newest()
    {
        Assert.Equal(0, (await Run(CommentMode.Update)).Code);
        Assert.Equal(0, (await Run(CommentMode.HideAndNew)).Code);

        var ours = github.Comments.Where(c => StickyMarker.Marks(c.Body, Marker)).ToList();
        Assert.Equal(2, ours.Count);
        Assert.True(ours[0].Minimized);
        Assert.False(ours[1].Minimized);
        Assert.Contains(github.Requests, r => r.PathAndQuery == "/graphql" && r.Body.Contains("minimizeComment", StringComparison.Ordinal));

        Assert.Equal(0, (await Run(CommentMode.Update)).Code);
        var patch = Assert.Single(github.Requests, r => r.Method == "PATCH");
        Assert.EndsWith("/" + ours[1].Id, patch.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_secondary_rate_limit_with_retry_after_is_retried_and_a_plain_404_is_final()
    {
        github.FailNext(403, new Dictionary<string, string> { ["Retry-After"] = "0" }, "You have exceeded a secondary rate limit");
        Assert.Equal(0, (await Run(CommentMode.Update)).Code);
        Assert.Single(github.Comments);

        github.FailNext(404, message: "Not Found");
        var (code, _, error) = await Run(CommentMode.Update);
        Assert.Equal(ExitCodes.CouldNotRun, code);
        Assert.Contains("HTTP 404", error, StringComparison.Ordinal);
        Assert.Contains("pull-requests: write", error, StringComparison.Ordinal);
        Assert.Single(github.Requests, r => r.Status == 404);
    }

    [Fact]
    public async Task Push_events_write_the_step_summary_and_outputs_and_call_no_api()
    {
        File.WriteAllText(env["GITHUB_EVENT_PATH"], """{"ref":"refs/heads/main"}""");
        env["GITHUB_STEP_SUMMARY"] = Path.Combine(folder, "summary.md");
        env["GITHUB_OUTPUT"] = Path.Combine(folder, "output.txt");
        File.WriteAllText(env["GITHUB_STEP_SUMMARY"], "earlier step\n");

        var (code, output, _) = await Run(CommentMode.Update);

        Assert.Equal(0, code);
        Assert.Contains("step summary only", output, StringComparison.Ordinal);
        Assert.Empty(github.Requests);
        var summary = File.ReadAllText(env["GITHUB_STEP_SUMMARY"]);
        Assert.StartsWith("earlier step\n" + Marker + "\n**Cost per 1k calls", summary, StringComparison.Ordinal);
        var outputs = File.ReadAllLines(env["GITHUB_OUTPUT"]);
        // The headline rounds the same change to whole percent: "(−10%)".
        Assert.Contains("cost-delta-percent=-9.9", outputs);
        Assert.Contains(outputs, l => l.StartsWith("quality-delta=", StringComparison.Ordinal));
        Assert.Contains("report-path=" + Path.GetFullPath(folder), outputs);
    }

    [Fact]
    public async Task A_missing_token_is_exit_3_naming_the_variable()
    {
        env.Remove("GITHUB_TOKEN");
        var (code, _, error) = await Run(CommentMode.Update);
        Assert.Equal(ExitCodes.CouldNotRun, code);
        Assert.Contains("$GITHUB_TOKEN", error, StringComparison.Ordinal);
        Assert.Empty(github.Requests);
    }

    private async Task<(int Code, string Output, string Error)> Run(CommentMode mode)
    {
        github.ClearRequests();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var request = new CommentRequest { ReportDirectory = folder, Mode = mode, Artifact = "eval" };
        var code = await PullRequestCommenter.RunAsync(request, k => env.GetValueOrDefault(k), output, error, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }
}
