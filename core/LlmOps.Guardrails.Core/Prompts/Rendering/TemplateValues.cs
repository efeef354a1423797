using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace LlmOps.Guardrails.Core.Prompts.Rendering;

/// <summary>
/// Values handed to a template: text, numbers, booleans, lists (<see cref="IList{T}"/> of values) and objects
/// (<see cref="IDictionary{TKey, TValue}"/> from name to value), as samples and dataset cases hold them.
/// </summary>
public static class TemplateValues
{
    /// <summary>A value as text the way Semantic Kernel and the native placeholders insert it: objects and lists as JSON.</summary>
    public static string ToText(object? value) => value switch
    {
        null => string.Empty,
        string text => text,
        bool flag => flag ? "true" : "false",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        JsonElement element => element.ValueKind == JsonValueKind.String ? element.GetString() ?? string.Empty : element.GetRawText(),
        _ => ToJson(value),
    };

    /// <summary>A JSON value as a template value (objects become dictionaries, arrays lists).</summary>
    public static object? FromJson(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    map[property.Name] = FromJson(property.Value);
                }

                return map;
            case JsonValueKind.Array:
                var list = new List<object?>();
                foreach (var item in element.EnumerateArray())
                {
                    list.Add(FromJson(item));
                }

                return list;
            case JsonValueKind.String:
                return element.GetString();
            case JsonValueKind.Number:
                return element.TryGetInt64(out var whole) ? whole : element.GetDouble();
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            default:
                return null;
        }
    }

    private static string ToJson(object value)
    {
        var builder = new StringBuilder();
        Write(builder, value);
        return builder.ToString();
    }

    private static void Write(StringBuilder builder, object? value)
    {
        switch (value)
        {
            case null:
                builder.Append("null");
                break;
            case string text:
                builder.Append(JsonSerializer.Serialize(text));
                break;
            case bool flag:
                builder.Append(flag ? "true" : "false");
                break;
            case IFormattable number:
                builder.Append(number.ToString(null, CultureInfo.InvariantCulture));
                break;
            case IDictionary<string, object?> map:
                builder.Append('{');
                var first = true;
                foreach (var pair in map)
                {
                    builder.Append(first ? string.Empty : ",").Append(JsonSerializer.Serialize(pair.Key)).Append(':');
                    Write(builder, pair.Value);
                    first = false;
                }

                builder.Append('}');
                break;
            case IEnumerable items:
                builder.Append('[');
                var start = true;
                foreach (var item in items)
                {
                    builder.Append(start ? string.Empty : ",");
                    Write(builder, item);
                    start = false;
                }

                builder.Append(']');
                break;
            default:
                builder.Append(JsonSerializer.Serialize(value.ToString()));
                break;
        }
    }
}
