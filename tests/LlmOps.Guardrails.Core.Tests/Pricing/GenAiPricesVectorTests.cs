using System.IO;
using System.Text.Json;
using LlmOps.Guardrails.Core.Catalog;
using LlmOps.Guardrails.Core.Pricing;

namespace LlmOps.Guardrails.Core.Tests.Pricing;

/// <summary>
/// The cost engine against reference prices computed by @pydantic/genai-prices' calcPrice
/// (tools/pricing-vectors), over the built-in catalog's own models.
/// </summary>
public class GenAiPricesVectorTests
{
    private const decimal Tolerance = 0.000001m;

    private static readonly Lazy<IReadOnlyList<PricingVector>> Vectors = new(LoadVectors);

    public static TheoryData<int> VectorIndexes()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < Vectors.Value.Count; i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(VectorIndexes))]
    public void Matches_genai_prices_within_a_millionth_of_a_dollar(int index)
    {
        var vector = Vectors.Value[index];
        var lookup = ModelCatalog.Default.Lookup(vector.Model);
        Assert.True(lookup.Model is not null, $"The catalog does not know '{vector.Model}'.");

        var cost = CostEngine.Calculate(lookup.Model!, vector.Usage, vector.At);
        var label = $"{vector.Model} {vector.Kind} at {vector.At:O}";
        if (lookup.Model!.Provider == "mistral" && lookup.Model.IsAlias && lookup.Model.Id.EndsWith("-latest", StringComparison.Ordinal))
        {
            // Mistral's *-latest names cost what their snapshot costs; calcPrice prices these names as earlier
            // snapshots (docs/catalog.md, "Prices"), so the reference here is the snapshot's own cost.
            var snapshot = ModelCatalog.Default.SnapshotOf(lookup.Model)!;
            Assert.Equal(CostEngine.Calculate(snapshot, vector.Usage, vector.At).TotalCost, cost.TotalCost);
            return;
        }

        AssertClose(vector.ExpectedTotal, cost.TotalCost, label + " total");
        AssertClose(vector.ExpectedInput, cost.InputCost + cost.CachedInputCost + cost.CacheWriteCost, label + " input");
        AssertClose(vector.ExpectedOutput, cost.OutputCost, label + " output");
    }

    [Fact]
    public void The_vector_set_covers_what_peers_get_wrong()
    {
        var vectors = Vectors.Value;

        Assert.True(vectors.Count >= 200, $"Only {vectors.Count} vectors.");
        Assert.Contains(vectors, v => v.Usage.CachedInputTokens > 0);
        Assert.Contains(vectors, v => v.Usage.CacheWrite5mTokens > 0);
        Assert.Contains(vectors, v => v.Usage.CacheWrite1hTokens > 0);
        Assert.Contains(vectors, v => v.Usage.ReasoningTokens > 0);
        Assert.Contains(vectors, v => v.Usage.InputTokens > 200_000);

        // Price history: the same model and usage priced differently on either side of a change.
        var historyModels = vectors
            .GroupBy(v => (v.Model, v.Kind, v.Usage))
            .Count(g => g.Select(v => v.ExpectedTotal).Distinct().Count() > 1);
        Assert.True(historyModels >= 3, $"Only {historyModels} usage shapes show a price change over time.");
        Assert.True(vectors.Select(v => v.Provider).Distinct().Count() >= 6);
    }

    private static void AssertClose(decimal expected, decimal actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= Tolerance, $"{what}: expected {expected}, got {actual}.");

    private static IReadOnlyList<PricingVector> LoadVectors()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "vectors", "pricing", "genai-prices-vectors.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var vectors = new List<PricingVector>();
        foreach (var item in document.RootElement.GetProperty("vectors").EnumerateArray())
        {
            var usage = item.GetProperty("usage");
            var expected = item.GetProperty("expected_usd");
            vectors.Add(new PricingVector(
                item.GetProperty("model").GetString()!,
                item.GetProperty("provider").GetString()!,
                item.GetProperty("kind").GetString()!,
                DateTimeOffset.Parse(item.GetProperty("at").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
                new TokenUsage
                {
                    InputTokens = usage.GetProperty("input").GetInt64(),
                    CachedInputTokens = usage.GetProperty("cached_read").GetInt64(),
                    CacheWrite5mTokens = usage.GetProperty("cache_write_5m").GetInt64(),
                    CacheWrite1hTokens = usage.GetProperty("cache_write_1h").GetInt64(),
                    OutputTokens = usage.GetProperty("output").GetInt64(),
                    ReasoningTokens = usage.GetProperty("reasoning").GetInt64(),
                },
                expected.GetProperty("total").GetDecimal(),
                expected.GetProperty("input").GetDecimal(),
                expected.GetProperty("output").GetDecimal()));
        }

        return vectors;
    }

    private sealed record PricingVector(
        string Model,
        string Provider,
        string Kind,
        DateTimeOffset At,
        TokenUsage Usage,
        decimal ExpectedTotal,
        decimal ExpectedInput,
        decimal ExpectedOutput);
}
