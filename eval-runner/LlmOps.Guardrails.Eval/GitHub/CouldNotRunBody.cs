using System;
using System.Text;
using LlmOps.Guardrails.Eval.Reports;

namespace LlmOps.Guardrails.Eval.GitHub;

/// <summary>
/// The comment (and step summary) of a run that has no results of its own: it replaces an earlier verdict on the pull
/// request, which no longer describes the code, and quotes why (compare's error output, or why results.json was refused).
/// </summary>
public static class CouldNotRunBody
{
    /// <summary>The heading the comment and the step summary start with, under the marker.</summary>
    public const string Heading = "dotnet eval could not run";

    // The tail of compare's output is where its error is; a comment has room for far more, a reader does not.
    private const int MaxDetailChars = 4000;

    public static string Render(string marker, string reason, string? detail)
    {
        if (marker is null) throw new ArgumentNullException(nameof(marker));
        var body = new StringBuilder()
            .Append(marker).Append('\n')
            .Append("**:x: ").Append(Heading).Append("** for this commit: there is no eval result, and any earlier verdict ")
            .Append("on this pull request does not describe this code.\n\n")
            .Append(ReportText.MarkdownInline(reason)).Append('\n');
        var text = (detail ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        if (text.Length > 0)
        {
            if (text.Length > MaxDetailChars) text = "…" + text[^MaxDetailChars..];
            // The one fence of the reports: no content can close it, so the error text stays literal (no Markdown, no mentions).
            body.Append('\n').Append(ReportText.MarkdownFence(text));
        }

        return body.ToString();
    }
}
