using LlmOps.Guardrails.Core.Catalog;

namespace LlmOps.Guardrails.Core.Tests.Catalog;

/// <summary>"Did you mean" never names a model that no longer answers.</summary>
public class RetiredSuggestionTests
{
    private const string TwoSnapshots = """
        schema_version: 1
        models:
          - id: acme-chat-0613
            provider: acme
            kind: snapshot
            retires: 2024-09-13
            replacement: acme-chat-0125
            prices: {input: 1, output: 2}
          - id: acme-chat-0125
            provider: acme
            kind: snapshot
            prices: {input: 1, output: 2}
          - id: acme-chat
            provider: acme
            kind: alias
            resolves_to: acme-chat-0613
        deployments:
          acme-chat-prod: acme-chat-0613
        """;

    private static readonly DateTimeOffset BeforeRetirement = new(2024, 9, 12, 23, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset OnRetirement = new(2024, 9, 13, 0, 0, 0, TimeSpan.Zero);

    private static ModelCatalog Parse() => ModelCatalog.Parse(new StringReader(TwoSnapshots), "suggestions.yaml");

    [Fact]
    public void Suggests_a_model_that_is_still_live()
    {
        Assert.Equal("acme-chat-0613", Parse().Lookup("acme-chat-613", BeforeRetirement).Suggestion);
    }

    [Fact]
    public void Passes_over_a_retired_model_for_the_nearest_live_one()
    {
        // From its retirement day on, acme-chat-0613 (one swap away) is no candidate; acme-chat-0125 is within reach.
        Assert.Equal("acme-chat-0125", Parse().Lookup("acme-chat-0615", OnRetirement).Suggestion);
        Assert.Equal("acme-chat-0613", Parse().Lookup("acme-chat-0615", BeforeRetirement).Suggestion);
    }

    [Fact]
    public void Suggests_nothing_when_only_retired_models_are_close()
    {
        Assert.Null(Parse().Lookup("acme-chat-613", OnRetirement).Suggestion);
        Assert.Null(Parse().Lookup("acme-chat-prd", OnRetirement).Suggestion);
    }

    [Fact]
    public void An_alias_and_a_deployment_of_a_retired_snapshot_are_not_suggested()
    {
        Assert.Equal("acme-chat-prod", Parse().Lookup("acme-chat-prd", BeforeRetirement).Suggestion);
        Assert.Null(Parse().Lookup("acme-chatt", OnRetirement).Suggestion);
    }

    [Fact]
    public void A_retired_model_is_still_found_by_its_exact_id()
    {
        var lookup = Parse().Lookup("acme-chat-0613", OnRetirement);

        Assert.Equal("acme-chat-0613", lookup.Model!.Id);
        Assert.Equal(ModelStatus.Retired, lookup.Model.StatusAt(OnRetirement));
    }

    [Theory]
    [InlineData("gpt-3.5-turbo-0126")]
    [InlineData("gpt-3.5-turbo-0612")]
    [InlineData("gpt-4-0615")]
    [InlineData("claude-2.2")]
    public void The_built_in_catalog_never_suggests_a_retired_model(string query)
    {
        var lookup = ModelCatalog.Default.Lookup(query, CatalogTestData.Today);

        Assert.Null(lookup.Model);
        if (lookup.Suggestion is { } suggestion)
        {
            Assert.True(ModelCatalog.Default.TryGet(suggestion, out var model));
            Assert.NotEqual(ModelStatus.Retired, model.StatusAt(CatalogTestData.Today));
        }
    }

    [Fact]
    public void No_suggestion_of_the_built_in_catalog_is_retired()
    {
        // Every one-character slip of every id: whatever is suggested must be live at the analysis date.
        var offenders = new List<string>();
        foreach (var model in ModelCatalog.Default.Models)
        {
            var typo = model.Id + "x";
            var suggestion = ModelCatalog.Default.Lookup(typo, CatalogTestData.Today).Suggestion;
            if (suggestion is not null && ModelCatalog.Default.TryGet(suggestion, out var hit) && hit.StatusAt(CatalogTestData.Today) == ModelStatus.Retired)
            {
                offenders.Add($"{typo} -> {suggestion}");
            }
        }

        Assert.True(offenders.Count == 0, "Retired suggestions: " + string.Join(", ", offenders));
    }
}
