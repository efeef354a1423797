using System.IO;

namespace LlmOps.Guardrails.Core.Tests.Catalog;

/// <summary>Where the catalog tests find their fixtures and the shared reference data.</summary>
internal static class CatalogTestData
{
    public static string RepositoryRoot => LlmOps.Guardrails.Tests.Shared.RepositoryFolder.Root;

    /// <summary>The genai-prices snapshot the built-in prices are copied from. Missing data fails the test, never skips it.</summary>
    public static string GenAiPricesJson
    {
        get
        {
            var path = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "data", "genai-prices", "data.json"));
            Assert.True(File.Exists(path), $"The genai-prices reference data is missing: {path}");
            return path;
        }
    }

    /// <summary>A fixture under tests/vectors/catalog, as copied next to the test assembly.</summary>
    public static string Fixture(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "vectors", "catalog", name);
        Assert.True(File.Exists(path), $"Missing fixture {path}");
        return path;
    }

    /// <summary>"Now" for lifecycle assertions: fixed, so the tests do not change meaning as time passes.</summary>
    public static readonly DateTimeOffset Today = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
}
