using System.IO;
using LlmOps.Guardrails.Core.Catalog;

namespace LlmOps.Guardrails.Core.Tests.Catalog;

/// <summary>A team's llmops.models.yaml laid over the built-in catalog.</summary>
public class OverrideFileTests
{
    private static readonly string OverridePath = CatalogTestData.Fixture("llmops.models.yaml");

    private static readonly Lazy<ModelCatalog> Merged = new(() => ModelCatalog.Default.WithOverrides(OverridePath));

    private static ModelCatalog Catalog => Merged.Value;

    [Fact]
    public void Replaces_a_built_in_price_without_touching_the_built_in_catalog()
    {
        var negotiated = Catalog.Lookup("gpt-4o-2024-08-06").Model!;

        Assert.Equal(2m, negotiated.PriceAt(CatalogTestData.Today).InputPerMillion);
        Assert.Equal(8m, negotiated.PriceAt(CatalogTestData.Today).OutputPerMillion);
        Assert.Equal(OverridePath, negotiated.Source);
        Assert.Equal(2.5m, ModelCatalog.Default.Lookup("gpt-4o-2024-08-06").Model!.PriceAt(CatalogTestData.Today).InputPerMillion);
    }

    [Fact]
    public void Built_in_aliases_follow_a_replaced_snapshot()
    {
        var alias = Catalog.Lookup("openai/gpt-4o").Model!;

        Assert.True(alias.IsAlias);
        Assert.Equal(2m, alias.PriceAt(CatalogTestData.Today).InputPerMillion);
        Assert.Equal(ModelCatalog.BuiltInSource, alias.Source);
    }

    [Fact]
    public void Adds_a_private_model_and_keeps_every_built_in_one()
    {
        var llama = Catalog.Lookup("acme-llama-3.3-70b").Model!;

        Assert.Equal("acme", llama.Provider);
        Assert.Equal(131072, llama.ContextWindow);
        Assert.Equal(TokenizerFamily.GenericEstimate, llama.Tokenizer);
        Assert.Equal(ModelCatalog.Default.Models.Count + 3, Catalog.Models.Count);
    }

    [Theory]
    [InlineData("acme-gpt4o-prod", "gpt-4o-2024-08-06", null)]
    [InlineData("azure/acme-gpt4o-prod", "gpt-4o-2024-08-06", "azure/")]
    [InlineData("AZURE/ACME-MINI-EU", "gpt-4o-mini", "azure/")]
    [InlineData("acme-llama", "acme-llama-3.3-70b", null)]
    public void Maps_deployment_names_to_models(string query, string expectedId, string? prefix)
    {
        var lookup = Catalog.Lookup(query);

        Assert.Equal(ModelMatchKind.Deployment, lookup.MatchedBy);
        Assert.Equal(expectedId, lookup.Model!.Id);
        Assert.Equal(prefix, lookup.Prefix);
        Assert.NotNull(lookup.Deployment);
        Assert.Equal(expectedId, Catalog.Deployments[lookup.Deployment!]);
    }

    [Fact]
    public void A_declared_fine_tune_inherits_the_base_fine_tune_price_and_another_keeps_its_own()
    {
        var bot = Catalog.Lookup("ft:gpt-4o-mini-2024-07-18:acme:support-bot:9xYzAb1");
        var summariser = Catalog.Lookup("ft:gpt-4o-2024-08-06:acme:summariser:7abcDef").Model!;

        Assert.Equal(ModelMatchKind.Id, bot.MatchedBy);
        Assert.Equal(0.3m, bot.Model!.PriceAt(CatalogTestData.Today).InputPerMillion);
        Assert.Equal("gpt-4o-mini-2024-07-18", bot.Model.BaseModel);
        Assert.Equal(128000, bot.Model.ContextWindow);
        Assert.Equal(3m, summariser.PriceAt(CatalogTestData.Today).InputPerMillion);
        Assert.Equal(12m, summariser.PriceAt(CatalogTestData.Today).OutputPerMillion);
    }

    [Fact]
    public void Overrides_can_be_read_from_text_and_chained()
    {
        const string Text = """
            models:
              - id: gpt-4o-2024-08-06
                provider: openai
                kind: snapshot
                prices: {input: 1.5, output: 6}
            """;

        var twice = Catalog.WithOverrides(new StringReader(Text), "second.yaml");

        Assert.Equal(1.5m, twice.Lookup("gpt-4o-2024-08-06").Model!.PriceAt(CatalogTestData.Today).InputPerMillion);
        Assert.Equal("gpt-4o-2024-08-06", twice.Lookup("azure/acme-gpt4o-prod").Model!.Id);
    }

    [Fact]
    public void An_empty_override_file_changes_nothing()
    {
        var same = ModelCatalog.Default.WithOverrides(new StringReader("# nothing yet\n"), "empty.yaml");

        Assert.Equal(ModelCatalog.Default.Models.Count, same.Models.Count);
    }

    [Fact]
    public void A_complete_file_loads_on_its_own()
    {
        var path = Path.Combine(Path.GetTempPath(), $"llmops-catalog-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, """
            schema_version: 1
            models:
              - id: in-house-7b
                provider: acme
                kind: snapshot
                prices: {input: 0.05, output: 0.1}
              - id: in-house
                provider: acme
                kind: alias
                resolves_to: in-house-7b
            deployments:
              prod: in-house
            """);
        try
        {
            var catalog = ModelCatalog.Load(path);

            Assert.Equal(2, catalog.Models.Count);
            Assert.Equal("in-house", catalog.Lookup("azure/prod").Model!.Id);
            Assert.Equal(0.05m, catalog.Lookup("in-house").Model!.PriceAt().InputPerMillion);
            Assert.Equal(path, catalog.Models[0].Source);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
