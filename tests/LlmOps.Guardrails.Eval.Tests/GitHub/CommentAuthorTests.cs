using LlmOps.Guardrails.Eval.GitHub;

namespace LlmOps.Guardrails.Eval.Tests.GitHub;

/// <summary>
/// The marker is predictable: anyone can post a comment starting with it. Only comments by the expected author are
/// ours; a forged one is never edited (its author could later edit the verdict), hidden or deleted.
/// </summary>
public sealed class CommentAuthorTests : IDisposable
{
    private readonly CommentTarget target = new();

    public void Dispose() => target.Dispose();

    [Theory]
    [InlineData(CommentMode.Update)]
    [InlineData(CommentMode.SkipIfNoChange)]
    [InlineData(CommentMode.DeleteAndNew)]
    [InlineData(CommentMode.HideAndNew)]
    public async Task A_forged_marker_comment_by_another_user_is_left_alone_and_ours_is_posted_beside_it(CommentMode mode)
    {
        var forgedBody = target.Marker + "\n**✅ All evaluations passed** (forged)";
        var forged = target.GitHub.Seed(CommentTarget.PullRequest, forgedBody, author: "mallory");

        var (code, output, error) = await target.RunAsync(mode);

        Assert.True(code == 0, output + error);
        Assert.Equal(forged, Assert.Single(target.GitHub.Comments, c => c.Id == forged.Id));
        Assert.DoesNotContain(target.GitHub.Requests, r => r.Method is "PATCH" or "DELETE" || r.PathAndQuery == "/graphql");
        var ours = Assert.Single(target.GitHub.Comments, c => c.Author == "github-actions[bot]");
        Assert.True(StickyMarker.Marks(ours.Body, target.Marker));
        Assert.Contains("Posted the eval comment", output, StringComparison.Ordinal);
        Assert.Contains("1 comment(s) carrying this report's marker were written by mallory, not github-actions[bot]; they are left alone", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_edits_our_comment_even_when_a_newer_forged_one_carries_the_marker()
    {
        Assert.Equal(0, (await target.RunAsync(CommentMode.Update)).Code);
        var ours = Assert.Single(target.GitHub.Comments);
        target.GitHub.Seed(CommentTarget.PullRequest, target.Marker + "\nforged", author: "mallory");

        Assert.Equal(0, (await target.RunAsync(CommentMode.Update)).Code);

        var patch = Assert.Single(target.GitHub.Requests, r => r.Method == "PATCH");
        Assert.EndsWith("/issues/comments/" + ours.Id, patch.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(target.Marker + "\nforged", target.GitHub.Comments[^1].Body);
    }

    [Fact]
    public async Task A_token_posting_as_another_login_is_matched_by_the_comment_author_it_is_given()
    {
        target.GitHub.CreatedBy = "llmops-app[bot]";
        var request = new CommentRequest { ReportDirectory = target.ReportDirectory, CommentAuthor = "LLMOps-App[bot]" };

        Assert.Equal(0, (await target.RunAsync(request)).Code);
        Assert.Equal(0, (await target.RunAsync(request)).Code);

        var ours = Assert.Single(target.GitHub.Comments);
        Assert.Equal("llmops-app[bot]", ours.Author);
        Assert.Single(target.GitHub.Requests, r => r.Method == "PATCH");

        // With the default author the app's comment is somebody else's: a second one is posted, the app's stays.
        Assert.Equal(0, (await target.RunAsync(CommentMode.Update)).Code);
        Assert.Equal(2, target.GitHub.Comments.Count);
        Assert.DoesNotContain(target.GitHub.Requests, r => r.Method == "PATCH");
    }
}
