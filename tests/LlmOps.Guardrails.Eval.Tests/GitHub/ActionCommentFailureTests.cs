namespace LlmOps.Guardrails.Eval.Tests.GitHub;

/// <summary>
/// The comment step never fails the job by itself: it records its exit code and "Apply fail-on" decides, so
/// `fail-on: none` never fails; a token that may not comment (HTTP 403) is no failure at all.
/// </summary>
public sealed class ActionCommentFailureTests : IDisposable
{
    private const string Token = "ghs_comment-failure-token";
    private readonly ActionWorkspace workspace = new();

    public void Dispose() => workspace.Dispose();

    [Theory]
    [InlineData("none")]
    [InlineData("quality,cost,error")]
    public void A_403_is_a_missing_permission_not_a_failure_the_report_stays_in_the_summary_with_a_notice(string failOn)
    {
        using var github = FakeGitHubServer.Start(Token, ActionWorkspace.Repository);
        github.FailNext(403, message: "Resource not accessible by integration");

        var run = Run(github, new() { ["fail-on"] = failOn });

        Assert.False(run.Failed, run.AllText);
        Assert.All(run.Steps, s => Assert.Equal(0, s.ExitCode));
        var comment = run.Steps.Single(s => s.Label == "comment");
        Assert.Contains("HTTP 403", comment.Error, StringComparison.Ordinal);
        Assert.Matches("::notice::.*pull-requests: write", comment.Output);
        Assert.DoesNotContain("::error::", run.AllText, StringComparison.Ordinal);
        Assert.Empty(github.Comments);
        Assert.Equal("pass", run.Outputs["verdict"]);
        Assert.Contains("Cost per 1k calls", File.ReadAllText(workspace.SummaryPath));
    }

    [Fact]
    public void A_comment_that_fails_for_another_reason_fails_at_the_gate()
    {
        using var github = FakeGitHubServer.Start(Token, ActionWorkspace.Repository);
        github.FailNext(404, message: "Not Found");

        var run = Run(github, new());

        Assert.True(run.Failed);
        Assert.Equal(0, run.Steps.Single(s => s.Label == "comment").ExitCode);
        Assert.Equal(3, run.Steps[^1].ExitCode);
        Assert.Matches("::error::dotnet eval comment could not post", run.Steps[^1].Output);
        Assert.Equal("pass", run.Outputs["verdict"]);
    }

    [Fact]
    public void When_compare_could_not_run_the_comment_and_the_summary_say_so_with_its_error()
    {
        using var github = FakeGitHubServer.Start(Token, ActionWorkspace.Repository);

        var run = Run(github, new() { ["config"] = "no-such-config.yaml" });

        Assert.True(run.Failed);
        Assert.Equal("error", run.Outputs["verdict"]);
        Assert.Equal(3, run.Steps[^1].ExitCode);
        var summary = File.ReadAllText(workspace.SummaryPath);
        Assert.Contains("dotnet eval could not run", summary, StringComparison.Ordinal);
        Assert.Contains("no eval config at", summary, StringComparison.Ordinal);
        var comment = Assert.Single(github.Comments);
        Assert.Contains("dotnet eval could not run", comment.Body, StringComparison.Ordinal);
        Assert.Contains("no-such-config.yaml", comment.Body, StringComparison.Ordinal);
    }

    private ActionStepRunner.ActionRun Run(FakeGitHubServer github, Dictionary<string, string> with)
    {
        var runner = workspace.CreateRunner(github, Token);
        foreach (var (name, value) in with) runner.With[name] = value;
        runner.With.TryAdd("dotnet-version", "");
        return runner.Run();
    }
}
