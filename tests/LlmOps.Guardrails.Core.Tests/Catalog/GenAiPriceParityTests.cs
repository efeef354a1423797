using System.Globalization;
using System.Text.Json;
using LlmOps.Guardrails.Core.Catalog;
using LlmOps.Guardrails.Core.Pricing;

namespace LlmOps.Guardrails.Core.Tests.Catalog;

/// <summary>
/// Every built-in price equals what genai-prices' data.json gives for the same id and provider, entry for
/// entry (price history and daily windows included), so cost vectors made with calcPrice line up.
/// </summary>
public class GenAiPriceParityTests
{
    public static TheoryData<string> ModelIds()
    {
        var data = new TheoryData<string>();
        foreach (var model in ModelCatalog.Default.Models)
        {
            data.Add(model.Id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ModelIds))]
    public void Catalog_prices_equal_genai_prices(string id)
    {
        var model = ModelCatalog.Default.Lookup(id).Model!;

        // Mistral's *-latest names are priced as the snapshot they resolve to: genai-prices prices those names as
        // earlier snapshots (mistral-large-latest at Large 2411's $2/$6) or lacks them.
        var priceId = FollowsSnapshot(model) ? model.ResolvesTo! : model.Id;
        var source = GenAiReference.Instance.FindModel(model.Provider, priceId);
        Assert.True(source is not null, $"genai-prices has no price for {model.Provider}/{priceId}.");

        AssertSamePrices(GenAiReference.PriceEntries(source!.Value), model.Prices, model.Provider, model.Id);
    }

    [Theory]
    [InlineData("mistral-large-latest", "mistral-large-2512")]
    [InlineData("mistral-small-latest", "mistral-small-2603")]
    [InlineData("codestral-latest", "codestral-2508")]
    public void Mistral_latest_aliases_cost_what_their_snapshot_costs(string alias, string snapshot)
    {
        var model = ModelCatalog.Default.Lookup(alias).Model!;

        Assert.True(model.IsAlias);
        Assert.Equal(snapshot, model.ResolvesTo);
        Assert.Equal(ModelCatalog.Default.Lookup(snapshot).Model!.Prices, model.Prices);
    }

    private static bool FollowsSnapshot(ModelInfo model) =>
        model.Provider == "mistral" && model.IsAlias && model.Id.EndsWith("-latest", StringComparison.Ordinal);

    [Fact]
    public void Fine_tunes_are_priced_as_genai_prices_prices_them()
    {
        var checkedBases = 0;
        foreach (var model in ModelCatalog.Default.Models.Where(m => m.Provider == "openai" && !m.IsAlias))
        {
            var fineTuneId = $"ft:{model.Id}:acme::test123";
            var expected = GenAiReference.Instance.FindModel("openai", fineTuneId);
            var lookup = ModelCatalog.Default.Lookup(fineTuneId);
            Assert.Equal(ModelMatchKind.FineTune, lookup.MatchedBy);
            Assert.Equal(model.Id, lookup.Model!.BaseModel);
            if (expected is null)
            {
                // genai-prices has no fine-tune price for this base: the base's own prices apply.
                Assert.Equal(model.Prices, lookup.Model.Prices);
                continue;
            }

            AssertSamePrices(GenAiReference.PriceEntries(expected.Value), lookup.Model.Prices, "openai", fineTuneId);
            checkedBases++;
        }

        Assert.True(checkedBases >= 4, $"Only {checkedBases} bases have fine-tune prices in genai-prices.");
    }

    private static void AssertSamePrices(IReadOnlyList<(JsonElement? Constraint, JsonElement Prices)> expected, IReadOnlyList<PricePeriod> actual, string provider, string id)
    {
        Assert.True(expected.Count == actual.Count, $"{id}: genai-prices has {expected.Count} price entries, the catalog {actual.Count}.");
        for (var i = 0; i < expected.Count; i++)
        {
            var (constraint, prices) = expected[i];
            var period = actual[i];
            var label = $"{id} price #{i + 1}";
            AssertConstraint(constraint, period, label);

            var price = period.Price;
            AssertRate(prices, "input_mtok", price.Input, label);
            AssertRate(prices, "output_mtok", price.Output, label);
            AssertRate(prices, "cache_read_mtok", price.CachedInput, label);
            AssertRate(prices, "cache_write_mtok", price.CacheWrite5m, label);
            Assert.Equal(prices.TryGetProperty("requests_kcount", out var fee) ? GenAiReference.Number(fee) : null, price.PerThousandRequests);

            var anthropicHour = provider == "anthropic" && price.CacheWrite5m is not null;
            Assert.True(anthropicHour == (price.CacheWrite1h is not null), $"{label}: a 1-hour cache-write price belongs exactly to Anthropic models with cache writes.");
        }
    }

    private static void AssertConstraint(JsonElement? constraint, PricePeriod period, string label)
    {
        if (constraint is null)
        {
            Assert.True(period.StartsAt is null && !period.IsDailyWindow, $"{label}: expected an open-ended price.");
            return;
        }

        var c = constraint.Value;
        if (c.TryGetProperty("start_date", out var start))
        {
            var date = DateTimeOffset.ParseExact(start.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            Assert.Equal(date, period.StartsAt);
            return;
        }

        Assert.True(period.IsDailyWindow, $"{label}: expected a daily window.");
        Assert.Equal(Clock(c.GetProperty("start_time").GetString()!), period.DailyFromUtc);
        Assert.Equal(Clock(c.GetProperty("end_time").GetString()!), period.DailyUntilUtc);
    }

    private static TimeSpan Clock(string text) => TimeSpan.ParseExact(text.TrimEnd('Z'), @"hh\:mm\:ss", CultureInfo.InvariantCulture);

    private static void AssertRate(JsonElement prices, string key, TieredRate? actual, string label)
    {
        if (!prices.TryGetProperty(key, out var expected))
        {
            // calcPrice bills nothing for a missing input or output price; the catalog says 0.
            if (key is "input_mtok" or "output_mtok")
            {
                Assert.Equal(0m, actual!.BasePerMillion);
            }
            else
            {
                Assert.True(actual is null, $"{label}: {key} is not in genai-prices but the catalog has {actual?.BasePerMillion}.");
            }

            return;
        }

        Assert.True(actual is not null, $"{label}: {key} is missing from the catalog.");
        if (expected.ValueKind == JsonValueKind.Number)
        {
            Assert.True(GenAiReference.Number(expected) == actual!.BasePerMillion && actual.Tiers.Count == 0, $"{label}: {key} is {expected} in genai-prices, {actual.BasePerMillion} (+{actual.Tiers.Count} tiers) in the catalog.");
            return;
        }

        Assert.Equal(GenAiReference.Number(expected.GetProperty("base")), actual!.BasePerMillion);
        var tiers = expected.GetProperty("tiers").EnumerateArray()
            .Select(t => (t.GetProperty("start").GetInt64(), GenAiReference.Number(t.GetProperty("price"))))
            .OrderBy(t => t.Item1)
            .ToArray();
        Assert.Equal(tiers, actual.Tiers.Select(t => (t.StartInputTokens, t.PerMillion)).ToArray());
    }
}
