using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LlmOps.Guardrails.Eval.Scoring;

/// <summary>
/// A small JSON Schema validator on System.Text.Json for the subset evals need: type (one or a list; "integer"
/// included), required, properties, additionalProperties (false or a schema), enum, const, items (one schema),
/// minItems/maxItems, minimum/maximum, minLength/maxLength (in code points) and pattern. Annotations ($schema, $id,
/// title, description, default, examples, format) are ignored; any other keyword is refused when the schema is
/// compiled, so a schema never silently checks less than it says. Errors carry JSON-pointer paths ("/items/0/name").
/// </summary>
public sealed class JsonSchemaSubset
{
    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal)
    {
        "$schema", "$id", "$comment", "title", "description", "default", "examples", "format", "readOnly", "writeOnly", "deprecated",
    };

    private static readonly HashSet<string> Types = new(StringComparer.Ordinal)
    {
        "object", "array", "string", "number", "integer", "boolean", "null",
    };

    private readonly Node _root;

    private JsonSchemaSubset(Node root) => _root = root;

    /// <summary>Compiles a schema.</summary>
    /// <exception cref="FormatException">The schema is malformed or uses a keyword outside the subset (the message says where).</exception>
    public static JsonSchemaSubset Compile(JsonElement schema) => new(CompileNode(schema, "#"));

    /// <summary>Validates <paramref name="instance"/>; the errors, each "pointer: problem", empty when valid.</summary>
    public IReadOnlyList<string> Validate(JsonElement instance)
    {
        var errors = new List<string>();
        Validate(_root, instance, string.Empty, errors);
        return errors;
    }

    private sealed class Node
    {
        public bool? Always { get; set; }

        public string[]? Types { get; set; }

        public string[]? Required { get; set; }

        public Dictionary<string, Node>? Properties { get; set; }

        public bool AdditionalFalse { get; set; }

        public Node? Additional { get; set; }

        public JsonElement[]? Enum { get; set; }

        public JsonElement? Const { get; set; }

        public Node? Items { get; set; }

        public int? MinItems { get; set; }

        public int? MaxItems { get; set; }

        public double? Minimum { get; set; }

        public double? Maximum { get; set; }

        public int? MinLength { get; set; }

        public int? MaxLength { get; set; }

        public Regex? Pattern { get; set; }
    }

    private static Node CompileNode(JsonElement schema, string at)
    {
        if (schema.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return new Node { Always = schema.ValueKind == JsonValueKind.True };
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"schema {at} must be an object or a boolean, not {JsonPath.Kind(schema)}");
        }

        var node = new Node();
        foreach (var keyword in schema.EnumerateObject())
        {
            var value = keyword.Value;
            var where = at + "/" + keyword.Name;
            switch (keyword.Name)
            {
                case "type":
                    var types = value.ValueKind == JsonValueKind.Array
                        ? value.EnumerateArray().Select(t => t.ValueKind == JsonValueKind.String ? t.GetString()! : string.Empty).ToArray()
                        : value.ValueKind == JsonValueKind.String ? new[] { value.GetString()! } : new[] { string.Empty };
                    var unknown = types.FirstOrDefault(t => !Types.Contains(t));
                    if (unknown is not null || types.Length == 0)
                    {
                        throw new FormatException($"schema {where}: unknown type '{unknown}' (use {string.Join(", ", Types)})");
                    }

                    node.Types = types;
                    break;
                case "required":
                    if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(r => r.ValueKind != JsonValueKind.String))
                    {
                        throw new FormatException($"schema {where} must be an array of property names");
                    }

                    node.Required = value.EnumerateArray().Select(r => r.GetString()!).ToArray();
                    break;
                case "properties":
                    if (value.ValueKind != JsonValueKind.Object)
                    {
                        throw new FormatException($"schema {where} must be an object");
                    }

                    node.Properties = new Dictionary<string, Node>(StringComparer.Ordinal);
                    foreach (var property in value.EnumerateObject())
                    {
                        node.Properties[property.Name] = CompileNode(property.Value, where + "/" + property.Name);
                    }

                    break;
                case "additionalProperties":
                    if (value.ValueKind == JsonValueKind.False)
                    {
                        node.AdditionalFalse = true;
                    }
                    else if (value.ValueKind != JsonValueKind.True)
                    {
                        node.Additional = CompileNode(value, where);
                    }

                    break;
                case "enum":
                    if (value.ValueKind != JsonValueKind.Array)
                    {
                        throw new FormatException($"schema {where} must be an array");
                    }

                    node.Enum = value.EnumerateArray().Select(e => e.Clone()).ToArray();
                    break;
                case "const":
                    node.Const = value.Clone();
                    break;
                case "items":
                    node.Items = CompileNode(value, where);
                    break;
                case "minItems":
                    node.MinItems = Count(value, where);
                    break;
                case "maxItems":
                    node.MaxItems = Count(value, where);
                    break;
                case "minLength":
                    node.MinLength = Count(value, where);
                    break;
                case "maxLength":
                    node.MaxLength = Count(value, where);
                    break;
                case "minimum":
                    node.Minimum = Number(value, where);
                    break;
                case "maximum":
                    node.Maximum = Number(value, where);
                    break;
                case "pattern":
                    if (value.ValueKind != JsonValueKind.String)
                    {
                        throw new FormatException($"schema {where} must be a string");
                    }

                    try
                    {
                        node.Pattern = new Regex(value.GetString()!, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                    }
                    catch (ArgumentException ex)
                    {
                        throw new FormatException($"schema {where}: invalid pattern: {ex.Message}");
                    }

                    break;
                default:
                    if (!Ignored.Contains(keyword.Name))
                    {
                        throw new FormatException(
                            $"schema {where}: keyword '{keyword.Name}' is not supported (supported: type, required, properties, additionalProperties, enum, const, items, minItems, maxItems, minimum, maximum, minLength, maxLength, pattern)");
                    }

                    break;
            }
        }

        return node;
    }

    private static int Count(JsonElement value, string where) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n >= 0
            ? n
            : throw new FormatException($"schema {where} must be a non-negative integer");

    private static double Number(JsonElement value, string where) =>
        value.ValueKind == JsonValueKind.Number ? value.GetDouble() : throw new FormatException($"schema {where} must be a number");

    private static void Validate(Node node, JsonElement value, string pointer, List<string> errors)
    {
        var at = pointer.Length == 0 ? "/" : pointer;
        if (node.Always is { } always)
        {
            if (!always)
            {
                errors.Add($"{at}: not allowed here");
            }

            return;
        }

        if (node.Types is { } types && !types.Any(t => IsType(value, t)))
        {
            errors.Add($"{at}: expected {string.Join(" or ", types)}, got {TypeName(value)}");
            return;
        }

        if (node.Enum is { } options && !options.Any(o => JsonEquals(o, value)))
        {
            errors.Add($"{at}: {Short(value)} is not one of [{string.Join(", ", options.Select(Short))}]");
        }

        if (node.Const is { } constant && !JsonEquals(constant, value))
        {
            errors.Add($"{at}: expected {Short(constant)}, got {Short(value)}");
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                if (node.Required is { } required)
                {
                    foreach (var name in required)
                    {
                        if (!value.TryGetProperty(name, out _))
                        {
                            errors.Add($"{at}: missing required property '{name}'");
                        }
                    }
                }

                foreach (var property in value.EnumerateObject())
                {
                    var child = pointer + "/" + Escape(property.Name);
                    if (node.Properties is not null && node.Properties.TryGetValue(property.Name, out var propertySchema))
                    {
                        Validate(propertySchema, property.Value, child, errors);
                    }
                    else if (node.AdditionalFalse)
                    {
                        errors.Add($"{child}: property '{property.Name}' is not allowed (additionalProperties: false)");
                    }
                    else if (node.Additional is { } additional)
                    {
                        Validate(additional, property.Value, child, errors);
                    }
                }

                break;
            case JsonValueKind.Array:
                var length = value.GetArrayLength();
                if (node.MinItems is { } minItems && length < minItems)
                {
                    errors.Add($"{at}: {length} items, at least {minItems} required");
                }

                if (node.MaxItems is { } maxItems && length > maxItems)
                {
                    errors.Add($"{at}: {length} items, at most {maxItems} allowed");
                }

                if (node.Items is { } items)
                {
                    var index = 0;
                    foreach (var item in value.EnumerateArray())
                    {
                        Validate(items, item, pointer + "/" + index.ToString(CultureInfo.InvariantCulture), errors);
                        index++;
                    }
                }

                break;
            case JsonValueKind.Number:
                var number = value.GetDouble();
                if (node.Minimum is { } minimum && number < minimum)
                {
                    errors.Add($"{at}: {value.GetRawText()} is less than the minimum {ScoringValues.Format(minimum)}");
                }

                if (node.Maximum is { } maximum && number > maximum)
                {
                    errors.Add($"{at}: {value.GetRawText()} is greater than the maximum {ScoringValues.Format(maximum)}");
                }

                break;
            case JsonValueKind.String:
                var text = value.GetString()!;
                var codePoints = CodePoints(text);
                if (node.MinLength is { } minLength && codePoints < minLength)
                {
                    errors.Add($"{at}: length {codePoints}, at least {minLength} required");
                }

                if (node.MaxLength is { } maxLength && codePoints > maxLength)
                {
                    errors.Add($"{at}: length {codePoints}, at most {maxLength} allowed");
                }

                if (node.Pattern is { } pattern && !pattern.IsMatch(text))
                {
                    errors.Add($"{at}: {Short(value)} does not match /{pattern}/");
                }

                break;
        }
    }

    private static int CodePoints(string text)
    {
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }

            count++;
        }

        return count;
    }

    private static bool IsType(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && IsInteger(value),
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => false,
    };

    private static bool IsInteger(JsonElement value) =>
        value.TryGetInt64(out _) || (value.TryGetDouble(out var d) && Math.Floor(d) == d && !double.IsInfinity(d));

    private static string TypeName(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => IsInteger(value) ? "integer" : "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string Short(JsonElement value)
    {
        var raw = value.ValueKind == JsonValueKind.String ? ScoringValues.Quote(value.GetString()) : value.GetRawText();
        return raw.Length > 60 ? raw.Substring(0, 60) + "…" : raw;
    }

    private static string Escape(string name) => name.Replace("~", "~0").Replace("/", "~1");

    /// <summary>Structural JSON equality: numbers by value, objects ignoring property order.</summary>
    internal static bool JsonEquals(JsonElement a, JsonElement b, double tolerance = 0)
    {
        if (a.ValueKind == JsonValueKind.Number && b.ValueKind == JsonValueKind.Number)
        {
            if (a.TryGetDecimal(out var da) && b.TryGetDecimal(out var db) && tolerance == 0)
            {
                return da == db;
            }

            return Math.Abs(a.GetDouble() - b.GetDouble()) <= tolerance;
        }

        if (a.ValueKind != b.ValueKind)
        {
            return false;
        }

        switch (a.ValueKind)
        {
            case JsonValueKind.String:
                return string.Equals(a.GetString(), b.GetString(), StringComparison.Ordinal);
            case JsonValueKind.Array:
                if (a.GetArrayLength() != b.GetArrayLength())
                {
                    return false;
                }

                using (var ea = a.EnumerateArray().GetEnumerator())
                using (var eb = b.EnumerateArray().GetEnumerator())
                {
                    while (ea.MoveNext() && eb.MoveNext())
                    {
                        if (!JsonEquals(ea.Current, eb.Current, tolerance))
                        {
                            return false;
                        }
                    }
                }

                return true;
            case JsonValueKind.Object:
                var left = a.EnumerateObject().ToList();
                var right = b.EnumerateObject().ToList();
                if (left.Count != right.Count)
                {
                    return false;
                }

                foreach (var property in left)
                {
                    if (!b.TryGetProperty(property.Name, out var other) || !JsonEquals(property.Value, other, tolerance))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return true;
        }
    }
}
