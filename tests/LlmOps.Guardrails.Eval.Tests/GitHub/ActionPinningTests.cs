using System.Text.RegularExpressions;

namespace LlmOps.Guardrails.Eval.Tests.GitHub;

/// <summary>
/// Every third-party action is pinned to a full commit SHA (a tag can be moved to other code; a SHA cannot), with the
/// release it is in a comment, in action.yml and in the workflows the docs show.
/// </summary>
public class ActionPinningTests
{
    // The action of this repository, shown in the docs under its release tag: its version travels with tool-version.
    private const string OwnAction = "llmops-guardrails/llmops-guardrails@";
    private static readonly Regex Uses = new(@"^\s*(?:-\s+)?uses:\s*(\S+)(.*)$", RegexOptions.Multiline);
    private static readonly Regex Pinned = new(@"^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}$");
    private static readonly Regex VersionComment = new(@"^\s*#\s*v\d+(\.\d+)*\s*$");

    [Theory]
    [InlineData("action.yml")]
    [InlineData("docs/action.md")]
    [InlineData("docs/getting-started.md")]
    public void Every_third_party_uses_is_a_full_commit_sha_with_its_version_in_a_comment(string file)
    {
        var text = File.ReadAllText(Path.Combine(CliRunner.RepositoryRoot, file));
        var uses = UsesLines(text).Where(u => !u.Action.StartsWith(OwnAction, StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(uses);
        Assert.All(uses, u =>
        {
            Assert.Matches(Pinned, u.Action);
            Assert.Matches(VersionComment, u.Comment);
        });
    }

    [Theory]
    [InlineData("uses: actions/cache@v5 # v5.0.5")]
    [InlineData("uses: actions/cache@27d5ce7 # v5.0.5")]
    [InlineData("uses: actions/cache@27d5ce7f107fe9357f9df03efb73ab90386fccae")]
    [InlineData("- uses: actions/checkout@main")]
    public void A_tag_a_short_sha_or_a_missing_version_comment_is_seen(string line)
    {
        var use = Assert.Single(UsesLines(line));
        Assert.False(Pinned.IsMatch(use.Action) && VersionComment.IsMatch(use.Comment));
    }

    private static IEnumerable<(string Action, string Comment)> UsesLines(string text) =>
        Uses.Matches(text.Replace("\r\n", "\n", StringComparison.Ordinal)).Select(m => (m.Groups[1].Value, m.Groups[2].Value));
}
