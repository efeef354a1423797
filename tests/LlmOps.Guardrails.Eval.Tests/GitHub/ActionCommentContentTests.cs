using LlmOps.Guardrails.Eval.GitHub;

namespace LlmOps.Guardrails.Eval.Tests.GitHub;

/// <summary>What the action's comment step puts in the comment, and whose comment it edits.</summary>
public sealed class ActionCommentContentTests : IDisposable
{
    private const string Token = "ghs_comment-content-token";
    private readonly ActionWorkspace workspace = new();

    public void Dispose() => workspace.Dispose();

    [Fact]
    public void The_newest_build_cost_report_is_folded_into_the_comment()
    {
        using var github = FakeGitHubServer.Start(Token, ActionWorkspace.Repository);
        var older = Write(Path.Combine("src", "App", "obj", "Debug", "net10.0", "llmops", "cost-report.md"), "older-cost-figure-17");
        File.SetLastWriteTimeUtc(older, DateTime.UtcNow.AddHours(-1));
        Write(Path.Combine("src", "Api", "obj", "Release", "net10.0", "llmops", "cost-report.md"), "newest-cost-figure-42");
        Write(Path.Combine("docs", "llmops", "cost-report.md"), "not-a-build-output-99");

        var run = Run(github, new());

        Assert.False(run.Failed, run.AllText);
        var body = Assert.Single(github.Comments).Body;
        Assert.Contains("Build cost report", body, StringComparison.Ordinal);
        Assert.Contains("newest-cost-figure-42", body, StringComparison.Ordinal);
        Assert.DoesNotContain("older-cost-figure-17", body, StringComparison.Ordinal);
        Assert.DoesNotContain("not-a-build-output-99", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_build_cost_report_the_comment_has_no_cost_report_section()
    {
        using var github = FakeGitHubServer.Start(Token, ActionWorkspace.Repository);

        var run = Run(github, new());

        Assert.False(run.Failed, run.AllText);
        Assert.DoesNotContain("Build cost report", Assert.Single(github.Comments).Body, StringComparison.Ordinal);
    }

    [Fact]
    public void The_comment_author_input_picks_whose_marker_comment_is_updated_and_a_forged_one_is_left_alone()
    {
        using var github = FakeGitHubServer.Start(Token, ActionWorkspace.Repository);
        github.CreatedBy = "llmops-app[bot]";
        var with = new Dictionary<string, string> { ["comment-author"] = "llmops-app[bot]" };
        Assert.False(Run(github, with).Failed);
        var ours = Assert.Single(github.Comments);
        var marker = StickyMarker.For("ci", "default");
        var forged = github.Seed(ActionWorkspace.PullRequest, marker + "\n**✅ All evaluations passed**", author: "mallory");

        var second = Run(github, with);

        Assert.False(second.Failed, second.AllText);
        Assert.Equal(2, github.Comments.Count);
        Assert.Equal(forged, github.Comments.Single(c => c.Id == forged.Id));
        var patch = Assert.Single(github.Requests, r => r.Method == "PATCH");
        Assert.EndsWith("/issues/comments/" + ours.Id, patch.PathAndQuery, StringComparison.Ordinal);
    }

    private string Write(string relative, string text)
    {
        var path = Path.Combine(workspace.Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "# Prompt cost report\n\n" + text + "\n");
        return path;
    }

    private ActionStepRunner.ActionRun Run(FakeGitHubServer github, Dictionary<string, string> with)
    {
        var runner = workspace.CreateRunner(github, Token);
        foreach (var (name, value) in with) runner.With[name] = value;
        runner.With.TryAdd("dotnet-version", "");
        return runner.Run();
    }
}
