using System.IO;
using LlmOps.Guardrails.Core.Catalog;

namespace LlmOps.Guardrails.Core.Tests.Catalog;

/// <summary>The YAML forms people write by hand are all read the same way; the ones a catalog has no use for are refused.</summary>
public class YamlShapeTests
{
    private static ModelCatalog Parse(string yaml) => ModelCatalog.Parse(new StringReader(yaml), "shape.yaml");

    [Fact]
    public void Block_and_flow_styles_and_an_unindented_list_read_the_same()
    {
        var block = Parse("""
            models:
              - id: acme-1
                provider: acme
                kind: snapshot
                alternate_ids:
                  - acme-one
                prices:
                  input: 1.5
                  output: 2
            """);
        var flow = Parse("""
            ---
            models: [{id: acme-1, provider: acme, kind: snapshot, alternate_ids: [acme-one], prices: {input: 1.5, output: 2}}]
            ...
            """);
        var unindented = Parse("""
            # comments are fine anywhere
            models:
            - id: "acme-1"   # quoted text is fine for text values
              provider: 'acme'
              kind: snapshot
              alternate_ids: [acme-one]
              prices: {input: 1.5, output: 2}
            """);

        foreach (var catalog in new[] { block, flow, unindented })
        {
            var model = Assert.Single(catalog.Models);
            Assert.Equal("acme-1", model.Id);
            Assert.Equal("acme-one", Assert.Single(model.AlternateIds));
            Assert.Equal(1.5m, model.PriceAt().InputPerMillion);
            Assert.Equal(ModelMatchKind.AlternateId, catalog.Lookup("ACME-ONE").MatchedBy);
        }
    }

    [Fact]
    public void A_daily_window_can_wrap_past_midnight()
    {
        var catalog = Parse("""
            models:
              - id: night-owl
                provider: acme
                kind: snapshot
                prices:
                  - {input: 2, output: 4}
                  - {daily_window: {from: "22:00", until: "06:00"}, input: 1, output: 2}
            """);
        var model = catalog.Models[0];

        Assert.Equal(1m, model.PriceAt(new DateTimeOffset(2026, 1, 1, 23, 0, 0, TimeSpan.Zero)).InputPerMillion);
        Assert.Equal(1m, model.PriceAt(new DateTimeOffset(2026, 1, 2, 5, 59, 59, TimeSpan.Zero)).InputPerMillion);
        Assert.Equal(2m, model.PriceAt(new DateTimeOffset(2026, 1, 2, 6, 0, 0, TimeSpan.Zero)).InputPerMillion);
    }

    [Fact]
    public void Per_request_fees_and_all_cache_prices_are_read()
    {
        var price = Parse("""
            models:
              - id: searcher
                provider: acme
                kind: snapshot
                prices: {input: 1, cached_input: 0.1, cache_write_5m: 1.25, cache_write_1h: 2, output: 5, per_1k_requests: 12}
            """).Models[0].PriceAt();

        Assert.Equal((0.1m, 1.25m, 2m, 12m), (price.CachedInput!.BasePerMillion, price.CacheWrite5m!.BasePerMillion, price.CacheWrite1h!.BasePerMillion, price.PerThousandRequests!.Value));
    }

    [Theory]
    [InlineData("models:\n  - !!map\n    id: a\n", 2, 5, "tags")]
    [InlineData("models:\n  - id: a\n    provider: *p\n", 3, 15, "aliases")]
    [InlineData("models: []\n---\nmodels: []\n", 2, 1, "one YAML document")]
    [InlineData("%YAML 1.2\n---\nmodels: []\n", 1, 1, "directives")]
    [InlineData("models:\n  - id: a\n    provider: acme\n  kind: snapshot\n", 4, 3, "Invalid YAML")]
    public void Refuses_what_a_catalog_has_no_use_for(string yaml, int line, int column, string detail)
    {
        var error = Assert.Throws<CatalogException>(() => Parse(yaml));

        Assert.Equal(CatalogErrorCodes.MalformedYaml, error.Code);
        Assert.True((line, column) == (error.Line, error.Column), error.Message);
        Assert.Contains(detail, error.Detail, StringComparison.Ordinal);
    }
}
