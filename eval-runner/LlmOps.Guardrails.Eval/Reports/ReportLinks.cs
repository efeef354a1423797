using System;
using System.Text;

namespace LlmOps.Guardrails.Eval.Reports;

/// <summary>
/// Where a reviewer goes from the comment: the workflow run that produced it and the uploaded report artifact. Only
/// absolute http(s) URLs are linked; anything else (a value passed in by a workflow is not trusted) is left out.
/// </summary>
/// <param name="RunUrl">The run's page, e.g. https://github.com/o/r/actions/runs/123 (…/attempts/2 for a re-run).</param>
/// <param name="ArtifactUrl">The artifact's own URL, when the workflow knows it; else the run page's artifact list is linked.</param>
/// <param name="ArtifactName">The artifact's name, shown next to the link.</param>
public sealed record ReportLinks(string? RunUrl, string? ArtifactUrl = null, string? ArtifactName = null)
{
    /// <summary>"[Workflow run](…) · [Report artifact `name`](…)", or nothing when no link is known.</summary>
    internal void Markdown(StringBuilder md)
    {
        var run = Safe(RunUrl);
        var artifact = Safe(ArtifactUrl) ?? (run is null ? null : run + "#artifacts");
        if (run is null && artifact is null)
        {
            return;
        }

        var parts = new System.Collections.Generic.List<string>();
        if (run is not null)
        {
            parts.Add("[Workflow run](" + run + ")");
        }

        if (artifact is not null)
        {
            var name = string.IsNullOrWhiteSpace(ArtifactName) ? "" : " " + ReportText.MarkdownInline(ArtifactName);
            parts.Add("[Report artifact" + name + "](" + artifact + ")");
        }

        md.Append(string.Join(" · ", parts)).Append("\n\n");
    }

    /// <summary>
    /// The URL in a form that cannot end the Markdown link early or carry HTML: parsed as an absolute http(s) URI,
    /// which percent-encodes spaces, quotes and angle brackets; parentheses are encoded too, as they would close "(…)".
    /// </summary>
    private static string? Safe(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return null;
        }

        return uri.AbsoluteUri.Replace("(", "%28", StringComparison.Ordinal).Replace(")", "%29", StringComparison.Ordinal);
    }
}
