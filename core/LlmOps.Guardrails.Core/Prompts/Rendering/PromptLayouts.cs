using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using LlmOps.Guardrails.Core.Tokenization;

namespace LlmOps.Guardrails.Core.Prompts.Rendering;

/// <summary>
/// Splits a rendered document into chat messages the way its format's runtime does: Prompty's parser on role-marker
/// lines, Semantic Kernel's chat prompt parser on <c>&lt;message role="..."&gt;</c> blocks. The readers use the same
/// patterns on the unrendered text, so the messages read and the messages rendered line up.
/// </summary>
internal static class PromptLayouts
{
    private const RegexOptions Options = RegexOptions.CultureInvariant;

    /// <summary>Prompty's role marker: a line holding only the role and a colon, optionally after '#', optionally with [attributes].</summary>
    public static readonly Regex RoleMarker =
        new(@"^[ \t]*#?[ \t]*(system|user|assistant|developer|function|tool)(\[[^\]\n]*\])?[ \t]*:[ \t]*$", Options | RegexOptions.IgnoreCase);

    public static readonly Regex XmlMessage = new(@"<message\b([^>]*)>(.*?)</message\s*>", Options | RegexOptions.IgnoreCase | RegexOptions.Singleline);

    public static readonly Regex RoleAttribute = new(@"\brole\s*=\s*[""']([^""']*)[""']", Options | RegexOptions.IgnoreCase | RegexOptions.Singleline);

    public static readonly Regex ImageElement = new(@"<image\b[^>]*/>|<image\b[^>]*>.*?</image\s*>", Options | RegexOptions.IgnoreCase | RegexOptions.Singleline);

    public static readonly Regex TextTag = new(@"</?text\b[^>]*>", Options | RegexOptions.IgnoreCase);

    public static IReadOnlyList<ChatMessageText> Split(string rendered, PromptDocumentLayout layout) =>
        layout == PromptDocumentLayout.RoleMarkers ? SplitRoleMarkers(rendered) : SplitMessageTags(rendered);

    /// <summary>Role-marker segments: (role as written, lower case; start of the text; end; start of the marker line or -1).</summary>
    public static List<(string Role, int Start, int End, int MarkerAt)> RoleSegments(string body)
    {
        var markers = new List<(string Role, int LineStart, int ContentStart)>();
        var lineStart = 0;
        while (lineStart <= body.Length)
        {
            var newline = body.IndexOf('\n', lineStart);
            var lineEnd = newline < 0 ? body.Length : newline;
            var match = RoleMarker.Match(body.Substring(lineStart, lineEnd - lineStart));
            if (match.Success)
            {
                markers.Add((match.Groups[1].Value.ToLowerInvariant(), lineStart, newline < 0 ? body.Length : newline + 1));
            }

            if (newline < 0)
            {
                break;
            }

            lineStart = newline + 1;
        }

        var segments = new List<(string Role, int Start, int End, int MarkerAt)>();
        var firstMarker = markers.Count > 0 ? markers[0].LineStart : body.Length;
        if (body.Substring(0, firstMarker).Trim().Length > 0)
        {
            // Prompty's parser puts text before the first role marker (or a body with no markers) in a system message.
            segments.Add(("system", 0, firstMarker, -1));
        }

        for (var i = 0; i < markers.Count; i++)
        {
            var end = i + 1 < markers.Count ? markers[i + 1].LineStart : body.Length;
            segments.Add((markers[i].Role, markers[i].ContentStart, end, markers[i].LineStart));
        }

        return segments;
    }

    /// <summary>The message role a written role maps to; null for roles that carry no prompt text (tool results) or are unknown.</summary>
    public static string? MapRole(string written) => written.Trim().ToLowerInvariant() switch
    {
        "system" or "developer" => "system",
        "user" => "user",
        "assistant" => "assistant",
        _ => null,
    };

    public static string DecodeXml(string text) =>
        text.IndexOf('&') < 0
            ? text
            : text.Replace("&lt;", "<").Replace("&gt;", ">").Replace("&quot;", "\"").Replace("&apos;", "'").Replace("&#x3D;", "=").Replace("&#x60;", "`").Replace("&amp;", "&");

    /// <summary>A message block's text as Semantic Kernel sends it: text tags and images removed, entities decoded, trimmed.</summary>
    public static string MessageTagContent(string content) =>
        DecodeXml(TextTag.Replace(ImageElement.Replace(content, string.Empty), string.Empty)).Trim();

    private static IReadOnlyList<ChatMessageText> SplitRoleMarkers(string rendered)
    {
        var messages = new List<ChatMessageText>();
        foreach (var segment in RoleSegments(rendered))
        {
            var role = MapRole(segment.Role);
            var text = rendered.Substring(segment.Start, segment.End - segment.Start).Trim();
            if (role is not null && text.Length > 0)
            {
                messages.Add(new ChatMessageText(role, text));
            }
        }

        return messages;
    }

    private static IReadOnlyList<ChatMessageText> SplitMessageTags(string rendered)
    {
        var messages = new List<ChatMessageText>();
        var blocks = XmlMessage.Matches(rendered);
        if (blocks.Count == 0)
        {
            // Semantic Kernel sends a text without message blocks as one user message.
            var whole = MessageTagContent(rendered);
            if (whole.Length > 0)
            {
                messages.Add(new ChatMessageText("user", whole));
            }

            return messages;
        }

        foreach (Match block in blocks)
        {
            var written = RoleAttribute.Match(block.Groups[1].Value);
            var role = written.Success ? MapRole(written.Groups[1].Value) : null;
            var text = MessageTagContent(block.Groups[2].Value);
            if (role is not null && text.Length > 0)
            {
                messages.Add(new ChatMessageText(role, text));
            }
        }

        return messages;
    }
}
