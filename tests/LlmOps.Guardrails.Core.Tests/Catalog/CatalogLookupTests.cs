using LlmOps.Guardrails.Core.Catalog;

namespace LlmOps.Guardrails.Core.Tests.Catalog;

/// <summary>How ids are found: case, provider prefixes, alternate ids, fine-tunes, typos.</summary>
public class CatalogLookupTests
{
    private static ModelCatalog Catalog => ModelCatalog.Default;

    [Theory]
    [InlineData("gpt-4o-2024-08-06")]
    [InlineData("GPT-4o-2024-08-06")]
    [InlineData("  gpt-4o-2024-08-06  ")]
    public void Finds_an_id_ignoring_case_and_surrounding_space(string query)
    {
        var lookup = Catalog.Lookup(query);

        Assert.Equal("gpt-4o-2024-08-06", lookup.Model!.Id);
        Assert.Equal(ModelMatchKind.Id, lookup.MatchedBy);
        Assert.Null(lookup.Prefix);
        Assert.Null(lookup.Suggestion);
        Assert.Equal(query, lookup.Query);
    }

    [Theory]
    [InlineData("openai/gpt-4o", "gpt-4o", "openai/")]
    [InlineData("OpenAI/GPT-4o-mini", "gpt-4o-mini", "openai/")]
    [InlineData("anthropic/claude-sonnet-4-5", "claude-sonnet-4-5", "anthropic/")]
    [InlineData("google/gemini-2.5-pro", "gemini-2.5-pro", "google/")]
    [InlineData("gemini/gemini-2.5-flash", "gemini-2.5-flash", "gemini/")]
    [InlineData("models/gemini-2.5-flash-lite", "gemini-2.5-flash-lite", "models/")]
    [InlineData("mistral/mistral-large-2512", "mistral-large-2512", "mistral/")]
    [InlineData("deepseek/deepseek-v4-pro", "deepseek-v4-pro", "deepseek/")]
    [InlineData("xai/grok-4.3", "grok-4.3", "xai/")]
    [InlineData("x-ai/grok-4.3", "grok-4.3", "x-ai/")]
    [InlineData("azure/gpt-4.1-2025-04-14", "gpt-4.1-2025-04-14", "azure/")]
    [InlineData("vertex_ai/gemini-2.5-pro", "gemini-2.5-pro", "vertex_ai/")]
    public void Accepts_provider_prefixes(string query, string expectedId, string prefix)
    {
        var lookup = Catalog.Lookup(query);

        Assert.Equal(expectedId, lookup.Model!.Id);
        Assert.Equal(prefix, lookup.Prefix);
    }

    [Theory]
    [InlineData("anthropic/gpt-4o")]
    [InlineData("openai/claude-sonnet-4-5")]
    [InlineData("models/gpt-4o")]
    public void An_owner_prefix_must_match_the_models_provider(string query)
    {
        Assert.Null(Catalog.Lookup(query).Model);
        Assert.False(Catalog.TryGet(query, out _));
    }

    [Theory]
    [InlineData("claude-sonnet-4-5@20250929", "claude-sonnet-4-5-20250929")]
    [InlineData("vertex_ai/claude-3-5-sonnet-v2@20241022", "claude-3-5-sonnet-20241022")]
    public void Finds_alternate_ids(string query, string expectedId)
    {
        var lookup = Catalog.Lookup(query);

        Assert.Equal(expectedId, lookup.Model!.Id);
        Assert.Equal(ModelMatchKind.AlternateId, lookup.MatchedBy);
    }

    [Fact]
    public void An_alias_is_returned_as_the_alias_with_its_snapshot_named()
    {
        var alias = Catalog.Lookup("gpt-4o").Model!;

        Assert.True(alias.IsAlias);
        Assert.Equal("gpt-4o-2024-08-06", alias.ResolvesTo);
        Assert.Equal("gpt-4o-2024-08-06", Catalog.SnapshotOf(alias)!.Id);
        Assert.Equal(Catalog.Lookup("gpt-4o-2024-08-06").Model!.PriceAt(CatalogTestData.Today).InputPerMillion, alias.PriceAt(CatalogTestData.Today).InputPerMillion);
    }

