namespace LlmOps.Guardrails.Analyzers.IntegrationTests;

internal static class RepositoryPaths
{
    /// <summary>The repository root: the nearest folder above the test assembly that holds the solution file.</summary>
    public static string Root => RepositoryFolder.Root;

    public static string PackageProject =>
        Path.Combine(Root, "analyzers", "LlmOps.Guardrails.Analyzers.Package", "LlmOps.Guardrails.Analyzers.Package.csproj");

    /// <summary>Consumer sources copied next to the test assembly.</summary>
    public static string ConsumerSource(string fileName) => Path.Combine(AppContext.BaseDirectory, "Consumer", fileName);

}
