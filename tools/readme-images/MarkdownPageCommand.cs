using System.Net;
using System.Text.RegularExpressions;
using Markdig;

namespace LlmOps.Guardrails.ReadmeImages;

/// <summary>
/// Markdown (the eval report or the build's cost report) rendered the way GitHub shows it: in a pull-request comment
/// (where line breaks are kept) or in a file view. Raw HTML passes through as on GitHub, so the report's
/// <c>&lt;details&gt;</c> blocks fold and its marker comment stays invisible.
/// </summary>
internal static class MarkdownPageCommand
{
    public static void Run(CommandLineOptions options)
    {
        var input = options.ExistingFile("in");
        var output = options.Required("out");
        var title = options.Required("title");
        var frame = options.Optional("frame", "comment");
        if (frame is not ("comment" or "file"))
        {
            throw new UsageException($"--frame must be comment or file, got '{frame}'.");
        }

        var markdown = File.ReadAllText(input);
        if (string.IsNullOrWhiteSpace(markdown))
        {
            throw new InputException($"--in: {input} is empty.");
        }

        var body = OpenFirstDetails(Render(markdown, comment: frame == "comment"), options.Number("open-details", 1));
        AtomicFile.WriteAllText(output, Page(title, body, frame));
        Console.WriteLine($"readme-images: {output} ({frame} frame, {markdown.Length} characters of Markdown)");
    }

    internal static string Render(string markdown, bool comment)
    {
        var builder = new MarkdownPipelineBuilder()
            .UsePipeTables()
            .UseEmphasisExtras()
            .UseAutoLinks()
            .UseTaskLists()
            .UseAutoIdentifiers(Markdig.Extensions.AutoIdentifiers.AutoIdentifierOptions.GitHub);
        if (comment)
        {
            // GitHub comments keep single line breaks; files do not.
            builder.UseSoftlineBreakAsHardlineBreak();
        }

        return Markdown.ToHtml(markdown, builder.Build());
    }

    /// <summary>A reader would expand one fold to see the changed cases; the picture shows that state.</summary>
    private static string OpenFirstDetails(string html, int count)
    {
        var opened = 0;
        return Regex.Replace(html, "<details>", m => opened++ < count ? "<details open>" : m.Value);
    }

    private static string Page(string title, string body, string frame)
    {
        var header = frame == "comment"
            ? $"""
              <div class="avatar">&#x1F916;</div>
              <div class="comment">
                <div class="comment-header"><strong>github-actions</strong> <span class="label">bot</span> commented &middot; {WebUtility.HtmlEncode(title)}</div>
                <div class="markdown-body">{body}</div>
              </div>
              """
            : $"""
              <div class="file">
                <div class="file-header">{WebUtility.HtmlEncode(title)}</div>
                <div class="markdown-body">{body}</div>
              </div>
              """;
        return $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{WebUtility.HtmlEncode(title)}</title>
            <style>{Assets.Css("github.css")}</style></head>
            <body><div class="timeline {frame}-frame">{header}</div></body></html>
            """;
    }
}
