using System.Text.Json;
using LlmOps.Guardrails.Eval.GitHub;

namespace LlmOps.Guardrails.Eval.Tests.GitHub;

/// <summary>
/// The action's run steps against the fake API: a results.json left in the checkout by an earlier run never passes for
/// this run's, a fork's pull request gets the report in the step summary with a notice, and the artifact is per tag.
/// </summary>
public sealed class ActionRunOwnershipTests : IDisposable
{
    private const string Token = "ghs_ownership-token";
    private readonly ActionWorkspace workspace = new();

    public void Dispose() => workspace.Dispose();

    [Fact]
    public void Results_of_an_earlier_run_left_in_the_out_folder_are_removed_and_the_comment_says_could_not_run()
    {
        using var github = FakeGitHubServer.Start(Token, ActionWorkspace.Repository);
        var earlier = Run(github, new(), runId: "4100");
        Assert.False(earlier.Failed, earlier.AllText);
        var verdict = Assert.Single(github.Comments).Body;
        var stale = Path.Combine(earlier.Outputs["report-path"], "results.json");
        Assert.True(File.Exists(stale));

        var run = Run(github, new() { ["config"] = "no-such-config.yaml" }, runId: "4200");

        Assert.True(run.Failed);
        Assert.Equal("error", run.Outputs["verdict"]);
        Assert.False(File.Exists(stale), "the earlier results.json must be gone");
        var comment = Assert.Single(github.Comments);
        Assert.NotEqual(verdict, comment.Body);
        Assert.StartsWith(StickyMarker.For("ci", "default") + "\n", comment.Body, StringComparison.Ordinal);
        Assert.Contains("dotnet eval could not run", comment.Body, StringComparison.Ordinal);
        Assert.Contains("no eval config at", comment.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Cost per 1k calls", comment.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fork_pull_request_skips_the_comment_with_a_notice_and_passes()
    {
        using var github = FakeGitHubServer.Start(Token, ActionWorkspace.Repository);
        var forkEvent = Path.Combine(workspace.Runner, "fork-event.json");
        File.WriteAllText(forkEvent, JsonSerializer.Serialize(new
        {
            number = ActionWorkspace.PullRequest,
            pull_request = new
            {
                number = ActionWorkspace.PullRequest,
                @base = new { @ref = "main", repo = new { full_name = ActionWorkspace.Repository } },
                head = new { @ref = "feature", repo = new { full_name = "someone/octo-repo" } },
            },
            repository = new { full_name = ActionWorkspace.Repository, default_branch = "main" },
        }));

        var run = Run(github, new(), eventPath: forkEvent);

        Assert.False(run.Failed, run.AllText);
        Assert.All(run.Steps, s => Assert.Equal(0, s.ExitCode));
        Assert.Matches("::notice::A pull request from a fork", run.Steps.Single(s => s.Label == "comment").Output);
        Assert.DoesNotContain("::error::", run.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("::warning::", run.AllText, StringComparison.Ordinal);
        Assert.Empty(github.Requests);
        Assert.Contains("Cost per 1k calls", File.ReadAllText(workspace.SummaryPath));
    }

    [Fact]
    public void The_default_artifact_name_carries_the_tag_and_an_explicit_name_is_kept()
    {
        using var github = FakeGitHubServer.Start(Token, ActionWorkspace.Repository);

        var tagged = Run(github, new() { ["tag"] = "unit/slow" });
        var named = Run(github, new() { ["tag"] = "unit", ["artifact-name"] = "my-report" });

        Assert.False(tagged.Failed, tagged.AllText);
        Assert.Equal("llmops-eval-report-unit-slow", Upload(tagged).With["name"]);
        Assert.Equal(tagged.Outputs["report-path"], Upload(tagged).With["path"]);
        Assert.Equal("my-report", Upload(named).With["name"]);
    }

    private static ActionStepRunner.UsesRun Upload(ActionStepRunner.ActionRun run) =>
        Assert.Single(run.Uses, u => u.Action.StartsWith("actions/upload-artifact@", StringComparison.Ordinal));

    private ActionStepRunner.ActionRun Run(FakeGitHubServer github, Dictionary<string, string> with, string runId = "4242", string? eventPath = null)
    {
        var runner = workspace.CreateRunner(github, Token);
        runner.Environment["GITHUB_RUN_ID"] = runId;
        if (eventPath is not null) runner.Environment["GITHUB_EVENT_PATH"] = eventPath;
        foreach (var (name, value) in with) runner.With[name] = value;
        runner.With.TryAdd("dotnet-version", "");
        return runner.Run();
    }
}
