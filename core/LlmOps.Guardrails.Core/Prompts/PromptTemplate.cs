using System;
using System.Collections.Generic;
using System.Text;

namespace LlmOps.Guardrails.Core.Prompts;

/// <summary><c>{{variable}}</c> templates: which variables a message uses, and the text with values filled in.</summary>
/// <remarks>
/// A placeholder is <c>{{</c>, optional spaces or tabs, a name (<c>[A-Za-z_][A-Za-z0-9_.-]*</c>), optional spaces or
/// tabs, <c>}}</c>. There is no escaping: a <c>{{</c> that does not start such a placeholder is plain text and is kept
/// as written (so <c>{{ not a name }}</c>, <c>{{}}</c> and a JSON example like <c>{"a": {"b": 1}}</c> stay text).
/// </remarks>
public static class PromptTemplate
{
    /// <summary>Distinct placeholder names in order of first use. <c>{{ name }}</c> (inner spaces) counts as <c>name</c>.</summary>
    public static IReadOnlyList<string> Placeholders(string template)
    {
        if (template is null)
        {
            throw new ArgumentNullException(nameof(template));
        }

        List<string>? names = null;
        var at = 0;
        while (TryFind(template, at, out _, out var end, out var nameStart, out var nameLength))
        {
            names ??= new List<string>();
            if (!Contains(names, template, nameStart, nameLength))
            {
                names.Add(template.Substring(nameStart, nameLength));
            }

            at = end;
        }

        return names is null ? Array.Empty<string>() : names;
    }

    /// <summary>The template with each placeholder replaced; a placeholder with no value is left as written.</summary>
    public static string Render(string template, IReadOnlyDictionary<string, string> values)
    {
        if (template is null)
        {
            throw new ArgumentNullException(nameof(template));
        }

        if (values is null)
        {
            throw new ArgumentNullException(nameof(values));
        }

        StringBuilder? text = null;
        var copied = 0;
        var at = 0;
        while (TryFind(template, at, out var start, out var end, out var nameStart, out var nameLength))
        {
            at = end;
            if (!values.TryGetValue(template.Substring(nameStart, nameLength), out var value))
            {
                continue;
            }

            text ??= new StringBuilder(template.Length + 64);
            text.Append(template, copied, start - copied).Append(value);
            copied = end;
        }

        if (text is null)
        {
            return template;
        }

        return text.Append(template, copied, template.Length - copied).ToString();
    }

    /// <summary>True when <paramref name="name"/> can be used as a placeholder name.</summary>
    public static bool IsValidName(string name)
    {
        if (string.IsNullOrEmpty(name) || !IsNameStart(name[0]))
        {
            return false;
        }

        for (var i = 1; i < name.Length; i++)
        {
            if (!IsNamePart(name[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Finds the next well-formed placeholder at or after <paramref name="from"/>.</summary>
    private static bool TryFind(string text, int from, out int start, out int end, out int nameStart, out int nameLength)
    {
        for (var open = text.IndexOf("{{", from, StringComparison.Ordinal); open >= 0; open = text.IndexOf("{{", open + 1, StringComparison.Ordinal))
        {
            var i = open + 2;
            while (i < text.Length && IsBlank(text[i]))
            {
                i++;
            }

            if (i >= text.Length || !IsNameStart(text[i]))
            {
                continue;
            }

            var first = i;
            while (i < text.Length && IsNamePart(text[i]))
            {
                i++;
            }

            var length = i - first;
            while (i < text.Length && IsBlank(text[i]))
            {
                i++;
            }

            if (i + 1 < text.Length && text[i] == '}' && text[i + 1] == '}')
            {
                start = open;
                end = i + 2;
                nameStart = first;
                nameLength = length;
                return true;
            }
        }

        start = end = nameStart = nameLength = 0;
        return false;
    }

    private static bool Contains(List<string> names, string text, int start, int length)
    {
        foreach (var name in names)
        {
            if (name.Length == length && string.CompareOrdinal(name, 0, text, start, length) == 0)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsBlank(char c) => c == ' ' || c == '\t';

    private static bool IsNameStart(char c) => (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';

    private static bool IsNamePart(char c) => IsNameStart(c) || (c >= '0' && c <= '9') || c == '.' || c == '-';
}
