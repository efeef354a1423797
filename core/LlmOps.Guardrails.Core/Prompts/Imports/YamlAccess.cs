using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using LlmOps.Guardrails.Core.Yaml;

namespace LlmOps.Guardrails.Core.Prompts.Imports;

/// <summary>Small, forgiving accessors over the YAML tree, for the import readers.</summary>
internal static class YamlAccess
{
    public static bool IsNull(YNode? node) => node is null or YScalar { IsNull: true };

    public static IEnumerable<KeyValuePair<YScalar, YNode>> Entries(YMapping mapping)
    {
        foreach (var entry in mapping.Entries)
        {
            yield return new KeyValuePair<YScalar, YNode>(entry.Key, entry.Value);
        }
    }

    public static YNode? Get(YMapping? mapping, string key) => Find(mapping, key)?.Value;

    public static KeyValuePair<YScalar, YNode>? Find(YMapping? mapping, string key)
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
    public static string? Text(YNode? node) => node is YScalar scalar && !IsNull(scalar) ? scalar.Value : null;

    /// <summary>
    /// Longest JSON text made from a list or mapping sample. Prompt files are at most 1 MB, so only alias expansion
    /// ("billion laughs") goes past it; the text is cut there instead of growing without bound.
    /// </summary>
    public const int MaxJsonSampleChars = 1024 * 1024;

    /// <summary>A value as text: a scalar as written, a list or mapping as compact JSON (for sample values).</summary>
    public static string ToText(YNode? node)
    {
        if (node is null || IsNull(node))
        {
            return string.Empty;
        }

        if (node is YScalar scalar)
        {
            return scalar.Value;
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
    public static object? ToValue(YNode? node)
    {
        var budget = MaxValueNodes;
        return ToValue(node, ref budget);
    }

    private static object? ToValue(YNode? node, ref int budget)
    {
        if (node is null || IsNull(node) || --budget < 0)
        {
            return null;
        }

        switch (node)
        {
            case YMapping mapping:
                var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var entry in mapping.Entries)
                {
                    map[entry.Name] = ToValue(entry.Value, ref budget);
                }

                return map;
            case YSequence sequence:
                var list = new List<object?>(sequence.Items.Count);
                foreach (var item in sequence.Items)
                {
                    list.Add(ToValue(item, ref budget));
                }

                return list;
            case YScalar scalar:
                var text = scalar.Value;
                if (scalar.Plain)
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

    private static void WriteJson(YNode node, StringBuilder builder)
    {
        if (builder.Length > MaxJsonSampleChars)
        {
            return;
        }

        switch (node)
        {
            case YMapping mapping:
                builder.Append('{');
                var first = true;
                foreach (var entry in mapping.Entries)
                {
                    if (!first)
                    {
                        builder.Append(',');
                    }

                    first = false;
                    WriteString(entry.Key.Value, builder);
                    builder.Append(':');
                    WriteJson(entry.Value, builder);
                }

                builder.Append('}');
                break;
            case YSequence sequence:
                builder.Append('[');
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    WriteJson(sequence.Items[i], builder);
                }

                builder.Append(']');
                break;
            case YScalar scalar:
                if (IsNull(scalar))
                {
                    builder.Append("null");
                }
                else if (scalar.Plain
                         && (scalar.Value is "true" or "false"
                             || double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
                {
                    builder.Append(scalar.Value);
                }
                else
                {
                    WriteString(scalar.Value, builder);
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

    public static double? ReadNumber(YNode node, ImportContext context, string field)
    {
        if (IsNull(node))
        {
            return null;
        }

        if (node is YScalar scalar
            && double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && !double.IsNaN(value) && !double.IsInfinity(value))
        {
            return value;
        }

        context.Error(PromptDiagnosticCodes.InvalidValue, $"'{field}' must be a number, not {Describe(node)}.", node);
        return null;
    }

    public static long? ReadInteger(YNode node, ImportContext context, string field)
    {
        if (IsNull(node))
        {
            return null;
        }

        if (node is YScalar scalar
            && long.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        context.Error(PromptDiagnosticCodes.InvalidValue, $"'{field}' must be a whole number, not {Describe(node)}.", node);
        return null;
    }

    public static string Describe(YNode node) => node switch
    {
        YMapping => "a mapping",
        YSequence => "a list",
        YScalar scalar when IsNull(scalar) => "an empty value",
        YScalar scalar => $"'{scalar.Value}'",
        _ => "this value",
    };
}
