using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LlmOps.Guardrails.Core.Prompts.Imports;

/// <summary>Small, forgiving accessors over YamlDotNet's representation model.</summary>
internal static class YamlAccess
{
    public static bool IsNull(YamlNode? node) =>
        node is null
        || (node is YamlScalarNode scalar
            && scalar.Style is ScalarStyle.Plain or ScalarStyle.Any
            && (scalar.Value is null || scalar.Value.Length == 0 || scalar.Value is "~" or "null" or "Null" or "NULL"));

    public static IEnumerable<KeyValuePair<YamlScalarNode, YamlNode>> Entries(YamlMappingNode mapping)
    {
        foreach (var entry in mapping.Children)
        {
            if (entry.Key is YamlScalarNode key && key.Value is not null)
            {
                yield return new KeyValuePair<YamlScalarNode, YamlNode>(key, entry.Value);
            }
        }
    }

    public static YamlNode? Get(YamlMappingNode? mapping, string key) => Find(mapping, key)?.Value;

    public static KeyValuePair<YamlScalarNode, YamlNode>? Find(YamlMappingNode? mapping, string key)
    {
        if (mapping is null)
        {
            return null;
        }

        foreach (var entry in Entries(mapping))
        {
            if (string.Equals(entry.Key.Value, key, StringComparison.Ordinal))
            {
                return entry;
            }
        }

        return null;
    }

    /// <summary>The text of a non-null scalar; null for anything else.</summary>
    public static string? Text(YamlNode? node) => node is YamlScalarNode scalar && !IsNull(scalar) ? scalar.Value : null;

    /// <summary>
    /// Longest JSON text made from a list or mapping sample. Prompt files are at most 1 MB, so only alias expansion
    /// ("billion laughs") goes past it; the text is cut there instead of growing without bound.
    /// </summary>
    public const int MaxJsonSampleChars = 1024 * 1024;

    /// <summary>A value as text: a scalar as written, a list or mapping as compact JSON (for sample values).</summary>
    public static string ToText(YamlNode? node)
    {
        if (node is null || IsNull(node))
        {
            return string.Empty;
        }

        if (node is YamlScalarNode scalar)
        {
            return scalar.Value ?? string.Empty;
        }

        var builder = new StringBuilder();
        WriteJson(node, builder);
        return builder.Length > MaxJsonSampleChars ? builder.ToString(0, MaxJsonSampleChars) : builder.ToString();
    }

    /// <summary>Most nodes a structured sample may expand to (alias expansion is the only way past a 1 MB file's size).</summary>
    public const int MaxValueNodes = 100_000;

    /// <summary>
    /// A sample as a template value: a mapping as an ordered dictionary, a list as a list, a plain scalar as a boolean or
    /// number when it reads as one, else text. Null for a null node. Templates read properties and loop over these.
    /// </summary>
    public static object? ToValue(YamlNode? node)
    {
        var budget = MaxValueNodes;
        return ToValue(node, ref budget);
    }

    private static object? ToValue(YamlNode? node, ref int budget)
    {
        if (node is null || IsNull(node) || --budget < 0)
        {
            return null;
        }

        switch (node)
        {
            case YamlMappingNode mapping:
                var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var entry in mapping.Children)
                {
                    var key = entry.Key is YamlScalarNode k ? k.Value ?? string.Empty : ToText(entry.Key);
                    map[key] = ToValue(entry.Value, ref budget);
                }

                return map;
            case YamlSequenceNode sequence:
                var list = new List<object?>(sequence.Children.Count);
                foreach (var item in sequence.Children)
                {
                    list.Add(ToValue(item, ref budget));
                }

                return list;
            case YamlScalarNode scalar:
                var text = scalar.Value ?? string.Empty;
                if (scalar.Style is ScalarStyle.Plain or ScalarStyle.Any)
                {
                    if (text is "true" or "True" or "TRUE")
                    {
                        return true;
                    }

                    if (text is "false" or "False" or "FALSE")
                    {
                        return false;
                    }

                    if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
                    {
                        return whole;
                    }

                    // decimal keeps the digits as written ("1.0" renders as 1.0), as YAML loaders hand floats to Jinja2.
                    if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var exact))
                    {
                        return exact;
                    }

                    if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && !double.IsInfinity(number))
                    {
                        return number;
                    }
                }

                return text;
            default:
                return null;
        }
    }

    private static void WriteJson(YamlNode node, StringBuilder builder)
    {
        if (builder.Length > MaxJsonSampleChars)
        {
            return;
        }

        switch (node)
        {
            case YamlMappingNode mapping:
                builder.Append('{');
                var first = true;
                foreach (var entry in mapping.Children)
                {
                    if (!first)
                    {
                        builder.Append(',');
                    }

                    first = false;
                    WriteString(entry.Key is YamlScalarNode k ? k.Value ?? string.Empty : ToText(entry.Key), builder);
                    builder.Append(':');
                    WriteJson(entry.Value, builder);
                }

                builder.Append('}');
                break;
            case YamlSequenceNode sequence:
                builder.Append('[');
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    WriteJson(sequence.Children[i], builder);
                }

                builder.Append(']');
                break;
            case YamlScalarNode scalar:
                if (IsNull(scalar))
                {
                    builder.Append("null");
                }
                else if (scalar.Style is ScalarStyle.Plain
                         && (scalar.Value is "true" or "false"
                             || double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
                {
                    builder.Append(scalar.Value);
                }
                else
                {
                    WriteString(scalar.Value ?? string.Empty, builder);
                }

                break;
            default:
                builder.Append("null");
                break;
        }
    }

    private static void WriteString(string value, StringBuilder builder)
    {
        builder.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (c < ' ')
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
    }

    public static double? ReadNumber(YamlNode node, ImportContext context, string field)
    {
        if (IsNull(node))
        {
            return null;
        }

        if (node is YamlScalarNode scalar
            && double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && !double.IsNaN(value) && !double.IsInfinity(value))
        {
            return value;
        }

        context.Error(PromptDiagnosticCodes.InvalidValue, $"'{field}' must be a number, not {Describe(node)}.", node);
        return null;
    }

    public static long? ReadInteger(YamlNode node, ImportContext context, string field)
    {
        if (IsNull(node))
        {
            return null;
        }

        if (node is YamlScalarNode scalar
            && long.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        context.Error(PromptDiagnosticCodes.InvalidValue, $"'{field}' must be a whole number, not {Describe(node)}.", node);
        return null;
    }

    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode scalar when IsNull(scalar) => "an empty value",
        YamlScalarNode scalar => $"'{scalar.Value}'",
        _ => "this value",
    };
}
