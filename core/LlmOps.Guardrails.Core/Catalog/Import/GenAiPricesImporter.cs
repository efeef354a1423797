using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using LlmOps.Guardrails.Core.Catalog.Parsing;
using LlmOps.Guardrails.Core.Pricing;

namespace LlmOps.Guardrails.Core.Catalog.Import;

/// <summary>
/// Reads Pydantic's genai-prices <c>data.json</c>: a list of providers, each with models, match rules and
/// prices per million tokens (with tiers, start-date history and daily windows). Each model becomes a
/// snapshot entry; the ids its match rules name exactly become alternate ids. genai-prices does not say
/// which ids are aliases, so kinds and lifecycle dates come from the built-in catalog when the import is
/// laid over it with <see cref="ModelCatalog.WithPricesFrom"/>.
/// </summary>
internal static class GenAiPricesImporter
{
    public static CatalogDocument Read(Stream json, string source, IEnumerable<string>? providers)
    {
        var wanted = providers is null ? null : new HashSet<string>(providers, StringComparer.OrdinalIgnoreCase);
        using var document = JsonImport.Parse(json, source);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw JsonImport.Error(source, "$", "a genai-prices data.json is a list of providers.");
        }

        var candidates = new List<Candidate>();
        var p = 0;
        foreach (var provider in document.RootElement.EnumerateArray())
        {
            var providerPath = $"$[{p++}]";
            var providerId = JsonImport.String(provider, "id") ?? throw JsonImport.Error(source, providerPath, "a provider has no 'id'.");
            if (wanted is not null && !wanted.Contains(providerId))
            {
                continue;
            }

            if (!provider.TryGetProperty("models", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                throw JsonImport.Error(source, providerPath, $"provider '{providerId}' has no 'models' list.");
            }

            var providerMatch = provider.TryGetProperty("model_match", out var rule) ? rule : default;
            var m = 0;
            foreach (var model in list.EnumerateArray())
            {
                var path = $"{providerPath}.models[{m++}]";
                var id = JsonImport.String(model, "id") ?? throw JsonImport.Error(source, path, "a model has no 'id'.");
                candidates.Add(new Candidate(model, id, OurProviderId(providerId), path, GenAiMatchRule.Matches(providerMatch, id)));
            }
        }

        var owners = AssignNames(candidates);
        var entries = new List<CatalogEntry>();
        foreach (var candidate in candidates)
        {
            if (!ReferenceEquals(owners[candidate.Id], candidate))
            {
                continue;
            }

            var alternates = ExactIds(candidate.Model)
                .Where(a => !string.Equals(a, candidate.Id, StringComparison.OrdinalIgnoreCase) && ReferenceEquals(owners[a], candidate))
                .ToArray();
            entries.Add(new CatalogEntry
            {
                Id = candidate.Id,
                At = JsonImport.Spot(source),
                Provider = candidate.Provider,
                Kind = ModelKind.Snapshot,
                DisplayName = JsonImport.String(candidate.Model, "name"),
                AlternateIds = alternates,
                AlternateIdsAt = alternates.Select(_ => JsonImport.Spot(source)).ToArray(),
                Prices = ReadPrices(candidate.Model, candidate.Provider, source, candidate.Path),
                ContextWindow = JsonImport.TokenCount(candidate.Model, "context_window"),
            });
        }

        return new CatalogDocument(source, entries, Array.Empty<DeploymentEntry>());
    }

    /// <summary>
    /// Decides which model every id and exact alternate id belongs to. The same id appears under a model's own
    /// provider and under resellers (Azure, Bedrock, OpenRouter); the provider whose provider-level match rule
    /// covers the id is its owner and wins, otherwise the first one in the file does. A reseller model whose id
    /// its owner lists as an alternate id is dropped.
    /// </summary>
    private static Dictionary<string, Candidate> AssignNames(List<Candidate> candidates)
    {
        var owners = new Dictionary<string, Candidate>(StringComparer.OrdinalIgnoreCase);
        foreach (var candidate in candidates)
        {
            if (!owners.TryGetValue(candidate.Id, out var current) || (candidate.Owner && !current.Owner))
            {
                owners[candidate.Id] = candidate;
            }
        }

        foreach (var candidate in candidates)
        {
            if (!ReferenceEquals(owners[candidate.Id], candidate))
            {
                continue;
            }

            foreach (var alternate in ExactIds(candidate.Model))
            {
                if (!owners.TryGetValue(alternate, out var current) || (candidate.Owner && !current.Owner))
                {
                    owners[alternate] = candidate;
                }
            }
        }

        return owners;
    }

    /// <summary>genai-prices' provider ids, mapped to the product's where they differ.</summary>
    private static string OurProviderId(string id) => id switch
    {
        "x-ai" => "xai",
        _ => id.ToLowerInvariant(),
    };

    // Only "equals" rules name ids exactly; prefix and pattern rules describe families and are left to lookups.
    private static IEnumerable<string> ExactIds(JsonElement model)
    {
        var found = new List<string>();
        if (model.TryGetProperty("match", out var match))
        {
            Collect(match, found);
        }

        return found.Distinct(StringComparer.OrdinalIgnoreCase);
    }

    private static void Collect(JsonElement clause, List<string> found)
    {
        if (clause.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (clause.TryGetProperty("or", out var any) && any.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in any.EnumerateArray())
            {
                Collect(item, found);
            }
        }

        if (JsonImport.String(clause, "equals") is { Length: > 0 } exact && !exact.Any(char.IsWhiteSpace))
        {
            found.Add(exact);
        }
    }

