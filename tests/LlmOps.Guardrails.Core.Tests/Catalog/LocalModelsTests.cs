using System.IO;
using LlmOps.Guardrails.Core.Catalog;

namespace LlmOps.Guardrails.Core.Tests.Catalog;

/// <summary>Models a team serves itself (Ollama, vLLM) declared in llmops.models.yaml: free or priced, snapshot or alias.</summary>
public class LocalModelsTests
{
    // The example of docs/rules/README.md ("Local and self-hosted models"), plus a priced one.
    private const string LocalModels = """
        schema_version: 1
        models:
          - id: llama3.3-70b-q4
            provider: ollama
            kind: snapshot
            max_output_tokens: 8192
            prices: { input: 0, output: 0 }
          - id: local-chat
            provider: ollama
            kind: alias
            resolves_to: llama3.3-70b-q4
          - id: qwen2.5-72b-gpu
            provider: vllm
            kind: snapshot
            prices: { input: 0.35, output: 0.4 }
        """;

    private static ModelCatalog Catalog => ModelCatalog.Default.WithOverrides(new StringReader(LocalModels), "llmops.models.yaml");

    [Fact]
    public void A_free_local_model_is_known_with_price_zero()
    {
        var model = Catalog.Lookup("llama3.3-70b-q4").Model!;

        Assert.Equal("ollama", model.Provider);
        Assert.Equal(0m, model.PriceAt(CatalogTestData.Today).InputPerMillion);
        Assert.Equal(0m, model.PriceAt(CatalogTestData.Today).OutputPerMillion);
    }

    [Fact]
    public void A_local_alias_resolves_to_the_local_snapshot()
    {
        var alias = Catalog.Lookup("local-chat").Model!;

        Assert.True(alias.IsAlias);
        Assert.Equal(0m, alias.PriceAt(CatalogTestData.Today).OutputPerMillion);
    }

    [Fact]
    public void A_priced_self_hosted_model_keeps_its_price()
    {
        Assert.Equal(0.4m, Catalog.Lookup("qwen2.5-72b-gpu").Model!.PriceAt(CatalogTestData.Today).OutputPerMillion);
    }
}
