using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Json.Schema;

namespace LlmOps.Guardrails.Eval.Scoring;

/// <summary>
/// A compiled JSON Schema (draft 2020-12 by default, draft-07 when its <c>$schema</c> says so) evaluated by
/// JsonSchema.Net. Errors name the failing value by JSON pointer and the failing keyword, e.g.
/// <c>/items/2/priority: enum: "urgent" is not one of low, normal, high</c>.
/// </summary>
internal sealed class JsonSchemaValidator
{
    /// <summary>The keywords whose subschemas may be <c>false</c>, to name the one that refused a value.</summary>
    private static readonly HashSet<string> FalseSchemaParents = new(StringComparer.Ordinal)
    {
        "additionalProperties", "unevaluatedProperties", "properties", "patternProperties", "items", "prefixItems", "additionalItems",
        "unevaluatedItems", "contains", "propertyNames", "dependentSchemas", "not", "then", "else", "allOf", "anyOf", "oneOf", "$ref",
    };

    private readonly JsonSchema _schema;
    private readonly JsonElement _document;
    private readonly EvaluationOptions _options;

    private JsonSchemaValidator(JsonSchema schema, JsonElement document, bool formats)
    {
        _schema = schema;
        _document = document;
        // Format is an annotation unless asked for (2020-12 §7.2.1): only `formats: true` turns it into an assertion.
        _options = new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = formats };
    }

    /// <summary>Builds the schema; a schema the library refuses (bad keyword values, a <c>$ref</c> to nowhere,
    /// an unknown <c>$schema</c>) is a <see cref="FormatException"/> that says why.</summary>
    public static JsonSchemaValidator Compile(JsonElement schema, bool formats)
    {
        if (schema.ValueKind is not (JsonValueKind.Object or JsonValueKind.True or JsonValueKind.False))
        {
            throw new FormatException($"the schema must be an object or a boolean, not {JsonPath.Kind(schema)}");
        }

        // A registry of its own per schema: two assertions may declare the same $id with different content.
        CheckLocalRefs(schema, schema);
        var options = new BuildOptions { Dialect = Dialect.Draft202012, SchemaRegistry = new SchemaRegistry() };
        try
        {
            return new JsonSchemaValidator(JsonSchema.Build(schema, options), schema.Clone(), formats);
        }
        catch (Exception ex) when (ex is JsonSchemaException or RefResolutionException or JsonException or ArgumentException or InvalidOperationException or NotSupportedException)
        {
            throw new FormatException($"the schema is not usable: {ex.Message}", ex);
        }
    }

    /// <summary>A local <c>$ref</c> ("#/$defs/x") that points nowhere would only fail when an output reaches it.</summary>
    private static void CheckLocalRefs(JsonElement root, JsonElement node)
    {
        if (node.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in node.EnumerateObject())
            {
                if (property.Name == "$ref" && property.Value.ValueKind == JsonValueKind.String
                    && property.Value.GetString() is { } target && target.StartsWith("#/", StringComparison.Ordinal)
                    && Resolve(root, Uri.UnescapeDataString(target.Substring(1))) is null)
                {
                    throw new FormatException($"$ref '{target}' points to nothing in the schema; define it (e.g. under $defs) or fix the pointer");
                }

                CheckLocalRefs(root, property.Value);
            }
        }
        else if (node.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in node.EnumerateArray())
            {
                CheckLocalRefs(root, item);
            }
        }
    }

    /// <summary>The violations of <paramref name="instance"/>, most specific first; empty when it is valid.</summary>
    public IReadOnlyList<string> Validate(JsonElement instance)
    {
        EvaluationResults results;
        try
        {
            results = _schema.Evaluate(instance, _options);
        }
        catch (RefResolutionException ex)
        {
            // A $ref that resolves only at evaluation time (e.g. to an external document, which is never fetched).
            return new[] { $"/: $ref: {ex.Message}" };
        }

        if (results.IsValid)
        {
            return Array.Empty<string>();
        }

        var errors = new List<string>();
        foreach (var node in Flatten(results).Where(n => n.Errors is { Count: > 0 }))
        {
            var at = node.InstanceLocation.ToString();
            at = at.Length == 0 ? "/" : at;
            foreach (var (keyword, message) in node.Errors!)
            {
                errors.Add($"{at}: {Describe(node, keyword, message, instance)}");
            }
        }

        // Deeper instance locations first: "/items/2/priority: enum" says more than the anyOf that wraps it.
        return errors.Count > 0
            ? errors.Distinct(StringComparer.Ordinal).OrderByDescending(e => e.Split(':')[0].Count(c => c == '/')).ToList()
            : new[] { "/: the value does not match the schema" };
    }

    private static IEnumerable<EvaluationResults> Flatten(EvaluationResults node)
    {
        yield return node;
        foreach (var child in node.Details ?? Enumerable.Empty<EvaluationResults>())
        {
            foreach (var descendant in Flatten(child))
            {
                yield return descendant;
            }
        }
    }

    /// <summary>The keyword and a message in our words where the value and the schema make it clearer than the library's.</summary>
    private string Describe(EvaluationResults node, string keyword, string message, JsonElement instance)
    {
        var value = Resolve(instance, node.InstanceLocation.ToString());
        if (keyword == "enum" && value is { } actual && SchemaKeyword(node, "enum") is { ValueKind: JsonValueKind.Array } options
            && !options.EnumerateArray().Any(o => JsonValueEquality.JsonEquals(o, actual)))
        {
            return $"enum: {Short(actual)} is not one of {string.Join(", ", options.EnumerateArray().Select(Plain))}";
        }

        if (keyword == "const" && value is { } got && SchemaKeyword(node, "const") is { } expected)
        {
            return $"const: expected {Short(expected)}, got {Short(got)}";
        }

        if (keyword.Length == 0)
        {
            // A false subschema: name the keyword that led to it (additionalProperties, items, ...).
            var parent = node.EvaluationPath.ToString().Split('/').LastOrDefault(FalseSchemaParents.Contains) ?? "false";
            var segments = node.InstanceLocation.ToString().Split('/');
            var last = segments.Length > 1 ? segments[segments.Length - 1].Replace("~1", "/").Replace("~0", "~") : string.Empty;
            return parent == "additionalProperties" ? $"additionalProperties: property '{last}' is not allowed" : $"{parent}: no value is allowed here";
        }

        return $"{keyword}: {message}";
    }

    /// <summary>The keyword's value in the schema document at the node's schema location (a local pointer fragment).</summary>
    private JsonElement? SchemaKeyword(EvaluationResults node, string keyword)
    {
        var fragment = node.SchemaLocation?.Fragment;
        var pointer = string.IsNullOrEmpty(fragment) ? string.Empty : Uri.UnescapeDataString(fragment!.TrimStart('#'));
        // Tolerant: JsonSchema.Net 8.0.5 puts an extra segment after "items" in schema locations
        // ("#/properties/lines/items/lines/properties/priority"); a segment the schema does not have is skipped.
        return Resolve(_document, pointer, skipUnknown: true) is { ValueKind: JsonValueKind.Object } schema && schema.TryGetProperty(keyword, out var found)
            ? found
            : null;
    }

    private static JsonElement? Resolve(JsonElement root, string pointer, bool skipUnknown = false)
    {
        var current = root;
        foreach (var raw in pointer.Split('/').Skip(1))
        {
            var token = raw.Replace("~1", "/").Replace("~0", "~");
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(token, out var child))
            {
                current = child;
            }
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(token, out var index) && index >= 0 && index < current.GetArrayLength())
            {
                current = current[index];
            }
            else if (!skipUnknown)
            {
                return null;
            }
        }

        return current;
    }

    private static string Plain(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : Short(value);

    private static string Short(JsonElement value)
    {
        var text = value.GetRawText();
        return text.Length <= 60 ? text : text.Substring(0, 57) + "...";
    }
}
