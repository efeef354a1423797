using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using LlmOps.Guardrails.Core.Catalog.Parsing;
using LlmOps.Guardrails.Core.Pricing;

namespace LlmOps.Guardrails.Core.Catalog.Import;

/// <summary>
/// Reads LiteLLM's <c>model_prices_and_context_window.json</c>: an object keyed by model name whose values
/// give USD per token (<c>input_cost_per_token</c>, <c>output_cost_per_token</c>, <c>cache_read_input_token_cost</c>,
/// <c>cache_creation_input_token_cost</c>, <c>*_above_200k_tokens</c> tiers), limits and <c>litellm_provider</c>.
/// Only <c>mode: chat</c> entries are read; per-token prices become per-million.
/// </summary>
internal static class LiteLlmImporter
{
    private const decimal Million = 1_000_000m;

    // Per-token prices in the file are often binary floats printed in full (3.0000000000000004e-07);
    // ten decimal places per million tokens keeps every real price and drops that noise.
    private const int Decimals = 10;

    private const string AbovePrefix = "_above_";
    private const string AboveSuffix = "k_tokens";

    public static CatalogDocument Read(Stream json, string source)
    {
        using var document = JsonImport.Parse(json, source);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw JsonImport.Error(source, "$", "a LiteLLM price file is an object keyed by model name.");
        }

        var entries = new List<CatalogEntry>();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            var path = $"$['{property.Name}']";
            var value = property.Value;

            // "sample_spec" documents the format; non-chat modes (embedding, image, audio) are not chat models.
            if (property.Name == "sample_spec" || value.ValueKind != JsonValueKind.Object || JsonImport.String(value, "mode") != "chat")
            {
                continue;
            }

            var input = PerMillion(value, "input_cost_per_token", source, path);
            var output = PerMillion(value, "output_cost_per_token", source, path);
            if (input is null || output is null || property.Name.Any(char.IsWhiteSpace))
            {
                continue;
            }

            entries.Add(new CatalogEntry
            {
                Id = property.Name,
                At = JsonImport.Spot(source),
                Provider = Provider(JsonImport.String(value, "litellm_provider")),
                Kind = ModelKind.Snapshot,
                Prices = new[] { new PricePeriod(null, Price(value, input.Value, output.Value, source, path)) },
                ContextWindow = JsonImport.TokenCount(value, "max_input_tokens"),
                MaxOutputTokens = JsonImport.TokenCount(value, "max_output_tokens"),
                Retires = Date(JsonImport.String(value, "deprecation_date")),
            });
        }

        return new CatalogDocument(source, entries, Array.Empty<DeploymentEntry>());
    }

    private static ModelPrice Price(JsonElement value, decimal input, decimal output, string source, string path) => new()
    {
        Input = Tiered(value, "input_cost_per_token", input, source, path),
        Output = Tiered(value, "output_cost_per_token", output, source, path),
        CachedInput = Optional(value, "cache_read_input_token_cost", source, path),
        CacheWrite5m = Optional(value, "cache_creation_input_token_cost", source, path),
        CacheWrite1h = PerMillion(value, "cache_creation_input_token_cost_above_1hr", source, path) is { } hour ? new TieredRate(hour) : null,
    };

    private static TieredRate? Optional(JsonElement value, string key, string source, string path) =>
        PerMillion(value, key, source, path) is { } price ? Tiered(value, key, price, source, path) : null;

    // LiteLLM writes long-context prices as sibling keys: input_cost_per_token_above_200k_tokens and the like.
    private static TieredRate Tiered(JsonElement value, string key, decimal basePrice, string source, string path)
    {
        var tiers = new List<PriceTier>();
        var prefix = key + AbovePrefix;
        foreach (var property in value.EnumerateObject())
        {
            if (property.Name.StartsWith(prefix, StringComparison.Ordinal)
                && property.Name.EndsWith(AboveSuffix, StringComparison.Ordinal)
                && int.TryParse(property.Name.Substring(prefix.Length, property.Name.Length - prefix.Length - AboveSuffix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var thousands)
                && PerMillion(value, property.Name, source, path) is { } price)
            {
                tiers.Add(new PriceTier(thousands * 1000L, price));
            }
        }

        return new TieredRate(basePrice, tiers.OrderBy(t => t.StartInputTokens).ToArray());
    }

    private static decimal? PerMillion(JsonElement value, string key, string source, string path) =>
        JsonImport.Number(value, key, source, path) is { } perToken ? Math.Round(perToken * Million, Decimals) : null;

    private static DateTime? Date(string? text) =>
        text is not null && DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date)
            ? DateTime.SpecifyKind(date, DateTimeKind.Utc)
            : null;

    /// <summary>LiteLLM's provider names, mapped to the product's where they mean the same provider.</summary>
    private static string Provider(string? litellm)
    {
        switch (litellm)
        {
            case null or "":
                return "unknown";
            case "gemini" or "vertex_ai-language-models":
                return "google";
            case "text-completion-openai":
                return "openai";
            default:
                var name = new StringBuilder(litellm.Length);
                foreach (var c in litellm.ToLowerInvariant())
                {
                    name.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' ? c : '-');
                }

                return name.ToString();
        }
    }
}
