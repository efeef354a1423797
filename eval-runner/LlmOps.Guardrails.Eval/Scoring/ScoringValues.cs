using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace LlmOps.Guardrails.Eval.Scoring;

/// <summary>Conversions of configured values and the short quoting used in reasons.</summary>
internal static class ScoringValues
{
    private const int MaxQuoted = 80;

    /// <summary>A value quoted for a reason: JSON-style escapes, long text cut with an ellipsis.</summary>
    public static string Quote(string? text)
    {
        if (text is null)
        {
            return "null";
        }

        var cut = text.Length > MaxQuoted ? text.Substring(0, MaxQuoted) + "…" : text;
        var builder = new StringBuilder(cut.Length + 2).Append('"');
        foreach (var c in cut)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default: builder.Append(c); break;
            }
        }

        return builder.Append('"').ToString();
    }

    /// <summary>Text for comparisons: line endings as \n, Unicode NFC (so composed and decomposed "é" are equal).</summary>
    public static string Normalize(string text) =>
        text.Replace("\r\n", "\n").Normalize(NormalizationForm.FormC);

    /// <summary>The output trimmed, without one surrounding markdown code fence (``` or ```json).</summary>
    public static string StripFence(string output)
    {
        var text = output.Trim();
        if (!text.StartsWith("```", StringComparison.Ordinal) || !text.EndsWith("```", StringComparison.Ordinal) || text.Length < 6)
        {
            return text;
        }

        var firstLineEnd = text.IndexOf('\n');
        if (firstLineEnd < 0)
        {
            return text;
        }

        var body = text.Substring(firstLineEnd + 1, text.Length - 3 - (firstLineEnd + 1));
        return body.Trim();
    }

    /// <summary>Parses the output (see <see cref="StripFence"/>) as JSON; null and an error when it is not JSON.</summary>
    public static JsonDocument? TryParseJson(string output, out string? error)
    {
        try
        {
            error = null;
            return JsonDocument.Parse(StripFence(output));
        }
        catch (JsonException ex)
        {
            error = ex.Message;
            return null;
        }
    }

    public static string? AsString(object? value) => value switch
    {
        null => null,
        string s => s,
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
        JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => null,
        JsonElement e => e.GetRawText(),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>A string or a list of strings; null when the value is neither.</summary>
    public static IReadOnlyList<string>? AsStringList(object? value)
    {
        switch (value)
        {
            case null:
                return null;
            case string s:
                return new[] { s };
            case JsonElement { ValueKind: JsonValueKind.Array } array:
                var fromJson = new List<string>();
                foreach (var item in array.EnumerateArray())
                {
                    if (item.ValueKind is JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Null)
                    {
                        return null;
                    }

                    fromJson.Add(AsString(item)!);
                }

                return fromJson;
            case JsonElement element:
                return element.ValueKind is JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined
                    ? null
                    : new[] { AsString(element)! };
            case IEnumerable list and not IDictionary:
                var result = new List<string>();
                foreach (var item in list)
                {
                    var text = AsString(item);
                    if (text is null || item is IEnumerable and not string)
                    {
                        return null;
                    }

                    result.Add(text);
                }

                return result;
            default:
                return new[] { AsString(value)! };
        }
    }

    public static bool TryAsDouble(object? value, out double number)
    {
        switch (value)
        {
            case double d:
                number = d;
                return !double.IsNaN(d);
            case float f:
                number = f;
                return !float.IsNaN(f);
            case decimal m:
                number = (double)m;
                return true;
            case int or long or short or byte or uint or ulong or ushort or sbyte:
                number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                return true;
            case JsonElement { ValueKind: JsonValueKind.Number } e:
                return e.TryGetDouble(out number);
            case JsonElement { ValueKind: JsonValueKind.String } e:
                return TryParseNumber(e.GetString(), out number);
            case string s:
                return TryParseNumber(s, out number);
            default:
                number = 0;
                return false;
        }
    }

    public static bool TryParseNumber(string? text, out double number) =>
        double.TryParse(text?.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out number) && !double.IsNaN(number) && !double.IsInfinity(number);

    public static string Format(double number) => number.ToString("0.############", CultureInfo.InvariantCulture);

    public static string Format(decimal number) => number.ToString("0.########", CultureInfo.InvariantCulture);

    /// <summary>
    /// A configured value as a JSON element: strings, numbers, bools, null, lists, dictionaries (any key type, as a YAML
    /// reader gives them) and JsonElement, nested.
    /// </summary>
    /// <exception cref="NotSupportedException">A value of another type.</exception>
    public static JsonElement ToJsonElement(object? value)
    {
        if (value is JsonElement element)
        {
            return element.Clone();
        }

        using var buffer = new System.IO.MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, value, 0);
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }

    private static void Write(Utf8JsonWriter writer, object? value, int depth)
    {
        if (depth > 64)
        {
            throw new NotSupportedException("the value is nested more than 64 levels deep");
        }

        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonElement e:
                e.WriteTo(writer);
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case decimal m:
                writer.WriteNumberValue(m);
                break;
            case double or float:
                var d = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if (double.IsNaN(d) || double.IsInfinity(d))
                {
                    throw new NotSupportedException($"{d} is not a JSON number");
                }

                writer.WriteNumberValue(d);
                break;
            case int or long or short or byte or sbyte or ushort or uint:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case ulong u:
                writer.WriteNumberValue(u);
                break;
            case IDictionary dictionary:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    writer.WritePropertyName(AsString(entry.Key) ?? "null");
                    Write(writer, entry.Value, depth + 1);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    Write(writer, item, depth + 1);
                }

                writer.WriteEndArray();
                break;
            default:
                throw new NotSupportedException($"a value of type {value.GetType().Name} cannot be used as JSON");
        }
    }
}