    [Theory]
    [InlineData("gpt-4o-2024-08-07", "gpt-4o-2024-08-06")]
    [InlineData("claude-sonet-4-5", "claude-sonnet-4-5")]
    [InlineData("openai/gpt-4o-2024-08-07", "gpt-4o-2024-08-06")]
    [InlineData("gemini-2.5-flsh", "gemini-2.5-flash")]
    [InlineData("claude-opus-4-5-2025110", "claude-opus-4-5-20251101")]
    [InlineData("ft:gpt-4o-mini-2024-07-81:acme::x", "gpt-4o-mini-2024-07-18")]
    public void Suggests_the_nearest_id_for_a_typo(string query, string expected)
    {
        var lookup = Catalog.Lookup(query);

        Assert.Null(lookup.Model);
        Assert.Equal(ModelMatchKind.None, lookup.MatchedBy);
        Assert.Equal(expected, lookup.Suggestion);
    }

    [Theory]
    [InlineData("llama-3.1-405b-instruct")]
    [InlineData("my-own-model")]
    [InlineData("qwen3-coder-480b")]
    [InlineData("x")]
    public void Suggests_nothing_for_an_unrelated_id(string query)
    {
        var lookup = Catalog.Lookup(query);

        Assert.Null(lookup.Model);
        Assert.Null(lookup.Suggestion);
    }

    [Fact]
    public void Prices_a_fine_tune_from_its_base_model_fine_tune_rates()
    {
        var lookup = Catalog.Lookup("ft:gpt-4o-mini-2024-07-18:acme:support-bot:9xYzAb1");

        Assert.Equal(ModelMatchKind.FineTune, lookup.MatchedBy);
        var model = lookup.Model!;
        Assert.Equal("ft:gpt-4o-mini-2024-07-18:acme:support-bot:9xYzAb1", model.Id);
        Assert.Equal("gpt-4o-mini-2024-07-18", model.BaseModel);
        Assert.Equal("openai", model.Provider);
        Assert.Equal(0.3m, model.PriceAt(CatalogTestData.Today).InputPerMillion);
        Assert.Equal(1.2m, model.PriceAt(CatalogTestData.Today).OutputPerMillion);
        Assert.Same(model, Catalog.Lookup("FT:gpt-4o-mini-2024-07-18:acme:support-bot:9xYzAb1").Model);
    }

    [Fact]
    public void A_fine_tune_without_fine_tune_rates_costs_what_its_base_costs_and_shares_its_lifecycle()
    {
        var baseModel = Catalog.Lookup("gpt-4.1-nano-2025-04-14").Model!;
        var fineTune = Catalog.Lookup("ft:gpt-4.1-nano-2025-04-14:acme::abc").Model!;

        Assert.Equal(baseModel.PriceAt(CatalogTestData.Today).InputPerMillion, fineTune.PriceAt(CatalogTestData.Today).InputPerMillion);
        Assert.Equal(ModelStatus.Retired, fineTune.StatusAt(CatalogTestData.Today));
        Assert.Equal(baseModel.Replacement, fineTune.Replacement);
    }

    [Fact]
    public void Recognises_azure_fine_tune_ids()
    {
        var lookup = Catalog.Lookup("azure/gpt-4o-mini-2024-07-18.ft-0123456789abcdef");

        Assert.Equal(ModelMatchKind.FineTune, lookup.MatchedBy);
        Assert.Equal("gpt-4o-mini-2024-07-18", lookup.Model!.BaseModel);
        Assert.Equal("azure/", lookup.Prefix);
    }

    [Fact]
    public void A_hit_allocates_nothing()
    {
        string[] queries = { "gpt-4o-2024-08-06", "OpenAI/GPT-4o", "claude-sonnet-4-5@20250929", "gemini/gemini-2.5-pro" };
        foreach (var query in queries)
        {
            Catalog.Lookup(query);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var found = 0;
        for (var i = 0; i < 1000; i++)
        {
            found += Catalog.Lookup(queries[i % queries.Length]).Found ? 1 : 0;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(1000, found);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void TryGet_reports_hits_and_misses()
    {
        Assert.True(Catalog.TryGet("o3", out var model));
        Assert.Equal("o3", model.Id);
        Assert.False(Catalog.TryGet("o5", out _));
    }

    [Fact]
    public void Null_ids_are_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => Catalog.Lookup(null!));
        Assert.Throws<ArgumentNullException>(() => Catalog.TryGet(null!, out _));
    }
}
