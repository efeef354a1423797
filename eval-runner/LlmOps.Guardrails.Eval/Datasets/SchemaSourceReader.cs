using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using LlmOps.Guardrails.Core.Yaml;
using LlmOps.Guardrails.Eval.Config;
using LlmOps.Guardrails.Eval.Scoring;

namespace LlmOps.Guardrails.Eval.Datasets;

/// <summary>
/// Reads a json-schema assertion's <c>value</c> into the schema's JSON text: a schema written inline (a mapping, or
/// JSON text), <c>{ file: schemas/ticket.json }</c>, or <c>{ type: "MyApp.Ticket, MyApp" }</c> (a .NET type whose
/// schema Microsoft.Extensions.AI would send). Paths are relative to the file the assertion is in. The schema is built
/// once here, so an unusable one is reported at its line (LLME123) before any call is made.
/// </summary>
internal static class SchemaSourceReader
{
    private static readonly string[] JsonTypes = { "object", "array", "string", "number", "integer", "boolean", "null" };

    public static string? Read(NodeReader reader, YNode? node, string path, bool formats)
    {
        if (NodeReader.IsUnset(node))
        {
            return null;
        }

        return node switch
        {
            YScalar { Type: YScalarType.Text } text => Checked(reader, node!, path, text.Value, formats),
            YMapping mapping when IsFileForm(mapping) => FromFile(reader, mapping, path, formats),
            YMapping mapping when IsTypeForm(mapping) => FromType(reader, mapping, path, formats),
            YMapping mapping when BadTopLevelType(mapping) is { } bad => Refuse(reader, EvalDiagnosticCodes.InvalidValue, bad, $"'{path}.type' is '{NodeReader.Clip(bad.Value)}'. Use one of: {string.Join(", ", JsonTypes)}, or name a .NET type as \"Namespace.Type, AssemblyName\"."),
            YMapping mapping => Checked(reader, node!, path, JsonText.From(mapping), formats),
            _ => Refuse(reader, EvalDiagnosticCodes.InvalidValue, node!, $"'{path}' must be a JSON Schema mapping such as {{ type: object, required: [category] }}, {{ file: schemas/x.json }} or {{ type: \"MyApp.Ticket, MyApp\" }}, not {node!.KindName()}."),
        };
    }

    private static bool IsFileForm(YMapping mapping) =>
        mapping.Entries.Count == 1 && mapping.Entries[0].Key.Value == "file";

    /// <summary>A <c>type</c> that is no JSON type name can only be a .NET type (a schema's type is one of seven words).</summary>
    private static bool IsTypeForm(YMapping mapping) =>
        mapping.Entries.All(e => e.Key.Value is "type" or "assembly")
        && mapping.Entries.FirstOrDefault(e => e.Key.Value == "type")?.Value is YScalar { IsNull: false } type
        && !JsonTypes.Contains(type.Value) && type.Value.Contains(',');

    /// <summary>A schema type that is neither a JSON type nor a .NET type name (no comma): most likely a typo.</summary>
    private static YScalar? BadTopLevelType(YMapping mapping) =>
        mapping.Entries.FirstOrDefault(e => e.Key.Value == "type")?.Value is YScalar { IsNull: false } type && !JsonTypes.Contains(type.Value) ? type : null;

    private static string? FromFile(NodeReader reader, YMapping mapping, string path, bool formats)
    {
        var node = mapping.Entries[0].Value;
        var relative = reader.Text(node, path + ".file", required: true);
        if (relative is null)
        {
            return null;
        }

        var file = Path.GetFullPath(Path.Combine(BaseDirectory(reader), relative));
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var why = ex is FileNotFoundException or DirectoryNotFoundException ? "does not exist" : $"cannot be read ({ex.Message})";
            return Refuse(reader, EvalDiagnosticCodes.InvalidSchema, node, $"'{path}.file': the schema file {file} {why}. Fix the path (relative to this file) or create the file.");
        }

        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            return Refuse(reader, EvalDiagnosticCodes.InvalidSchema, node, $"'{path}.file': {file}({(ex.LineNumber ?? 0) + 1},{(ex.BytePositionInLine ?? 0) + 1}) is not valid JSON ({ex.Message}). Fix the schema file.");
        }

        return Checked(reader, node, $"{path}.file ({relative})", text, formats, rewrite: true);
    }

    private static string? FromType(NodeReader reader, YMapping mapping, string path, bool formats)
    {
        var typeNode = reader.Get(mapping, "type")!;
        var name = reader.Text(typeNode, path + ".type", required: true);
        var assemblyNode = reader.Get(mapping, "assembly");
        var assembly = NodeReader.IsUnset(assemblyNode) ? null : reader.Text(assemblyNode, path + ".assembly");
        if (name is null || (!NodeReader.IsUnset(assemblyNode) && assembly is null))
        {
            return null;
        }

        try
        {
            var schema = ClrTypeSchema.For(name, assembly, BaseDirectory(reader));
            return Checked(reader, typeNode, path + ".type", schema.GetRawText(), formats);
        }
        catch (FormatException ex)
        {
            return Refuse(reader, EvalDiagnosticCodes.InvalidSchema, typeNode, $"'{path}.type': {ex.Message}.");
        }
    }

    /// <summary>The schema's JSON text when it parses and builds; otherwise LLME123 (or LLME103 for text that is not JSON).</summary>
    private static string? Checked(NodeReader reader, YNode at, string path, string json, bool formats, bool rewrite = false)
    {
        JsonElement schema;
        try
        {
            // Only a file may hold comments and trailing commas; inline text is kept as written, so it must be strict JSON.
            var options = rewrite ? new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true } : default;
            using var document = JsonDocument.Parse(json, options);
            schema = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            return Refuse(reader, EvalDiagnosticCodes.InvalidValue, at, $"'{path}' is not valid JSON ({ex.Message}). Write the schema as a mapping, or as valid JSON text.");
        }

        try
        {
            _ = JsonSchemaValidator.Compile(schema, formats);
        }
        catch (FormatException ex)
        {
            return Refuse(reader, EvalDiagnosticCodes.InvalidSchema, at, $"'{path}': {ex.Message}. Fix the schema (JSON Schema 2020-12, or draft-07 with its $schema).");
        }

        // Inline schemas keep their text (and so the case fingerprints they had); a file's is written anew, without the
        // comments and trailing commas it may have, which the scorer's strict parse would refuse.
        return rewrite ? JsonSerializer.Serialize(schema) : json;
    }

    private static string? Refuse(NodeReader reader, string code, YNode at, string message)
    {
        reader.Report(code, at, message);
        return null;
    }

    private static string BaseDirectory(NodeReader reader) =>
        Path.GetDirectoryName(Path.GetFullPath(reader.File)) ?? Directory.GetCurrentDirectory();
}
