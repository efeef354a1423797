using LlmOps.Guardrails.Eval.GitHub;

namespace LlmOps.Guardrails.Eval.Tests.GitHub;

/// <summary>An answer GitHub sends with a success status but not the JSON the call expects is "could not run", never a crash.</summary>
public sealed class GarbledAnswerTests : IDisposable
{
    private readonly CommentTarget target = new();

    public void Dispose() => target.Dispose();

    [Theory]
    [InlineData("""{"message":"not a list of comments"}""")]
    [InlineData("<html><body>Proxy says hello</body></html>")]
    [InlineData("""[{"unexpected":true}]""")]
    public async Task A_comment_list_that_is_not_a_list_of_comments_exits_3_with_one_clear_line(string answer)
    {
        // A success status with something else where the list of comments belongs: posting on would risk a duplicate.
        target.GitHub.AnswerNextWith(200, answer);

        var (code, output, error) = await target.RunAsync(CommentMode.Update);

        Assert.True(code == 3, $"exit {code}\n{output}\n{error}");
        Assert.Contains("error: GitHub's answer", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.DoesNotContain(CommentTarget.Token, output + error, StringComparison.Ordinal);
        Assert.DoesNotContain(target.GitHub.Requests, r => r.Method == "POST");
    }
}
