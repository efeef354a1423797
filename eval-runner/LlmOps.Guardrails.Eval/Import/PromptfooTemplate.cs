using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace LlmOps.Guardrails.Eval.Import;

/// <summary>
/// Turns promptfoo's Nunjucks prompt text into the native template: plain <c>{{ name }}</c> placeholders become
/// <c>{{name}}</c>. Filters, tags, comments and property access have no native form and are refused, never guessed.
/// </summary>
internal static partial class PromptfooTemplate
{
    [GeneratedRegex(@"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\{\{|\{%|\{#", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex NunjucksSyntax();

    /// <summary>The native text and its variables, or the reason the text cannot be converted.</summary>
    public static (string? Text, IReadOnlyList<string> Variables, string? Problem) Convert(string text)
    {
        var names = new List<string>();
        var converted = Placeholder().Replace(text, m =>
        {
            if (!names.Contains(m.Groups[1].Value, StringComparer.Ordinal)) names.Add(m.Groups[1].Value);
            return "\u0001" + m.Groups[1].Value + "\u0002";
        });
        var leftover = NunjucksSyntax().Match(converted);
        if (leftover.Success)
        {
            var end = Math.Min(converted.Length, leftover.Index + 30);
            var snippet = converted.Substring(leftover.Index, end - leftover.Index).Replace("\u0001", "{{").Replace("\u0002", "}}");
            return (null, names, $"Nunjucks syntax '{snippet.Split('\n')[0]}' (filters, tags, property access) has no native form; only {{{{ name }}}} placeholders convert");
        }

        return (converted.Replace("\u0001", "{{").Replace("\u0002", "}}"), names, null);
    }

    /// <summary>Fills <c>{{ name }}</c> in an assertion value from the test's vars, as promptfoo does; null when that cannot be done exactly.</summary>
    public static string? Fill(string text, IReadOnlyDictionary<string, string> vars)
    {
        if (NunjucksSyntax().IsMatch(Placeholder().Replace(text, string.Empty)))
        {
            return null;
        }

        var unknown = false;
        var filled = Placeholder().Replace(text, m =>
        {
            if (vars.TryGetValue(m.Groups[1].Value, out var value)) return value;
            unknown = true;
            return m.Value;
        });
        return unknown ? null : filled;
    }

    public static bool HasTemplate(string text) => NunjucksSyntax().IsMatch(text);
}
