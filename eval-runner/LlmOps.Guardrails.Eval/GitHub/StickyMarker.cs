using System;

namespace LlmOps.Guardrails.Eval.GitHub;

/// <summary>
/// The hidden first line that identifies our comment for one (workflow, tag), e.g.
/// <c>&lt;!-- llmops-eval-report workflow="ci" tag="unit" --&gt;</c>. Comments are matched on the exact first line,
/// so the marker of tag "a" never matches a comment of tag "ab".
/// </summary>
public static class StickyMarker
{
    private const int MaxPartLength = 100;

    public static string For(string workflow, string tag) =>
        "<!-- llmops-eval-report workflow=\"" + Encode(workflow) + "\" tag=\"" + Encode(tag) + "\" -->";

    /// <summary>True when the first line of <paramref name="body"/> is exactly <paramref name="marker"/>.</summary>
    public static bool Marks(string? body, string marker)
    {
        if (string.IsNullOrEmpty(body))
        {
            return false;
        }

        var end = body.IndexOf('\n', StringComparison.Ordinal);
        var first = end < 0 ? body : body[..end];
        return string.Equals(first.TrimEnd('\r'), marker, StringComparison.Ordinal);
    }

    // Percent-encoding leaves only [A-Za-z0-9-._~%]: no quote, no '>' and so nothing that could end the comment early.
    private static string Encode(string value)
    {
        var trimmed = value.Trim();
        if (trimmed.Length > MaxPartLength)
        {
            trimmed = trimmed[..MaxPartLength];
        }

        return Uri.EscapeDataString(trimmed);
    }
}
