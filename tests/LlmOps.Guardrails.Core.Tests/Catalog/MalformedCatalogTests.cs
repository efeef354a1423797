using System.IO;
using LlmOps.Guardrails.Core.Catalog;

namespace LlmOps.Guardrails.Core.Tests.Catalog;

/// <summary>
/// Broken catalog and override files fail with a code, the file, and the exact line and column of the
/// mistake, in the compiler-style form path(line,col): error LLMC00x: message.
/// </summary>
public class MalformedCatalogTests
{
    private const string Valid = """
        models:
          - id: acme-1
            provider: acme
            kind: snapshot
            prices: {input: 1, output: 2}
        """;

    public static TheoryData<string, string, string, int, int, string> Cases() => new()
    {
        {
            "bad indentation", """
            models:
              - id: acme-1
                provider: acme
               kind: snapshot
            """, CatalogErrorCodes.MalformedYaml, 4, 4, "Invalid YAML"
        },
        {
            "unclosed flow mapping", """
            models:
              - id: acme-1
                prices: {input: 1, output: 2
            """, CatalogErrorCodes.MalformedYaml, 4, 1, "Invalid YAML"
        },
        {
            "duplicate key", """
            models:
              - id: acme-1
                provider: acme
                provider: other
            """, CatalogErrorCodes.MalformedYaml, 4, 5, "Duplicate key 'provider'"
        },
        {
            "anchor", """
            models:
              - &first
                id: acme-1
            """, CatalogErrorCodes.MalformedYaml, 2, 5, "anchors"
        },
        {
            "models is not a list", """
            schema_version: 1
            models: acme-1
            """, CatalogErrorCodes.WrongType, 2, 9, "'models' must be a list"
        },
        {
            "price in quotes", """
            models:
              - id: acme-1
                provider: acme
                kind: snapshot
                prices:
                  input: "2.5"
                  output: 2
            """, CatalogErrorCodes.WrongType, 6, 14, "'input' must be a number"
        },
        {
            "unknown key", """
            models:
              - id: acme-1
                provider: acme
                kind: snapshot
                prices:
                  input: 1
                  cahced_input: 0.5
                  output: 2
            """, CatalogErrorCodes.UnknownKey, 7, 7, "Did you mean 'cached_input'?"
        },
        {
            "unknown top-level key", """
            schema_version: 1
            model: []
            """, CatalogErrorCodes.UnknownKey, 2, 1, "Did you mean 'models'?"
        },
        {
            "missing provider", """
            models:
              - id: acme-1
                kind: snapshot
                prices: {input: 1, output: 2}
            """, CatalogErrorCodes.MissingField, 2, 5, "has no 'provider'"
        },
        {
            "missing output price", """
            models:
              - id: acme-1
                provider: acme
                kind: snapshot
                prices: {input: 1}
            """, CatalogErrorCodes.MissingField, 5, 13, "needs 'input' and 'output'"
        },
        {
            "missing prices", """
            models:
              - id: acme-1
                provider: acme
                kind: snapshot
            """, CatalogErrorCodes.MissingField, 2, 5, "has no 'prices'"
        },
        {
            "unknown kind", """
            models:
              - id: acme-1
                provider: acme
                kind: pinned
                prices: {input: 1, output: 2}
            """, CatalogErrorCodes.InvalidValue, 4, 11, "use 'snapshot' or 'alias'"
        },
        {
            "tiers out of order", """
            models:
              - id: acme-1
                provider: acme
                kind: snapshot
                prices:
                  input: {base: 3, tiers: [{start: 200000, price: 6}, {start: 100000, price: 5}]}
                  output: 2
            """, CatalogErrorCodes.InvalidValue, 6, 59, "must increase"
        },
        {
            "negative price", """
            models:
              - id: acme-1
                provider: acme
                kind: snapshot
                prices:
                  input: -1
                  output: 2
            """, CatalogErrorCodes.NegativePrice, 6, 14, "cannot be negative"
        },
        {
            "impossible date", """
            models:
              - id: acme-1
                provider: acme
                kind: snapshot
                released: 2025-02-30
                prices: {input: 1, output: 2}
            """, CatalogErrorCodes.InvalidDate, 5, 15, "YYYY-MM-DD"
        },
        {
            "price history out of order", """
            models:
              - id: acme-1
                provider: acme
                kind: snapshot
                prices:
                  - {input: 1, output: 2}
                  - {start_date: 2026-03-01, input: 2, output: 3}
                  - {start_date: 2026-01-01, input: 3, output: 4}
            """, CatalogErrorCodes.InvalidValue, 8, 9, "oldest first"
        },
        {
            "duplicate id", """
            models:
              - id: acme-1
                provider: acme
                kind: snapshot
                prices: {input: 1, output: 2}
              - id: ACME-1
                provider: acme
                kind: snapshot
                prices: {input: 1, output: 2}
            """, CatalogErrorCodes.DuplicateId, 6, 9, "defined twice in this file (first on line 2)"
        },
        {
            "alias without snapshot", """
            models:
              - id: acme
                provider: acme
                kind: alias
            """, CatalogErrorCodes.BrokenAlias, 4, 5, "has no 'resolves_to'"
        },
        {
            "alias whose snapshot is missing", """
            models:
              - id: acme
                provider: acme
                kind: alias
                resolves_to: acme-2
              - id: acme-1
                provider: acme
                kind: snapshot
                prices: {input: 1, output: 2}
            """, CatalogErrorCodes.BrokenAlias, 5, 18, "Did you mean 'acme-1'?"
        },
        {
            "replacement not in the catalog", """
            models:
              - id: acme-1
                provider: acme
                kind: snapshot
                retires: 2026-01-01
                replacement: acme-9000
                prices: {input: 1, output: 2}
            """, CatalogErrorCodes.UnknownReference, 6, 18, "'acme-9000'"
        },
        {
            "deployment of an unknown model", """
            models:
              - id: acme-1
                provider: acme
                kind: snapshot
                prices: {input: 1, output: 2}
            deployments:
              prod: acme-2
            """, CatalogErrorCodes.UnknownReference, 7, 9, "Deployment 'prod' serves 'acme-2'"
        },
        {
            "unsupported schema version", """
            schema_version: 2
            models: []
            """, CatalogErrorCodes.UnsupportedVersion, 1, 17, "schema_version 2 is not supported"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reports_the_code_file_line_and_column(string name, string yaml, string code, int line, int column, string detail)
    {
        var error = Assert.Throws<CatalogException>(() => ModelCatalog.Parse(new StringReader(yaml), "bad.yaml"));

        Assert.True(code == error.Code, $"{name}: expected {code}, got {error.Message}");
        Assert.Equal("bad.yaml", error.File);
        Assert.True((line, column) == (error.Line, error.Column), $"{name}: expected ({line},{column}), got {error.Message}");
        Assert.StartsWith($"bad.yaml({line},{column}): error {code}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(detail, error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void The_valid_baseline_parses()
    {
        Assert.Single(ModelCatalog.Parse(new StringReader(Valid), "good.yaml").Models);
    }

    [Fact]
    public void An_override_that_names_a_missing_base_model_points_at_the_override_file()
    {
        const string Override = """
            models:
              - id: ft:gpt-9:acme::x
                provider: openai
                kind: snapshot
                base_model: gpt-9
            """;

        var error = Assert.Throws<CatalogException>(() => ModelCatalog.Default.WithOverrides(new StringReader(Override), "llmops.models.yaml"));

        Assert.Equal(CatalogErrorCodes.UnknownReference, error.Code);
        Assert.Equal(("llmops.models.yaml", 5, 17), (error.File, error.Line, error.Column));
    }

    [Fact]
    public void An_override_that_turns_a_snapshot_into_an_alias_breaks_the_aliases_that_pointed_at_it()
    {
        const string Override = """
            models:
              - id: gpt-4o-2024-08-06
                provider: openai
                kind: alias
                resolves_to: gpt-4o-2024-11-20
            """;

        var error = Assert.Throws<CatalogException>(() => ModelCatalog.Default.WithOverrides(new StringReader(Override), "llmops.models.yaml"));

        Assert.Equal(CatalogErrorCodes.BrokenAlias, error.Code);
        Assert.Equal(ModelCatalog.BuiltInSource, error.File);
        Assert.Contains("which is itself an alias", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void An_override_alternate_id_that_collides_with_a_built_in_id_is_rejected()
    {
        const string Override = """
            models:
              - id: acme-4o
                provider: acme
                kind: snapshot
                alternate_ids: [gpt-4o]
                prices: {input: 1, output: 2}
            """;

        var error = Assert.Throws<CatalogException>(() => ModelCatalog.Default.WithOverrides(new StringReader(Override), "llmops.models.yaml"));

        Assert.Equal(CatalogErrorCodes.DuplicateId, error.Code);
        Assert.Equal(("llmops.models.yaml", 5, 21), (error.File, error.Line, error.Column));
    }

    [Fact]
    public void A_missing_file_is_reported_with_its_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}", "llmops.models.yaml");

        var error = Assert.Throws<CatalogException>(() => ModelCatalog.Load(path));

        Assert.Equal(CatalogErrorCodes.MalformedYaml, error.Code);
        Assert.Equal((path, 1, 1), (error.File, error.Line, error.Column));
        Assert.StartsWith($"{path}(1,1): error LLMC001: Cannot read the catalog file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_on_disk_is_named_by_its_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"llmops-bad-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "models:\n  - id: acme-1\n    provider: acme\n    kind: snapshot\n    prices: {input: 1, outptu: 2}\n");
        try
        {
            var error = Assert.Throws<CatalogException>(() => ModelCatalog.Default.WithOverrides(path));

            Assert.Equal(CatalogErrorCodes.UnknownKey, error.Code);
            Assert.StartsWith($"{path}(5,24): error LLMC003: Unknown key 'outptu'", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
