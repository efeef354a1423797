using LlmOps.Guardrails.Eval.GitHub;

namespace LlmOps.Guardrails.Eval.Tests.GitHub;

public class StickyMarkerTests
{
    [Fact]
    public void Marker_names_workflow_and_tag()
    {
        Assert.Equal("<!-- llmops-eval-report workflow=\"ci\" tag=\"unit\" -->", StickyMarker.For("ci", "unit"));
    }

    [Fact]
    public void Only_the_exact_first_line_matches()
    {
        var a = StickyMarker.For("ci", "a");
        Assert.True(StickyMarker.Marks(a + "\nbody", a));
        Assert.True(StickyMarker.Marks(a + "\r\nbody", a));
        Assert.True(StickyMarker.Marks(a, a));
        Assert.False(StickyMarker.Marks(StickyMarker.For("ci", "ab") + "\nbody", a));
        Assert.False(StickyMarker.Marks("quote:\n" + a + "\nbody", a));
        Assert.False(StickyMarker.Marks("> " + a + "\nbody", a));
        Assert.False(StickyMarker.Marks(a + " \nbody", a));
        Assert.False(StickyMarker.Marks(StickyMarker.For("other", "a") + "\nbody", a));
    }

    [Fact]
    public void Hostile_workflow_and_tag_cannot_end_the_comment_or_forge_another_marker()
    {
        var marker = StickyMarker.For("ci\" tag=\"x", "--><img src=x>\n@team");
        Assert.StartsWith("<!-- llmops-eval-report workflow=\"", marker, StringComparison.Ordinal);
        Assert.Equal(marker.Length - 3, marker.IndexOf("-->", StringComparison.Ordinal));
        Assert.DoesNotContain("\n", marker, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", marker, StringComparison.Ordinal);
        Assert.NotEqual(StickyMarker.For("ci", "x"), marker);
    }

    [Theory]
    [InlineData("https://api.github.com", "https://api.github.com/graphql")]
    [InlineData("https://ghe.example.com/api/v3", "https://ghe.example.com/api/graphql")]
    [InlineData("http://127.0.0.1:5000/", "http://127.0.0.1:5000/graphql")]
    public void GraphQL_endpoint_is_derived_from_the_API_url(string api, string expected)
    {
        var env = GitHubEnvironment.Read(name => name == "GITHUB_API_URL" ? api : null);
        Assert.Equal(expected, env.GraphQlUrl.ToString());
    }

    [Fact]
    public void Pull_request_number_comes_from_the_event_payload_and_push_events_have_none()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, """{"action":"opened","pull_request":{"number":17}}""");
            Assert.Equal(17, GitHubEnvironment.Read(n => n == "GITHUB_EVENT_PATH" ? file : null).PullRequestNumber);
            File.WriteAllText(file, """{"ref":"refs/heads/main","head_commit":{"id":"abc"}}""");
            Assert.Null(GitHubEnvironment.Read(n => n == "GITHUB_EVENT_PATH" ? file : null).PullRequestNumber);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
