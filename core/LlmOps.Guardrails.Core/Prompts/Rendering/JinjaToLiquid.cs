using System;
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;

namespace LlmOps.Guardrails.Core.Prompts.Rendering;

/// <summary>
/// The few spellings in which Jinja2 (Prompty's template language) and Liquid differ for the same meaning:
/// <c>{% elif %}</c> is <c>{% elsif %}</c>, <c>loop.index</c> is <c>forloop.index</c>, <c>| join(", ")</c> is
/// <c>| join: ", "</c>, and <c>{# comment #}</c> renders as nothing. Everything else is handed to Fluid as written, so a Jinja2-only construct is reported by Fluid's parser
/// rather than guessed at. Keeps a map from the rewritten text back to the original, so errors point at the file.
/// </summary>
internal sealed class JinjaToLiquid
{
    private static readonly Regex Tag = new(@"\{%-?\s*elif\b", RegexOptions.CultureInvariant);

    // Jinja2 passes filter arguments in parentheses (join(", "), default("none")); Liquid after a colon.
    private static readonly Regex FilterCall = new(@"\|\s*([A-Za-z_]\w*)\s*\(([^()]*)\)", RegexOptions.CultureInvariant);

    private static readonly Regex LoopVariable = new(@"(?<![\w.])loop\.(?=(index0?|revindex0?|first|last|length)\b)", RegexOptions.CultureInvariant);

    // (offset in the rewritten text, offset in the original) at every point where the two start to differ.
    private readonly List<(int Rewritten, int Original)> _anchors = new();

    private JinjaToLiquid(string text) => Text = text;

    public string Text { get; private set; }

    public static JinjaToLiquid Rewrite(string jinja)
    {
        var result = new JinjaToLiquid(jinja);
        var output = new StringBuilder(jinja.Length);
        var i = 0;
        while (i < jinja.Length)
        {
            if (At(jinja, i, "{#"))
            {
                var end = jinja.IndexOf("#}", i + 2, StringComparison.Ordinal);
                i = end < 0 ? jinja.Length : end + 2;
                result._anchors.Add((output.Length, i));
                continue;
            }

            if (At(jinja, i, "{{") || At(jinja, i, "{%"))
            {
                var close = At(jinja, i, "{{") ? "}}" : "%}";
                var end = jinja.IndexOf(close, i + 2, StringComparison.Ordinal);
                var stop = end < 0 ? jinja.Length : end + 2;
                var tag = jinja.Substring(i, stop - i);
                result.AppendTag(output, tag, i);
                i = stop;
                continue;
            }

            output.Append(jinja[i]);
            i++;
        }

        result.Text = output.ToString();
        return result;
    }

    /// <summary>The offset in the original text of <paramref name="rewritten"/>, an offset in <see cref="Text"/>.</summary>
    public int OriginalOffset(int rewritten)
    {
        var shift = 0;
        foreach (var anchor in _anchors)
        {
            if (anchor.Rewritten > rewritten)
            {
                break;
            }

            shift = anchor.Original - anchor.Rewritten;
        }

        return Math.Max(0, rewritten + shift);
    }

    private void AppendTag(StringBuilder output, string tag, int originalStart)
    {
        var rewritten = LoopVariable.Replace(Tag.Replace(tag, m => m.Value.Substring(0, m.Value.Length - 4) + "elsif"), "forloop.");
        rewritten = FilterCall.Replace(rewritten, m => m.Groups[2].Value.Trim().Length == 0 ? "| " + m.Groups[1].Value : "| " + m.Groups[1].Value + ": " + m.Groups[2].Value);
        if (rewritten.Length == tag.Length)
        {
            output.Append(rewritten);
            return;
        }

        // Inside one tag the shift is placed at the tag's end: an error inside it points at the tag's start line.
        output.Append(rewritten);
        _anchors.Add((output.Length, originalStart + tag.Length));
    }

    private static bool At(string text, int index, string token) =>
        string.CompareOrdinal(text, index, token, 0, token.Length) == 0;
}