    private static IReadOnlyList<PricePeriod> ReadPrices(JsonElement model, string provider, string source, string path)
    {
        if (!model.TryGetProperty("prices", out var prices))
        {
            throw JsonImport.Error(source, path, "the model has no 'prices'.");
        }

        if (prices.ValueKind == JsonValueKind.Object)
        {
            return new[] { new PricePeriod(null, ReadPrice(prices, provider, source, path + ".prices")) };
        }

        if (prices.ValueKind != JsonValueKind.Array)
        {
            throw JsonImport.Error(source, path + ".prices", "expected an object or a list of {constraint, prices}.");
        }

        var periods = new List<PricePeriod>();
        var i = 0;
        foreach (var item in prices.EnumerateArray())
        {
            var itemPath = $"{path}.prices[{i++}]";
            if (!item.TryGetProperty("prices", out var itemPrices) || itemPrices.ValueKind != JsonValueKind.Object)
            {
                throw JsonImport.Error(source, itemPath, "a history entry has no 'prices' object.");
            }

            var price = ReadPrice(itemPrices, provider, source, itemPath + ".prices");
            periods.Add(item.TryGetProperty("constraint", out var constraint)
                ? Constrained(constraint, price, source, itemPath + ".constraint")
                : new PricePeriod(null, price));
        }

        return periods;
    }

    private static PricePeriod Constrained(JsonElement constraint, ModelPrice price, string source, string path)
    {
        if (JsonImport.String(constraint, "start_date") is { } start)
        {
            if (!DateTime.TryParseExact(start, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date))
            {
                throw JsonImport.Error(source, path + ".start_date", $"'{start}' is not a YYYY-MM-DD date.");
            }

            return new PricePeriod(new DateTimeOffset(date, TimeSpan.Zero), price);
        }

        if (JsonImport.String(constraint, "start_time") is { } from && JsonImport.String(constraint, "end_time") is { } until)
        {
            return new PricePeriod(null, price, TimeOfDay(from, source, path + ".start_time"), TimeOfDay(until, source, path + ".end_time"));
        }

        throw JsonImport.Error(source, path, "only start_date and start_time/end_time constraints are understood.");
    }

    // genai-prices writes times as "00:30:00Z"; only UTC is used in its data.
    private static TimeSpan TimeOfDay(string text, string source, string path)
    {
        var trimmed = text.EndsWith("Z", StringComparison.OrdinalIgnoreCase) ? text.Substring(0, text.Length - 1) : text;
        if (!TimeSpan.TryParseExact(trimmed, new[] { @"hh\:mm\:ss", @"hh\:mm" }, CultureInfo.InvariantCulture, out var time))
        {
            throw JsonImport.Error(source, path, $"'{text}' is not a UTC time of day such as 00:30:00Z.");
        }

        return time;
    }

    private static ModelPrice ReadPrice(JsonElement prices, string provider, string source, string path)
    {
        var input = Rate(prices, "input_mtok", source, path) ?? new TieredRate(0m);
        var cacheWrite = Rate(prices, "cache_write_mtok", source, path);
        return new ModelPrice
        {
            Input = input,
            Output = Rate(prices, "output_mtok", source, path) ?? new TieredRate(0m),
            CachedInput = Rate(prices, "cache_read_mtok", source, path),
            CacheWrite5m = cacheWrite,

            // genai-prices has one cache-write price (Anthropic's 5-minute one); Anthropic bills 1-hour writes at 2x input.
            CacheWrite1h = provider == "anthropic" && cacheWrite is not null ? Scale(input, 2m) : null,
            PerThousandRequests = JsonImport.Number(prices, "requests_kcount", source, path),
        };
    }

    private static TieredRate? Rate(JsonElement prices, string key, string source, string path)
    {
        if (!prices.TryGetProperty(key, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number)
        {
            return new TieredRate(JsonImport.Number(prices, key, source, path)!.Value);
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw JsonImport.Error(source, $"{path}.{key}", "expected a number or {base, tiers}.");
        }

        var basePrice = JsonImport.Number(value, "base", source, $"{path}.{key}") ?? throw JsonImport.Error(source, $"{path}.{key}", "a tiered price has no 'base'.");
        var tiers = new List<PriceTier>();
        if (value.TryGetProperty("tiers", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var tier in list.EnumerateArray())
            {
                var tierPath = $"{path}.{key}.tiers[{i++}]";
                var start = JsonImport.TokenCount(tier, "start") ?? throw JsonImport.Error(source, tierPath, "a tier has no positive 'start'.");
                var price = JsonImport.Number(tier, "price", source, tierPath) ?? throw JsonImport.Error(source, tierPath, "a tier has no 'price'.");
                tiers.Add(new PriceTier(start, price));
            }
        }

        return new TieredRate(basePrice, tiers.OrderBy(t => t.StartInputTokens).ToArray());
    }

    private sealed class Candidate
    {
        public Candidate(JsonElement model, string id, string provider, string path, bool owner)
        {
            Model = model;
            Id = id;
            Provider = provider;
            Path = path;
            Owner = owner;
        }

        public JsonElement Model { get; }

        public string Id { get; }

        public string Provider { get; }

        public string Path { get; }

        /// <summary>True when the provider's own match rule covers the id: the model is the provider's, not resold.</summary>
        public bool Owner { get; }
    }

    internal static TieredRate Scale(TieredRate rate, decimal factor) =>
        new(rate.BasePerMillion * factor, rate.Tiers.Select(t => new PriceTier(t.StartInputTokens, t.PerMillion * factor)).ToArray());
}
