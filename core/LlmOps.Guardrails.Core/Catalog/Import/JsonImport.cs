using System;
using System.Globalization;
using System.IO;
using System.Text.Json;
using LlmOps.Guardrails.Core.Catalog.Parsing;

namespace LlmOps.Guardrails.Core.Catalog.Import;

/// <summary>Shared plumbing for the JSON price-file importers: parsing, typed reads, and errors that name the JSON path.</summary>
internal static class JsonImport
{
    public static JsonDocument Parse(Stream json, string source)
    {
        if (json is null)
        {
            throw new ArgumentNullException(nameof(json));
        }

        try
        {
            return JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            var line = (int)(ex.LineNumber ?? 0) + 1;
            var column = (int)(ex.BytePositionInLine ?? 0) + 1;
            throw new CatalogException(CatalogErrorCodes.MalformedImport, source, line, column, $"The price file is not valid JSON: {ex.Message}", ex);
        }
    }

    /// <summary>An error about the content of an import; JSON positions are not kept, so the message names the JSON path.</summary>
    public static CatalogException Error(string source, string path, string detail) =>
        new(CatalogErrorCodes.MalformedImport, source, 1, 1, $"{path}: {detail}");

    public static string? String(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>
    /// A JSON number as an exact decimal, read from its text so that 2.5e-06 and 0.0000025 agree and no
    /// binary rounding creeps in.
    /// </summary>
    public static decimal? Number(JsonElement element, string property, string source, string path)
    {
        if (!element.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !decimal.TryParse(value.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            throw Error(source, $"{path}.{property}", $"expected a number, found {value.ValueKind}.");
        }

        if (number < 0)
        {
            throw Error(source, $"{path}.{property}", $"the price {number.ToString(CultureInfo.InvariantCulture)} is negative.");
        }

        return number;
    }

    public static int? TokenCount(JsonElement element, string property)
    {
        if (element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var count) && count > 0)
        {
            return count > int.MaxValue ? int.MaxValue : (int)count;
        }

        return null;
    }

    public static SourceSpot Spot(string source) => new(source, 1, 1);
}
