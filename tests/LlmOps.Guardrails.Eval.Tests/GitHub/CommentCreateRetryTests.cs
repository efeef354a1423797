using LlmOps.Guardrails.Eval.GitHub;

namespace LlmOps.Guardrails.Eval.Tests.GitHub;

/// <summary>A creation GitHub carried out but whose answer was lost (5xx) must not be posted a second time.</summary>
public sealed class CommentCreateRetryTests : IDisposable
{
    private readonly CommentTarget target = new();

    public void Dispose() => target.Dispose();

    [Fact]
    public async Task Update_finds_the_comment_a_502_answered_creation_made_and_posts_no_second_one()
    {
        target.GitHub.Seed(CommentTarget.PullRequest, "LGTM");
        target.GitHub.FailNextCreate(502, stored: true);

        var (code, output, error) = await target.RunAsync(CommentMode.Update);

        Assert.True(code == 0, output + error);
        Assert.Contains("HTTP 502", error, StringComparison.Ordinal);
        Assert.Single(target.GitHub.Requests, r => r.Method == "POST");
        Assert.Single(target.GitHub.Comments, c => StickyMarker.Marks(c.Body, target.Marker));
        Assert.Equal(2, target.GitHub.Comments.Count);
    }

    [Theory]
    [InlineData(CommentMode.New)]
    [InlineData(CommentMode.HideAndNew)]
    public async Task New_comment_modes_tell_the_lost_creation_from_the_earlier_comments(CommentMode mode)
    {
        Assert.Equal(0, (await target.RunAsync(CommentMode.Update)).Code);
        var earlier = Assert.Single(target.GitHub.Comments);
        target.GitHub.FailNextCreate(502, stored: true);

        var (code, output, error) = await target.RunAsync(mode);

        Assert.True(code == 0, output + error);
        Assert.Single(target.GitHub.Requests, r => r.Method == "POST" && r.PathAndQuery != "/graphql");
        Assert.Equal(2, target.GitHub.Comments.Count);
        Assert.Equal(earlier.Body, target.GitHub.Comments.Single(c => c.Id == earlier.Id).Body);
    }

    [Fact]
    public async Task A_creation_that_really_failed_is_posted_again_once()
    {
        target.GitHub.Seed(CommentTarget.PullRequest, "LGTM");
        target.GitHub.FailNextCreate(503, stored: false);

        var (code, output, error) = await target.RunAsync(CommentMode.Update);

        Assert.True(code == 0, output + error);
        Assert.Equal(2, target.GitHub.Requests.Count(r => r.Method == "POST"));
        Assert.Single(target.GitHub.Comments, c => StickyMarker.Marks(c.Body, target.Marker));
    }
}
