using LlmOps.Guardrails.Eval.GitHub;

namespace LlmOps.Guardrails.Eval.Tests.GitHub;

/// <summary>
/// `dotnet eval comment` in-process on results.json files written by `compare` in a real checkout: only the results of
/// this commit and run are posted; otherwise the pull request is told the eval could not run.
/// </summary>
public sealed class CommentRunOwnershipTests : IDisposable
{
    private const string Token = "ghs_run-ownership-token";
    private readonly ActionWorkspace workspace = new();
    private readonly FakeGitHubServer github = FakeGitHubServer.Start(Token, ActionWorkspace.Repository);

    public void Dispose()
    {
        github.Dispose();
        workspace.Dispose();
    }

    private string Out => Path.Combine(workspace.Root, ".llmops", "eval");

    [Fact]
    public void After_a_compare_with_a_bad_ref_the_earlier_results_are_gone_and_could_not_run_is_posted()
    {
        Assert.Equal(0, Compare("HEAD~1").ExitCode);
        Assert.Equal(0, Comment(RunEnv(null)).Code);
        var verdict = Assert.Single(github.Comments).Body;
        Assert.Contains("Cost per 1k calls", verdict, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Out, "results.json")));

        var bad = Compare("no-such-ref");
        var (code, _, error) = Comment(RunEnv(null));

        Assert.Equal(3, bad.ExitCode);
        Assert.False(File.Exists(Path.Combine(Out, "results.json")), "compare must remove the earlier results.json");
        Assert.Equal(3, code);
        Assert.Contains("results.json not found", error, StringComparison.Ordinal);
        var comment = Assert.Single(github.Comments);
        Assert.Contains("dotnet eval could not run", comment.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Cost per 1k calls", comment.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Results_of_another_run_or_attempt_are_refused_and_those_of_this_run_are_posted()
    {
        Assert.Equal(0, Compare("HEAD~1", ("GITHUB_RUN_ID", "700"), ("GITHUB_RUN_ATTEMPT", "1")).ExitCode);

        var otherRun = Comment(RunEnv("701", "1"));
        Assert.Equal(3, otherRun.Code);
        Assert.Contains("written by workflow run 700, not by this run (701)", otherRun.Error, StringComparison.Ordinal);
        Assert.Contains("dotnet eval could not run", Assert.Single(github.Comments).Body, StringComparison.Ordinal);

        var otherAttempt = Comment(RunEnv("700", "2"));
        Assert.Equal(3, otherAttempt.Code);
        Assert.Contains("attempt 1 of run 700, not by this attempt (2)", otherAttempt.Error, StringComparison.Ordinal);

        var same = Comment(RunEnv("700", "1"));
        Assert.True(same.Code == 0, same.Error);
        Assert.Contains("Cost per 1k calls", Assert.Single(github.Comments).Body, StringComparison.Ordinal);

        // --run-id / --run-attempt name the run explicitly (a workflow_run follow-up runs under another id).
        var follow = Comment(RunEnv("900", "1"), new CommentRequest { ReportDirectory = Out, RunId = "700", RunAttempt = "1", PullRequest = 7 });
        Assert.True(follow.Code == 0, follow.Error);
        Assert.Contains(github.Requests, r => r.PathAndQuery.Contains("/issues/7/comments", StringComparison.Ordinal));
    }

    [Fact]
    public void Results_of_another_commit_are_refused_naming_both_commits()
    {
        Assert.Equal(0, Compare("HEAD~1").ExitCode);
        var recorded = workspace.Git("rev-parse", "HEAD").Trim();
        workspace.Git("commit", "-q", "--allow-empty", "-m", "later commit");
        var head = workspace.Git("rev-parse", "HEAD").Trim();

        var (code, _, error) = Comment(RunEnv(null));

        Assert.Equal(3, code);
        Assert.Contains($"written for commit {recorded}, but the checkout is at {head}", error, StringComparison.Ordinal);
        Assert.Contains("dotnet eval could not run", Assert.Single(github.Comments).Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Could_not_run_quotes_the_error_file_literally_and_exits_0_once_posted()
    {
        var errorFile = Path.Combine(workspace.Runner, "compare.err");
        File.WriteAllText(errorFile, "error: the baseline ref 'x' is not a commit\n```\n@someone **bold**\n");

        var (code, _, error) = Comment(RunEnv(null), new CommentRequest { ReportDirectory = Out, CouldNotRun = true, ErrorFile = errorFile });

        Assert.True(code == 0, error);
        var body = Assert.Single(github.Comments).Body;
        Assert.StartsWith(StickyMarker.For("ci", "default") + "\n", body, StringComparison.Ordinal);
        Assert.Contains("dotnet eval could not run", body, StringComparison.Ordinal);
        // The error sits inside a fence longer than the backtick run it contains, so it stays literal text.
        Assert.Contains("````text\nerror: the baseline ref 'x' is not a commit\n```\n@someone **bold**\n````", body, StringComparison.Ordinal);
    }

    private (int ExitCode, string Output, string Error) Compare(string baseline, params (string Name, string Value)[] env)
    {
        var variables = env.ToDictionary(e => e.Name, e => (string?)e.Value);
        variables.TryAdd("GITHUB_RUN_ID", null);
        variables.TryAdd("GITHUB_RUN_ATTEMPT", null);
        return CliRunner.RunProcess(variables, "compare", "--config", workspace.ConfigPath, "--baseline", baseline, "--offline", "--out", Out);
    }

    private Dictionary<string, string> RunEnv(string? runId, string? attempt = null)
    {
        var env = new Dictionary<string, string>
        {
            ["GITHUB_API_URL"] = github.BaseUrl.ToString(),
            ["GITHUB_REPOSITORY"] = ActionWorkspace.Repository,
            ["GITHUB_EVENT_NAME"] = "pull_request",
            ["GITHUB_EVENT_PATH"] = workspace.EventPath,
            ["GITHUB_WORKFLOW"] = "ci",
            ["GITHUB_TOKEN"] = Token,
        };
        if (runId is not null) env["GITHUB_RUN_ID"] = runId;
        if (attempt is not null) env["GITHUB_RUN_ATTEMPT"] = attempt;
        return env;
    }

    private (int Code, string Output, string Error) Comment(Dictionary<string, string> env, CommentRequest? request = null)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = PullRequestCommenter.RunAsync(request ?? new CommentRequest { ReportDirectory = Out }, k => env.GetValueOrDefault(k), output, error, CancellationToken.None)
            .GetAwaiter().GetResult();
        return (code, output.ToString(), error.ToString());
    }
}
