using System;
using System.Text;
using LlmOps.Guardrails.Eval.Reports;
using LlmOps.Guardrails.Eval.Results;

namespace LlmOps.Guardrails.Eval.GitHub;

/// <summary>
/// The comment text: the sticky marker as the first line, then the Markdown report (which already fits in
/// <see cref="MarkdownReport.MaxCommentChars"/>, well under GitHub's 65,536-character limit).
/// </summary>
public static class CommentBody
{
    /// <summary>GitHub rejects comment bodies longer than this.</summary>
    public const int GitHubMaxChars = 65_536;

    private const string CutNote = "\n… report cut to GitHub's comment limit; full report in the artifact.\n";

    // Room for the note and the closing fence and tags the cut may need.
    private const int Reserve = 1_000;

    private const int LongLine = 2_000;

    public static string Render(EvalRun run, string? costReportMarkdown, string marker, string? artifact, ReportLinks? links = null)
    {
        var report = MarkdownReport.Render(run, costReportMarkdown, MarkdownReport.DefaultMaxCasesPerPrompt, artifact, links);
        return WithMarker(report, marker);
    }

    /// <summary>Replaces the report's generic first-line marker with the (workflow, tag) one.</summary>
    public static string WithMarker(string report, string marker)
    {
        var rest = report.StartsWith(MarkdownReport.CommentMarker + "\n", StringComparison.Ordinal)
            ? report[(MarkdownReport.CommentMarker.Length + 1)..]
            : report;
        var body = marker + "\n" + rest;
        return body.Length < GitHubMaxChars ? body : Cut(body, marker.Length + 1);
    }

    /// <summary>
    /// Keeps whole lines (the headline first) up to the limit. A cut inside a code block or a &lt;details&gt; would
    /// leave it open and swallow the note, so both are closed first.
    /// </summary>
    private static string Cut(string body, int headerLength)
    {
        var limit = GitHubMaxChars - Reserve;
        if (char.IsHighSurrogate(body[limit - 1]))
        {
            limit--;
        }

        var cut = body.LastIndexOf('\n', limit) + 1;
        // A line far longer than a table row (a single-line model output) is cut inside, not dropped whole.
        var kept = cut > headerLength && limit - cut <= LongLine ? body[..cut] : body[..limit] + "\n";
        var closing = new StringBuilder();
        var (fence, openDetails) = OpenBlocks(kept);
        if (fence is not null)
        {
            closing.Append(fence).Append('\n');
        }

        for (var i = 0; i < openDetails; i++)
        {
            closing.Append("\n</details>\n");
        }

        return kept + closing + CutNote;
    }

    /// <summary>The fence still open at the end of <paramref name="markdown"/>, and how many &lt;details&gt; are open outside code.</summary>
    private static (string? Fence, int OpenDetails) OpenBlocks(string markdown)
    {
        string? fence = null;
        var openDetails = 0;
        foreach (var line in markdown.Split('\n'))
        {
            if (fence is not null)
            {
                // A closing fence is at least as long as the opening one and carries no info string.
                var trimmed = line.Trim();
                if (trimmed.Length >= fence.Length && trimmed.Trim(fence[0]).Length == 0)
                {
                    fence = null;
                }

                continue;
            }

            var opening = FenceAt(line.TrimStart());
            if (opening is not null)
            {
                fence = opening;
                continue;
            }

            openDetails += Count(line, "<details") - Count(line, "</details>");
            openDetails = Math.Max(0, openDetails);
        }

        return (fence, openDetails);
    }

    private static string? FenceAt(string line)
    {
        if (line.Length < 3 || line[0] is not ('`' or '~'))
        {
            return null;
        }

        var length = 0;
        while (length < line.Length && line[length] == line[0])
        {
            length++;
        }

        return length >= 3 ? line[..length] : null;
    }

    private static int Count(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.OrdinalIgnoreCase))
        {
            count++;
        }

        return count;
    }
}
