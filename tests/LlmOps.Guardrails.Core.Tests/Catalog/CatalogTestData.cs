using System.IO;

namespace LlmOps.Guardrails.Core.Tests.Catalog;

/// <summary>Where the catalog tests find their fixtures and the genai-prices reference data, all inside the repository.</summary>
internal static class CatalogTestData
{
    /// <summary>
    /// The pinned genai-prices snapshot the built-in prices are copied from (tests/vectors/genai-prices, refreshed by
    /// tools/catalog/sync-prices.mjs --update-reference). Missing data fails the test, never skips it.
    /// </summary>
    public static string GenAiPricesJson => Vector(Path.Combine("genai-prices", "data.json"));

    /// <summary>A fixture under tests/vectors/catalog, as copied next to the test assembly.</summary>
    public static string Fixture(string name) => Vector(Path.Combine("catalog", name));

    private static string Vector(string relativePath)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "vectors", relativePath);
        Assert.True(File.Exists(path), $"Missing reference data {path} (copied from tests/vectors at build time)");
        return path;
    }

    /// <summary>"Now" for lifecycle assertions: fixed, so the tests do not change meaning as time passes.</summary>
    public static readonly DateTimeOffset Today = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
}
