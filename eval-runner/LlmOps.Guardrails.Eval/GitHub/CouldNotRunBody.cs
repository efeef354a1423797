using System;
using System.Linq;
using System.Text;

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
            .Append(OneLine(reason)).Append('\n');
        var text = (detail ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        if (text.Length > 0)
        {
            if (text.Length > MaxDetailChars) text = "…" + text[^MaxDetailChars..];
            // A fence longer than any backtick run inside keeps the error text literal (no Markdown, no mentions).
            var fence = new string('`', Math.Max(3, LongestBacktickRun(text) + 1));
            body.Append('\n').Append(fence).Append("text\n").Append(text).Append('\n').Append(fence).Append('\n');
        }

        return body.ToString();
    }

    private static string OneLine(string text) => string.Join(' ', text.Split('\n', '\r').Where(l => l.Length > 0));

    private static int LongestBacktickRun(string text)
    {
        int longest = 0, current = 0;
        foreach (var c in text)
        {
            current = c == '`' ? current + 1 : 0;
            longest = Math.Max(longest, current);
        }

        return longest;
    }
}
