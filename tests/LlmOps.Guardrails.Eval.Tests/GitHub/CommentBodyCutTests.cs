using System.Text.RegularExpressions;
using LlmOps.Guardrails.Eval.GitHub;
using LlmOps.Guardrails.Eval.Reports;

namespace LlmOps.Guardrails.Eval.Tests.GitHub;

/// <summary>
/// The hard cut at GitHub's comment limit: whatever it cuts through, the code fence and the &lt;details&gt; it was
/// inside are closed before the note, so the note and anything after the comment render as prose.
/// </summary>
public class CommentBodyCutTests
{
    private const string Note = "report cut to GitHub's comment limit";
    private static readonly string Marker = StickyMarker.For("ci", "default");

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_200_KB_case_output_cut_inside_its_fence_and_details_is_closed_before_the_note(bool multiLine)
    {
        var output = multiLine
            ? string.Concat(Enumerable.Repeat(new string('x', 99) + "\n", 2_000))
            : new string('x', 200_000);
        var report = MarkdownReport.CommentMarker + "\n**❌ Quality regressed**\n\n"
            + "<details><summary>prompt classify</summary>\n\n<details><summary>case refund-1</summary>\n\n"
            + "Candidate output:\n\n````text\n" + output + "\n````\n\n</details>\n\n</details>\n";

        var body = CommentBody.WithMarker(report, Marker);

        Assert.True(body.Length < CommentBody.GitHubMaxChars, "body has " + body.Length + " characters");
        Assert.StartsWith(Marker + "\n**❌ Quality regressed**\n", body, StringComparison.Ordinal);
        // Most of the output is kept, whether it is many lines or one.
        Assert.True(body.Count(c => c == 'x') > 60_000, "kept " + body.Count(c => c == 'x') + " characters of the output");
        var prose = HostileContentTests.OutsideCodeBlocks(body);
        Assert.Contains(Note, prose, StringComparison.Ordinal);
        Assert.Equal(Regex.Matches(prose, "<details>").Count, Regex.Matches(prose, "</details>").Count);
        Assert.True(prose.IndexOf(Note, StringComparison.Ordinal) > prose.LastIndexOf("</details>", StringComparison.Ordinal), prose);
        Assert.Equal(2, body.Split('\n').Count(l => l.StartsWith("````", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_body_under_the_limit_is_left_as_it_is()
    {
        var report = MarkdownReport.CommentMarker + "\n**✅ passed**\n\n<details><summary>x</summary>\n\n```text\nopen\n";

        Assert.Equal(Marker + "\n**✅ passed**\n\n<details><summary>x</summary>\n\n```text\nopen\n", CommentBody.WithMarker(report, Marker));
    }
}
