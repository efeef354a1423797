using System;
using System.Collections.Generic;
using LlmOps.Guardrails.Core.Pricing;
using LlmOps.Guardrails.Core.Yaml;

namespace LlmOps.Guardrails.Core.Catalog.Parsing;

/// <summary>
/// Reads a <c>prices</c> (or <c>fine_tuned_prices</c>) block: one price, or a history of prices with start
/// dates and daily windows. All amounts are USD per million tokens, except <c>per_1k_requests</c>.
/// </summary>
internal static class PriceBlockReader
{
    private static readonly string[] PeriodKeys =
    {
        "start_date", "daily_window", "input", "cached_input", "cache_write_5m", "cache_write_1h", "output", "per_1k_requests",
    };

    private static readonly string[] TieredKeys = { "base", "tiers" };
    private static readonly string[] TierKeys = { "start", "price" };
    private static readonly string[] WindowKeys = { "from", "until" };

    public static IReadOnlyList<PricePeriod> Read(YNode node, string key, string owner)
    {
        if (node is YMapping)
        {
            return new[] { ReadPeriod(node, $"'{key}' of {owner}") };
        }

        if (node is not YSequence list)
        {
            throw node.Spot().Error(CatalogErrorCodes.WrongType, $"'{key}' of {owner} must be a price mapping, or a list of them for a price history, not {node.Describe()}.");
        }

        if (list.Items.Count == 0)
        {
            throw node.Spot().Error(CatalogErrorCodes.MissingField, $"'{key}' of {owner} is an empty list; give at least one price.");
        }

        var periods = new List<PricePeriod>(list.Items.Count);
        DateTimeOffset? lastStart = null;
        for (var i = 0; i < list.Items.Count; i++)
        {
            var item = list.Items[i];
            var period = ReadPeriod(item, $"price #{i + 1} in '{key}' of {owner}");
            if (period.StartsAt is { } start)
            {
                if (lastStart is { } previous && start <= previous)
                {
                    throw item.Spot().Error(CatalogErrorCodes.InvalidValue, $"Price #{i + 1} in '{key}' of {owner} starts on {start:yyyy-MM-dd}, not after the previous price; list price changes oldest first.");
                }

                lastStart = start;
            }
            else if (!period.IsDailyWindow && i > 0)
            {
                throw item.Spot().Error(CatalogErrorCodes.InvalidValue, $"Price #{i + 1} in '{key}' of {owner} has neither 'start_date' nor 'daily_window'; only the first price may be open-ended.");
            }

            periods.Add(period);
        }

        return periods;
    }

    private static PricePeriod ReadPeriod(YNode node, string what)
    {
        var map = new MappingReader(node, what, PeriodKeys);
        var price = new ModelPrice
        {
            Input = Rate(map.Required("input", "Every price needs 'input' and 'output' (USD per million tokens)."), "input"),
            Output = Rate(map.Required("output", "Every price needs 'input' and 'output' (USD per million tokens)."), "output"),
            CachedInput = OptionalRate(map, "cached_input"),
            CacheWrite5m = OptionalRate(map, "cache_write_5m"),
            CacheWrite1h = OptionalRate(map, "cache_write_1h"),
            PerThousandRequests = map.Get("per_1k_requests") is { } fee ? YamlValues.Price(fee, "per_1k_requests") : null,
        };

        var startNode = map.Get("start_date");
        var windowNode = map.Get("daily_window");
        if (startNode is not null && windowNode is not null)
        {
            throw windowNode.Spot().Error(CatalogErrorCodes.InvalidValue, $"{MappingReader.Capitalize(what)} has both 'start_date' and 'daily_window'; a price is either dated or daily, so split it in two.");
        }

        if (windowNode is not null)
        {
            var window = new MappingReader(windowNode, "'daily_window'", WindowKeys);
            var from = YamlValues.TimeOfDay(window.Required("from", "Write the UTC time the window opens, such as \"00:30\"."), "from");
            var until = YamlValues.TimeOfDay(window.Required("until", "Write the UTC time the window closes, such as \"16:30\"."), "until");
            if (from == until)
            {
                throw windowNode.Spot().Error(CatalogErrorCodes.InvalidValue, "'daily_window' opens and closes at the same time; give it a length.");
            }

            return new PricePeriod(null, price, from, until);
        }

        var startsAt = startNode is null ? (DateTimeOffset?)null : new DateTimeOffset(YamlValues.Date(startNode, "start_date"), TimeSpan.Zero);
        return new PricePeriod(startsAt, price);
    }

    private static TieredRate? OptionalRate(MappingReader map, string key) =>
        map.Get(key) is { } node ? Rate(node, key) : null;

    private static TieredRate Rate(YNode node, string key)
    {
        if (node is YScalar)
        {
            return new TieredRate(YamlValues.Price(node, key));
        }

        var map = new MappingReader(node, $"the tiered price '{key}'", TieredKeys);
        var basePrice = YamlValues.Price(map.Required("base", "A tiered price is {base: <price>, tiers: [{start: <input tokens>, price: <price>}]}."), "base");
        var tiersNode = map.Required("tiers", "A tiered price is {base: <price>, tiers: [{start: <input tokens>, price: <price>}]}.");
        if (tiersNode is not YSequence list || list.Items.Count == 0)
        {
            throw tiersNode.Spot().Error(CatalogErrorCodes.WrongType, $"'tiers' of '{key}' must be a non-empty list of {{start, price}}.");
        }

        var tiers = new List<PriceTier>(list.Items.Count);
        long previous = 0;
        foreach (var item in list.Items)
        {
            var tier = new MappingReader(item, $"a tier of '{key}'", TierKeys);
            var start = YamlValues.Count(tier.Required("start", "Give the input-token count the tier starts after."), "start", 1);
            if (start <= previous)
            {
                throw item.Spot().Error(CatalogErrorCodes.InvalidValue, $"Tier starts of '{key}' must increase; {start} follows {previous}.");
            }

            previous = start;
            tiers.Add(new PriceTier(start, YamlValues.Price(tier.Required("price", "Give the tier's price in USD per million tokens."), "price")));
        }

        return new TieredRate(basePrice, tiers);
    }
}
