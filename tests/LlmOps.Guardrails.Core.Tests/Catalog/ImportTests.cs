using System.IO;
using System.Text;
using LlmOps.Guardrails.Core.Catalog;

namespace LlmOps.Guardrails.Core.Tests.Catalog;

/// <summary>Reading other price databases: genai-prices' data.json and LiteLLM's price map.</summary>
public class ImportTests
{
    private static readonly Lazy<ModelCatalog> LiteLlm = new(() => ModelCatalog.ImportLiteLlm(CatalogTestData.Fixture("litellm-sample.json")));

    [Fact]
    public void LiteLlm_reads_chat_models_only_and_converts_per_token_prices_to_per_million()
    {
        var catalog = LiteLlm.Value;

        Assert.Equal(new[] { "gpt-4o-2024-08-06", "claude-sonnet-4-5-20250929", "gemini/gemini-2.5-flash", "azure/gpt-35-turbo-0613" }, catalog.Models.Select(m => m.Id));
        var gpt4o = catalog.Lookup("gpt-4o-2024-08-06").Model!.PriceAt();
        Assert.Equal(2.5m, gpt4o.InputPerMillion);
        Assert.Equal(10m, gpt4o.OutputPerMillion);
        Assert.Equal(1.25m, gpt4o.CachedInput!.BasePerMillion);
        Assert.Null(gpt4o.CacheWrite5m);
    }

    [Fact]
    public void LiteLlm_cache_writes_long_context_tiers_limits_and_providers()
    {
        var claude = LiteLlm.Value.Lookup("claude-sonnet-4-5-20250929").Model!;
        var price = claude.PriceAt();

        Assert.Equal("anthropic", claude.Provider);
        Assert.Equal(200000, claude.ContextWindow);
        Assert.Equal(64000, claude.MaxOutputTokens);
        Assert.Equal(3.75m, price.CacheWrite5m!.BasePerMillion);
        Assert.Equal(6m, price.CacheWrite1h!.BasePerMillion);
        Assert.Equal(6m, price.Input.RateFor(250_000));
        Assert.Equal(3m, price.Input.RateFor(200_000));
        Assert.Equal(22.5m, price.Output.RateFor(250_000));
        Assert.Equal(0.6m, price.CachedInput!.RateFor(250_000));
        Assert.Equal(7.5m, price.CacheWrite5m.RateFor(250_000));
    }

    [Fact]
    public void LiteLlm_float_noise_is_dropped_and_providers_are_mapped()
    {
        var flash = LiteLlm.Value.Lookup("gemini/gemini-2.5-flash").Model!;

        Assert.Equal(0.3m, flash.PriceAt().InputPerMillion);
        Assert.Equal(0.03m, flash.PriceAt().CachedInput!.BasePerMillion);
        Assert.Equal("google", flash.Provider);
        Assert.Equal("azure", LiteLlm.Value.Lookup("azure/gpt-35-turbo-0613").Model!.Provider);
    }

    [Fact]
    public void LiteLlm_deprecation_dates_become_retirement_dates()
    {
        var old = LiteLlm.Value.Lookup("azure/gpt-35-turbo-0613").Model!;

        Assert.Equal(new DateTime(2025, 2, 13), old.RetiresOn);
        Assert.Equal(ModelStatus.Retired, old.StatusAt(CatalogTestData.Today));
    }

    [Fact]
    public void Imported_prices_laid_over_the_built_in_catalog_keep_its_curated_facts()
    {
        var merged = ModelCatalog.Default.WithPricesFrom(LiteLlm.Value);

        var alias = merged.Lookup("claude-sonnet-4-5").Model!;
        var snapshot = merged.Lookup("claude-sonnet-4-5-20250929").Model!;
        Assert.True(alias.IsAlias);
        Assert.Equal(ModelKind.Snapshot, snapshot.Kind);
        Assert.Equal(new DateTime(2025, 9, 29), snapshot.ReleasedOn);
        Assert.Equal("claude-sonnet-4-5@20250929", Assert.Single(snapshot.AlternateIds));
        Assert.Equal(6m, snapshot.PriceAt().CacheWrite1h!.BasePerMillion);
        Assert.NotNull(merged.Lookup("gemini/gemini-2.5-flash").Model);
        Assert.Equal(ModelCatalog.Default.Models.Count + 2, merged.Models.Count);
    }

    [Fact]
    public void GenAiPrices_import_reads_every_provider_with_history_tiers_and_windows()
    {
        var catalog = ModelCatalog.ImportGenAiPrices(CatalogTestData.GenAiPricesJson);

        Assert.True(catalog.Models.Count > 1000, $"Only {catalog.Models.Count} models imported.");
        var sonnet = catalog.Lookup("claude-sonnet-4-5").Model!;
        Assert.Equal("anthropic", sonnet.Provider);
        Assert.Equal(6m, sonnet.PriceAt().Input.RateFor(250_000));
        Assert.Equal(6m, sonnet.PriceAt().CacheWrite1h!.BasePerMillion);

        var o3 = catalog.Lookup("o3-2025-04-16");
        Assert.Equal(ModelMatchKind.AlternateId, o3.MatchedBy);
        Assert.Equal("o3", o3.Model!.Id);
        Assert.Equal(10m, o3.Model.PriceAt(new DateTimeOffset(2025, 6, 9, 0, 0, 0, TimeSpan.Zero)).InputPerMillion);
        Assert.Equal(2m, o3.Model.PriceAt(new DateTimeOffset(2025, 6, 10, 0, 0, 0, TimeSpan.Zero)).InputPerMillion);

        var chat = catalog.Lookup("deepseek-chat").Model!;
        Assert.Equal(0.27m, chat.PriceAt(new DateTimeOffset(2026, 1, 1, 1, 0, 0, TimeSpan.Zero)).InputPerMillion);
        Assert.Equal("xai", catalog.Lookup("grok-4.3").Model!.Provider);
        Assert.Equal(12m, catalog.Lookup("sonar").Model!.PriceAt().PerThousandRequests);
    }

    [Fact]
    public void GenAiPrices_import_can_be_limited_to_some_providers()
    {
        using var stream = File.OpenRead(CatalogTestData.GenAiPricesJson);
        var catalog = ModelCatalog.ImportGenAiPrices(stream, "data.json", new[] { "anthropic", "x-ai" });

        Assert.All(catalog.Models, m => Assert.Contains(m.Provider, new[] { "anthropic", "xai" }));
        Assert.Null(catalog.Lookup("gpt-4o").Model);
    }

    [Theory]
    [InlineData("{\"a\": [1, 2", 1, 12)]
    [InlineData("[1, 2]\n", 1, 1)]
    [InlineData("{\"m\": {\"mode\": \"chat\", \"input_cost_per_token\": -1, \"output_cost_per_token\": 1}}", 1, 1)]
    public void Malformed_price_files_fail_with_LLMC012(string json, int line, int column)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));

        var error = Assert.Throws<CatalogException>(() => ModelCatalog.ImportLiteLlm(stream, "prices.json"));

        Assert.Equal(CatalogErrorCodes.MalformedImport, error.Code);
        Assert.Equal("prices.json", error.File);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.StartsWith($"prices.json({line},{column}): error LLMC012: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_price_file_names_itself()
    {
        var path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.json");

        var error = Assert.Throws<CatalogException>(() => ModelCatalog.ImportGenAiPrices(path));

        Assert.Equal(CatalogErrorCodes.MalformedImport, error.Code);
        Assert.Equal(path, error.File);
    }
}
