using LlmOps.Guardrails.Eval.GitHub;

namespace LlmOps.Guardrails.Eval.Tests.GitHub;

/// <summary>
/// The action's own `run:` steps, read from action.yml and run in order with bash, against the fake GitHub API on
/// loopback: a real git checkout with an `origin`, the built tool behind a `dotnet-eval` shim, a pull_request payload.
/// </summary>
public sealed class ActionEndToEndTests : IDisposable
{
    private const string Token = "ghs_test-token-for-the-fake-api";
    private readonly ActionWorkspace workspace = new();

    public void Dispose() => workspace.Dispose();

    [Fact]
    public void First_run_creates_the_comment_later_runs_update_it_a_second_tag_gets_its_own_and_skip_if_no_change_posts_nothing()
    {
        using var github = FakeGitHubServer.Start(Token, ActionWorkspace.Repository, pageSize: 2);
        // Five comments by others first: ours lands on page 3, so finding it needs the Link pages.
        for (var i = 0; i < 5; i++) github.Seed(ActionWorkspace.PullRequest, "LGTM " + i);

        var first = Run(github, new() { ["tag"] = "unit" });
        Assert.False(first.Failed, first.AllText);
        var unitMarker = StickyMarker.For("ci", "unit");
        var ours = Assert.Single(github.Comments, c => StickyMarker.Marks(c.Body, unitMarker));
        Assert.Equal("pass", first.Outputs["verdict"]);
        Assert.True(File.Exists(Path.Combine(first.Outputs["report-path"], "results.json")));
        Assert.NotEqual("", first.Outputs["quality-delta"]);
        Assert.Contains("Posted the eval comment", first.AllText);
        Assert.StartsWith(unitMarker + "\n**", ours.Body, StringComparison.Ordinal);
        Assert.Contains("Cost per 1k calls", File.ReadAllText(workspace.SummaryPath));

        var second = Run(github, new() { ["tag"] = "unit" });
        Assert.False(second.Failed, second.AllText);
        var updated = Assert.Single(github.Comments, c => StickyMarker.Marks(c.Body, unitMarker));
        Assert.Equal(ours.Id, updated.Id);
        Assert.Contains(github.Requests, r => r.Method == "PATCH" && r.PathAndQuery.EndsWith("/issues/comments/" + ours.Id, StringComparison.Ordinal));
        Assert.Contains("Updated the eval comment", second.AllText);
        Assert.Equal(6, github.Comments.Count);

        var otherTag = Run(github, new() { ["tag"] = "unit-slow" });
        Assert.False(otherTag.Failed, otherTag.AllText);
        Assert.Equal(7, github.Comments.Count);
        var slow = Assert.Single(github.Comments, c => StickyMarker.Marks(c.Body, StickyMarker.For("ci", "unit-slow")));
        Assert.NotEqual(ours.Id, slow.Id);
        Assert.Equal(updated.Body, github.Comments.Single(c => c.Id == ours.Id).Body);

        github.ClearRequests();
        var skipped = Run(github, new() { ["tag"] = "unit", ["comment-mode"] = "skip-if-no-change" });
        Assert.False(skipped.Failed, skipped.AllText);
        Assert.Contains("nothing posted", skipped.AllText);
        Assert.All(github.Requests, r => Assert.Equal("GET", r.Method));
        Assert.NotEmpty(github.Requests);
        Assert.Equal(7, github.Comments.Count);
    }

    [Fact]
    public void A_scripted_502_is_retried_and_the_token_appears_in_no_log_file_or_body()
    {
        using var github = FakeGitHubServer.Start(Token, ActionWorkspace.Repository);
        github.FailNext(502);

        var run = Run(github, new());

        Assert.False(run.Failed, run.AllText);
        Assert.Equal(502, github.Requests[0].Status);
        Assert.Contains("HTTP 502", run.AllText);
        Assert.Single(github.Comments);

        Assert.DoesNotContain(Token, run.AllText, StringComparison.Ordinal);
        foreach (var step in run.Steps)
        {
            Assert.DoesNotContain(Token, File.ReadAllText(step.OutputFile), StringComparison.Ordinal);
        }

        Assert.DoesNotContain(Token, File.ReadAllText(workspace.SummaryPath), StringComparison.Ordinal);
        Assert.All(github.Requests, r => Assert.DoesNotContain(Token, r.Body + r.PathAndQuery, StringComparison.Ordinal));
        var scanned = 0;
        foreach (var root in new[] { workspace.Root, workspace.Runner })
        {
            foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            {
                var bytes = File.ReadAllBytes(file);
                Assert.False(Contains(bytes, System.Text.Encoding.UTF8.GetBytes(Token)), file);
                scanned++;
            }
        }

        Assert.True(scanned > 10, "the scan should have seen the checkout, the reports and the runner files");
    }

    private ActionStepRunner.ActionRun Run(FakeGitHubServer github, Dictionary<string, string> with)
    {
        var runner = workspace.CreateRunner(github, Token);
        foreach (var (name, value) in with) runner.With[name] = value;
        runner.With.TryAdd("dotnet-version", "");
        return runner.Run();
    }

    private static bool Contains(byte[] haystack, byte[] needle) =>
        haystack.AsSpan().IndexOf(needle) >= 0;
}
