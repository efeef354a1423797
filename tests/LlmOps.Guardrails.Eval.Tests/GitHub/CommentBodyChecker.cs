using System.Text.RegularExpressions;

namespace LlmOps.Guardrails.Eval.Tests.GitHub;

/// <summary>
/// Reads a comment body the way GitHub renders it, just far enough to find what hostile text must never produce: a
/// linked @mention, raw HTML, an unbalanced code fence or &lt;details&gt;, and a line that passes for our headline or
/// gate verdict. Each check returns the offending text (null when clean) so a failure shows what leaked.
/// </summary>
internal static partial class CommentBodyChecker
{
    // GitHub links "@name" and "@org/team" unless a word character or a backtick comes right before the "@".
    [GeneratedRegex(@"(^|[^\w`])@[A-Za-z0-9-]+", RegexOptions.Multiline)]
    private static partial Regex Mention();

    [GeneratedRegex(@"<[A-Za-z!/?][^>\n]*>?")]
    private static partial Regex Tag();

    // The only HTML lines we write: a details opener with its summary, a details closer, the footer.
    [GeneratedRegex(@"^<details( open)?><summary>[^<>]*</summary>$|^</details>$|^<sub>[^<>]*</sub>$")]
    private static partial Regex OwnHtmlLine();

    [GeneratedRegex(@"^ {0,3}(`{3,}|~{3,})")]
    private static partial Regex FenceOpen();

    [GeneratedRegex(@"(`+)[^`]*?\1")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"^[\s*_#>\-+|\\]*")]
    private static partial Regex LineDecoration();

    [GeneratedRegex(@"^(✅|⚠️|❌|⛔)?\s*Gate:")]
    private static partial Regex GateVerdict();

    /// <summary>Lines outside fenced code blocks, with their line numbers; and whether every fence was closed.</summary>
    public static (List<(int Number, string Text)> Lines, bool FencesClosed) Prose(string body)
    {
        var prose = new List<(int, string)>();
        string? fence = null;
        var lines = body.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (fence is not null)
            {
                // CommonMark: a closing fence is the same character, at least as long, and nothing but spaces after.
                var trimmed = line.Trim();
                if (trimmed.Length >= fence.Length && trimmed.All(c => c == fence[0]))
                {
                    fence = null;
                }

                continue;
            }

            var open = FenceOpen().Match(line);
            if (open.Success)
            {
                fence = open.Groups[1].Value;
                continue;
            }

            prose.Add((i, line));
        }

        return (prose, fence is null);
    }

    /// <summary>A prose line with backslash escapes and inline code spans removed (mentions and tags are inert in code).</summary>
    private static string WithoutCode(string line) => CodeSpan().Replace(Regex.Replace(line, @"\\[\\`]", "."), " ");

    public static string? LiveMention(string body) =>
        Prose(body).Lines.Select(l => Mention().Match(WithoutCode(l.Text))).FirstOrDefault(m => m.Success)?.Value;

    /// <summary>Any HTML outside code that is not one of our own lines (the marker on line 0, details, summary, footer).</summary>
    public static string? RawHtml(string body)
    {
        foreach (var (number, text) in Prose(body).Lines)
        {
            if (number == 0 || OwnHtmlLine().IsMatch(text))
            {
                continue;
            }

            var tag = Tag().Match(WithoutCode(text));
            if (tag.Success)
            {
                return "line " + number + ": " + tag.Value;
            }

            if (text.Contains("-->", StringComparison.Ordinal))
            {
                return "line " + number + ": -->";
            }
        }

        return null;
    }

    /// <summary>Null when fences close and &lt;details&gt; never closes more than it opened and ends balanced.</summary>
    public static string? Unbalanced(string body)
    {
        var (lines, fencesClosed) = Prose(body);
        if (!fencesClosed)
        {
            return "a code fence is left open";
        }

        var depth = 0;
        foreach (var (number, text) in lines)
        {
            depth += Regex.Matches(text, "<details[ >]", RegexOptions.IgnoreCase).Count - Regex.Matches(text, "</details>", RegexOptions.IgnoreCase).Count;
            if (depth < 0)
            {
                return "line " + number + " closes a <details> it did not open";
            }
        }

        return depth == 0 ? null : depth + " <details> left open";
    }

    /// <summary>Prose lines that read as a headline ("Cost per 1k calls …") once Markdown decoration is ignored.</summary>
    public static List<(int Number, string Text)> HeadlineLike(string body) =>
        Prose(body).Lines.Where(l => LineDecoration().Replace(l.Text, "").StartsWith("Cost per 1k calls", StringComparison.Ordinal)).ToList();

    /// <summary>Prose lines that read as a gate verdict ("✅ Gate: pass …") once Markdown decoration is ignored.</summary>
    public static List<(int Number, string Text)> GateVerdictLike(string body) =>
        Prose(body).Lines.Where(l => GateVerdict().IsMatch(LineDecoration().Replace(l.Text, ""))).ToList();
}
