namespace LlmOps.Guardrails.Eval.Tests.GitHub;

/// <summary>
/// The comment step never fails the job by itself: it records its exit code and "Apply fail-on" decides, so
/// `fail-on: none` (e.g. fork pull requests with a read-only token) never fails.
/// </summary>
public sealed class ActionCommentFailureTests : IDisposable
{
    private const string Token = "ghs_comment-failure-token";
    private readonly ActionWorkspace workspace = new();

    public void Dispose() => workspace.Dispose();

    [Fact]
    public void A_403_with_fail_on_none_passes_every_step_and_warns_naming_the_missing_permission()
    {
        using var github = FakeGitHubServer.Start(Token, ActionWorkspace.Repository);
        github.FailNext(403, message: "Resource not accessible by integration");

        var run = Run(github, new() { ["fail-on"] = "none" });

        Assert.False(run.Failed, run.AllText);
        Assert.All(run.Steps, s => Assert.Equal(0, s.ExitCode));
        Assert.Contains("HTTP 403", run.Steps.Single(s => s.Label == "comment").Error, StringComparison.Ordinal);
        var gate = run.Steps[^1].Output;
        Assert.Matches("::warning::.*pull-requests: write", gate);
        Assert.DoesNotContain("::error::", gate, StringComparison.Ordinal);
        Assert.Empty(github.Comments);
        Assert.Contains("Cost per 1k calls", File.ReadAllText(workspace.SummaryPath));
    }

    [Fact]
    public void A_403_with_the_default_fail_on_fails_at_the_gate_naming_the_missing_permission()
    {
        using var github = FakeGitHubServer.Start(Token, ActionWorkspace.Repository);
        github.FailNext(403, message: "Resource not accessible by integration");

        var run = Run(github, new());

        Assert.True(run.Failed);
        Assert.Equal(0, run.Steps.Single(s => s.Label == "comment").ExitCode);
        Assert.Equal(3, run.Steps[^1].ExitCode);
        Assert.Matches("::error::.*pull-requests: write", run.Steps[^1].Output);
        Assert.Equal("pass", run.Outputs["verdict"]);
        Assert.Contains("Cost per 1k calls", File.ReadAllText(workspace.SummaryPath));
    }

    [Fact]
    public void When_compare_could_not_run_the_step_summary_says_so_with_its_exit_code()
    {
        using var github = FakeGitHubServer.Start(Token, ActionWorkspace.Repository);

        var run = Run(github, new() { ["config"] = "no-such-config.yaml" });

        Assert.True(run.Failed);
        Assert.Equal("error", run.Outputs["verdict"]);
        Assert.Contains("dotnet eval compare could not run (exit 3); see the step log", File.ReadAllText(workspace.SummaryPath), StringComparison.Ordinal);
        Assert.Empty(github.Requests);
    }

    private ActionStepRunner.ActionRun Run(FakeGitHubServer github, Dictionary<string, string> with)
    {
        var runner = workspace.CreateRunner(github, Token);
        foreach (var (name, value) in with) runner.With[name] = value;
        runner.With.TryAdd("dotnet-version", "");
        return runner.Run();
    }
}
