using System.Net;
using System.Text;
using Microsoft.CodeAnalysis;

namespace LlmOps.Guardrails.ReadmeImages;

/// <summary>An IDE-like page: the error list (code, message, file, line) and the light bulb's before/after of one fix.</summary>
internal static class ErrorListPage
{
    public static string Render(IReadOnlyList<BuildDiagnostic> findings, string projectDirectory, BuildDiagnostic fixedFinding, FixPreview preview)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Error List</title><style>")
            .Append(Assets.Css("ide.css")).Append("</style></head><body>");

        var warnings = findings.Count(f => f.Severity == "warning");
        var errors = findings.Count(f => f.Severity == "error");
        html.Append("<section class=\"panel\"><div class=\"panel-title\">Error List</div><div class=\"toolbar\">")
            .Append($"<span class=\"chip\"><span class=\"icon error\">&#x2716;</span> {Count(errors, "Error")}</span>")
            .Append($"<span class=\"chip\"><span class=\"icon warning\">&#x26A0;</span> {Count(warnings, "Warning")}</span>")
            .Append("<span class=\"chip muted\">Build + IntelliSense</span></div>")
            .Append("<table><thead><tr><th></th><th>Code</th><th>Description</th><th>File</th><th>Line</th></tr></thead><tbody>");
        foreach (var f in findings)
        {
            var selected = ReferenceEquals(f, fixedFinding) ? " class=\"selected\"" : "";
            html.Append($"<tr{selected}><td><span class=\"icon {Encode(f.Severity)}\">{(f.Severity == "error" ? "&#x2716;" : "&#x26A0;")}</span></td>")
                .Append($"<td class=\"code\">{Encode(f.Code)}</td><td>{Encode(WithoutHelpLink(f.Message))}</td>")
                .Append($"<td class=\"file\">{Encode(Relative(projectDirectory, f.File))}</td><td class=\"num\">{f.Line}</td></tr>");
        }

        html.Append("</tbody></table></section>");

        html.Append("<section class=\"panel\"><div class=\"panel-title\">")
            .Append($"{Encode(Relative(projectDirectory, preview.File))} &mdash; <span class=\"bulb\">&#x1F4A1;</span> {Encode(fixedFinding.Code)} quick fix: ")
            .Append($"<strong>{Encode(preview.Title)}</strong></div><div class=\"diff\">");
        AppendSide(html, "Before", preview, preview.Before, "removed", preview.Squiggle);
        AppendSide(html, "After", preview, preview.After, "added", squiggle: null);
        html.Append("</div></section>");

        html.Append("<section class=\"panel\"><div class=\"panel-title\">Output &mdash; Build</div><pre class=\"output\">");
        foreach (var f in findings)
        {
            // Project-relative paths keep the lines short enough to read in the picture; the rest is the log's text.
            html.Append(Encode($"{Relative(projectDirectory, f.File)}({f.Line},{f.Column}): {f.Severity} {f.Code}: {f.Message}")).Append('\n');
        }

        html.Append($"    {warnings} Warning(s)\n    {errors} Error(s)</pre></section></body></html>");
        return html.ToString();
    }

    private static void AppendSide(StringBuilder html, string caption, FixPreview preview, IReadOnlyList<string> lines, string changeClass, FileLinePositionSpan? squiggle)
    {
        html.Append($"<div class=\"side\"><div class=\"caption\">{caption}</div><pre>");
        for (var i = 0; i < lines.Count; i++)
        {
            var changed = i >= preview.LeadingContext && i < lines.Count - preview.TrailingContext;
            var number = preview.FirstLine + i;
            var text = squiggle is { } span ? Squiggled(lines[i], number - 1, span) : Encode(lines[i]);
            var cls = changed ? " " + changeClass : "";
            html.Append($"<span class=\"line{cls}\"><span class=\"ln\">{number}</span><span class=\"tx\">{text}</span></span>");
        }

        html.Append("</pre></div>");
    }

    /// <summary>The part of a line the finding covers, underlined as the editor shows it.</summary>
    private static string Squiggled(string line, int lineIndex, FileLinePositionSpan span)
    {
        if (lineIndex < span.StartLinePosition.Line || lineIndex > span.EndLinePosition.Line)
        {
            return Encode(line);
        }

        var from = Math.Min(line.Length, lineIndex == span.StartLinePosition.Line ? span.StartLinePosition.Character : line.Length - line.TrimStart().Length);
        var to = Math.Max(from, Math.Min(line.Length, lineIndex == span.EndLinePosition.Line ? span.EndLinePosition.Character : line.Length));
        return Encode(line[..from]) + "<span class=\"squiggle\">" + Encode(line[from..to]) + "</span>" + Encode(line[to..]);
    }

    private static string Relative(string projectDirectory, string file)
    {
        var full = Path.GetFullPath(file, projectDirectory);
        var relative = Path.GetRelativePath(projectDirectory, full);
        return relative.StartsWith("..", StringComparison.Ordinal) ? full : relative;
    }

    /// <summary>The table has a column for the code; the message's trailing "(https://...)" help link only adds noise there.</summary>
    private static string WithoutHelpLink(string message) =>
        System.Text.RegularExpressions.Regex.Replace(message, @"\s*\(https?://[^)\s]+\)\s*$", "");

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
