using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace LlmOps.Guardrails.Eval.Scoring;

/// <summary>
/// The JSONPath subset scorers accept: <c>$</c>, then dotted names (<c>.a</c>), bracketed quoted names
/// (<c>['a b']</c>, <c>["a"]</c>) and non-negative array indexes (<c>[0]</c>). The leading <c>$</c> may be left out
/// (<c>a.b[0]</c>). Wildcards, filters, slices, recursive descent and negative indexes are refused.
/// </summary>
public sealed class JsonPath
{
    private readonly IReadOnlyList<object> _segments; // string = property, int = index

    private JsonPath(string text, IReadOnlyList<object> segments)
    {
        Text = text;
        _segments = segments;
    }

    /// <summary>The path in canonical form (<c>$.a.b[0]</c>).</summary>
    public string Text { get; }

    public override string ToString() => Text;

    /// <summary>Parses a path.</summary>
    /// <exception cref="FormatException">The path is not in the supported subset (the message says where).</exception>
    public static JsonPath Parse(string path)
    {
        if (path is null)
        {
            throw new ArgumentNullException(nameof(path));
        }

        var text = path.Trim();
        var segments = new List<object>();
        var i = 0;
        if (text.StartsWith("$", StringComparison.Ordinal))
        {
            i = 1;
        }
        else if (text.Length > 0 && text[0] != '[')
        {
            // "a.b" is read as "$.a.b".
            text = "." + text;
        }

        while (i < text.Length)
        {
            var c = text[i];
            if (c == '.')
            {
                i++;
                if (i < text.Length && text[i] == '.')
                {
                    throw Unsupported(path, "recursive descent '..'");
                }

                var start = i;
                while (i < text.Length && text[i] != '.' && text[i] != '[')
                {
                    i++;
                }

                var name = text.Substring(start, i - start);
                if (name.Length == 0)
                {
                    throw new FormatException($"invalid JSON path '{path}': empty property name");
                }

                if (name == "*")
                {
                    throw Unsupported(path, "wildcard '*'");
                }

                segments.Add(name);
            }
            else if (c == '[')
            {
                var close = FindClose(text, i, path);
                var inner = text.Substring(i + 1, close - i - 1).Trim();
                i = close + 1;
                if (inner.Length >= 2 && (inner[0] == '\'' || inner[0] == '"') && inner[inner.Length - 1] == inner[0])
                {
                    segments.Add(Unescape(inner.Substring(1, inner.Length - 2)));
                }
                else if (int.TryParse(inner, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    segments.Add(index);
                }
                else if (inner.StartsWith("-", StringComparison.Ordinal))
                {
                    throw Unsupported(path, $"negative index [{inner}]");
                }
                else
                {
                    throw Unsupported(path, $"[{inner}] (only [n] and ['name'] are supported)");
                }
            }
            else
            {
                throw new FormatException($"invalid JSON path '{path}': unexpected '{c}' at {i}");
            }
        }

        return new JsonPath(Render(segments, segments.Count), segments);
    }

    /// <summary>Finds the value at this path; false and where the path stopped when it does not exist.</summary>
    public bool TryEvaluate(JsonElement root, out JsonElement value, out string? error)
    {
        var current = root;
        for (var s = 0; s < _segments.Count; s++)
        {
            var at = Render(_segments, s);
            if (_segments[s] is string name)
            {
                if (current.ValueKind != JsonValueKind.Object)
                {
                    value = default;
                    error = $"{Text} not found: {at} is {Kind(current)}, not an object";
                    return false;
                }

                if (!current.TryGetProperty(name, out var next))
                {
                    value = default;
                    error = $"{Text} not found: no property '{name}' at {at}";
                    return false;
                }

                current = next;
            }
            else
            {
                var index = (int)_segments[s];
                if (current.ValueKind != JsonValueKind.Array)
                {
                    value = default;
                    error = $"{Text} not found: {at} is {Kind(current)}, not an array";
                    return false;
                }

                var length = current.GetArrayLength();
                if (index >= length)
                {
                    value = default;
                    error = $"{Text} not found: index {index} out of range at {at} (length {length})";
                    return false;
                }

                current = current[index];
            }
        }

        value = current;
        error = null;
        return true;
    }

    internal static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "undefined",
    };

    private static string Render(IReadOnlyList<object> segments, int count)
    {
        var builder = new StringBuilder("$");
        for (var i = 0; i < count; i++)
        {
            if (segments[i] is int index)
            {
                builder.Append('[').Append(index.ToString(CultureInfo.InvariantCulture)).Append(']');
            }
            else
            {
                var name = (string)segments[i];
                if (IsPlainName(name))
                {
                    builder.Append('.').Append(name);
                }
                else
                {
                    builder.Append("['").Append(name.Replace("\\", "\\\\").Replace("'", "\\'")).Append("']");
                }
            }
        }

        return builder.ToString();
    }

    private static bool IsPlainName(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsLetterOrDigit(c) || c == '_' || c == '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static int FindClose(string text, int open, string path)
    {
        char? quote = null;
        for (var i = open + 1; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is not null)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == quote)
                {
                    quote = null;
                }
            }
            else if (c == '\'' || c == '"')
            {
                quote = c;
            }
            else if (c == ']')
            {
                return i;
            }
        }

        throw new FormatException($"invalid JSON path '{path}': unclosed '[' at {open}");
    }

    private static string Unescape(string quoted)
    {
        var builder = new StringBuilder(quoted.Length);
        for (var i = 0; i < quoted.Length; i++)
        {
            if (quoted[i] == '\\' && i + 1 < quoted.Length)
            {
                i++;
            }

            builder.Append(quoted[i]);
        }

        return builder.ToString();
    }

    private static FormatException Unsupported(string path, string what) =>
        new($"unsupported JSON path '{path}': {what}; only $.a.b, ['name'] and [n] are supported");
}
