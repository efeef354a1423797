using LlmOps.Guardrails.Core.Catalog;

namespace LlmOps.Guardrails.Core.Tests.Catalog;

/// <summary>The built-in catalog's coverage and its internal consistency.</summary>
public class BuiltInCatalogTests
{
    private static readonly string[] RequiredProviders = { "openai", "anthropic", "google", "mistral", "deepseek", "xai" };

    private static ModelCatalog Catalog => ModelCatalog.Default;

    [Fact]
    public void Covers_at_least_sixty_chat_models_across_the_six_providers()
    {
        Assert.True(Catalog.Models.Count >= 60, $"Only {Catalog.Models.Count} models.");
        foreach (var provider in RequiredProviders)
        {
            Assert.True(Catalog.Models.Count(m => m.Provider == provider) >= 4, $"Too few {provider} models.");
        }
    }

    [Fact]
    public void Ids_are_unique_ignoring_case()
    {
        var duplicates = Catalog.Models.GroupBy(m => m.Id, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key);
        Assert.Empty(duplicates);
    }

    [Fact]
    public void Every_alias_names_a_snapshot_that_is_in_the_catalog()
    {
        var aliases = Catalog.Models.Where(m => m.IsAlias).ToList();
        Assert.True(aliases.Count >= 20, $"Only {aliases.Count} aliases.");
        foreach (var alias in aliases)
        {
            Assert.False(string.IsNullOrEmpty(alias.ResolvesTo), $"Alias {alias.Id} names no snapshot.");
            var snapshot = Catalog.Models.SingleOrDefault(m => m.Id == alias.ResolvesTo);
            Assert.True(snapshot is not null, $"Alias {alias.Id} resolves to {alias.ResolvesTo}, which is not in the catalog.");
            Assert.Equal(ModelKind.Snapshot, snapshot!.Kind);
            Assert.Equal(alias.Provider, snapshot.Provider);
            Assert.Same(snapshot, Catalog.SnapshotOf(alias));
        }
    }

    [Fact]
    public void Snapshots_do_not_resolve_anywhere()
    {
        Assert.All(Catalog.Models.Where(m => !m.IsAlias), m => Assert.Null(m.ResolvesTo));
    }

    [Fact]
    public void Every_retired_model_names_a_replacement_that_is_in_the_catalog()
    {
        var retired = Catalog.Models.Where(m => m.StatusAt(CatalogTestData.Today) == ModelStatus.Retired).ToList();
        Assert.True(retired.Count >= 20, $"Only {retired.Count} retired models.");
        foreach (var model in retired)
        {
            Assert.False(string.IsNullOrEmpty(model.Replacement), $"{model.Id} is retired and names no replacement.");
            Assert.True(Catalog.Lookup(model.Replacement!).Model is not null, $"{model.Id} names replacement {model.Replacement}, which is not in the catalog.");
        }
    }

    [Fact]
    public void Every_replacement_anywhere_is_in_the_catalog_and_is_not_the_model_itself()
    {
        foreach (var model in Catalog.Models.Where(m => m.Replacement is not null))
        {
            Assert.NotNull(Catalog.Lookup(model.Replacement!).Model);
            Assert.NotEqual(model.Id, model.Replacement);
        }
    }

    [Fact]
    public void Deprecation_never_comes_after_retirement()
    {
        Assert.All(
            Catalog.Models.Where(m => m.DeprecatedOn is not null && m.RetiresOn is not null),
            m => Assert.True(m.DeprecatedOn <= m.RetiresOn, m.Id));
    }

    [Fact]
    public void Every_model_has_a_price_today()
    {
        foreach (var model in Catalog.Models)
        {
            var price = model.PriceAt(CatalogTestData.Today);
            Assert.True(price.InputPerMillion > 0m && price.OutputPerMillion > 0m, $"{model.Id} has no input or output price.");
        }
    }

    [Fact]
    public void Prices_checked_dates_come_from_the_price_snapshot_and_are_nearly_everywhere()
    {
        // genai-prices (Aug 2026) records when it last compared each model with the provider's page; a few
        // models it never dated are left without one rather than given an invented date.
        var dated = Catalog.Models.Where(m => m.PricesCheckedOn is not null).ToList();
        Assert.True(dated.Count >= Catalog.Models.Count * 9 / 10, $"Only {dated.Count} of {Catalog.Models.Count} models have prices_checked.");
        Assert.All(dated, m => Assert.InRange(m.PricesCheckedOn!.Value, new DateTime(2024, 1, 1), new DateTime(2026, 8, 31)));
    }

    [Fact]
    public void Tokenizers_are_known_families_and_exact_only_for_openai()
    {
        var families = new[] { TokenizerFamily.O200kBase, TokenizerFamily.Cl100kBase, TokenizerFamily.ClaudeEstimate, TokenizerFamily.GeminiEstimate, TokenizerFamily.GenericEstimate };
        foreach (var model in Catalog.Models)
        {
            Assert.Contains(model.Tokenizer, families);
            Assert.Equal(model.Provider == "openai", TokenizerFamily.IsExact(model.Tokenizer));
        }

        Assert.Equal(TokenizerFamily.ClaudeEstimate, Catalog.Lookup("claude-sonnet-4-5-20250929").Model!.Tokenizer);
        Assert.Equal(TokenizerFamily.GeminiEstimate, Catalog.Lookup("gemini-2.5-pro").Model!.Tokenizer);
        Assert.Equal(TokenizerFamily.Cl100kBase, Catalog.Lookup("gpt-4-0613").Model!.Tokenizer);
        Assert.Equal(TokenizerFamily.O200kBase, Catalog.Lookup("gpt-4o").Model!.Tokenizer);
    }

    [Fact]
    public void Anthropic_one_hour_cache_writes_cost_twice_the_input_price_tier_for_tier()
    {
        foreach (var model in Catalog.Models.Where(m => m.Provider == "anthropic"))
        {
            foreach (var period in model.Prices)
            {
                var price = period.Price;
                if (price.CacheWrite5m is null)
                {
                    Assert.Null(price.CacheWrite1h);
                    continue;
                }

                Assert.NotNull(price.CacheWrite1h);
                Assert.Equal(price.Input.BasePerMillion * 2, price.CacheWrite1h!.BasePerMillion);
                Assert.Equal(price.Input.Tiers.Select(t => (t.StartInputTokens, t.PerMillion * 2)), price.CacheWrite1h.Tiers.Select(t => (t.StartInputTokens, t.PerMillion)));
            }
        }
    }

    [Fact]
    public void Claude_from_the_four_six_generation_on_uses_dateless_snapshot_ids()
    {
        foreach (var id in new[] { "claude-opus-4-6", "claude-sonnet-4-6", "claude-opus-4-7", "claude-opus-4-8", "claude-sonnet-5", "claude-opus-5", "claude-fable-5" })
        {
            Assert.Equal(ModelKind.Snapshot, Catalog.Lookup(id).Model!.Kind);
        }

        Assert.Equal("claude-sonnet-4-5-20250929", Catalog.Lookup("claude-sonnet-4-5").Model!.ResolvesTo);
    }

    [Fact]
    public void Default_is_one_shared_instance()
    {
        Assert.Same(ModelCatalog.Default, ModelCatalog.Default);
        Assert.All(Catalog.Models, m => Assert.Equal(ModelCatalog.BuiltInSource, m.Source));
    }
}
