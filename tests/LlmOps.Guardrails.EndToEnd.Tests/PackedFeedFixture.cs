namespace LlmOps.Guardrails.EndToEnd.Tests;

/// <summary>
/// Packs the whole solution once, as a release would (`dotnet pack LlmOps.Guardrails.sln`), into a throw-away local feed,
/// and gives the consumers of that feed a NuGet package folder of their own.
/// </summary>
/// <remarks>
/// The packages carry the real version from Directory.Build.props, not a per-run one, so they must never reach the
/// user's global package folder: a later run would get this build back from the cache. Every restore the tests start
/// therefore uses <see cref="PackagesDirectory"/> (NUGET_PACKAGES), which is deleted with the work folder.
/// </remarks>
public sealed class PackedFeedFixture : IDisposable
{
    public static readonly IReadOnlyList<string> ProductPackageIds = new[]
    {
        "LlmOps.Guardrails.Analyzers",
        "LlmOps.Guardrails.Build",
        "LlmOps.Guardrails.Core",
        "LlmOps.Guardrails.Eval",
        "LlmOps.Guardrails.Runtime",
        "LlmOps.Guardrails.Runtime.DependencyInjection",
        "LlmOps.Guardrails.Runtime.PostgreSql",
        "LlmOps.Guardrails.Tokenizers.ML",
    };

    private readonly string? previousPackagesDirectory = Environment.GetEnvironmentVariable("NUGET_PACKAGES");

    public PackedFeedFixture()
    {
        SharedFixtureSetup.Run(typeof(PackedFeedFixture), "The packed feed fixture (dotnet pack LlmOps.Guardrails.sln)", () =>
        {
            Directory.CreateDirectory(FeedDirectory);
            Directory.CreateDirectory(PackagesDirectory);

            // --artifacts-path keeps this Release build out of the repository's bin/obj, so it never races another build.
            // ContinuousIntegrationBuild is what a release build sets: deterministic paths and SourceLink.
            // ToolProcess keeps stdout and stderr apart for the failure message; the environment is DotNet.Run's.
            Pack = ToolProcess.Run(DotNet.Host, RepositoryPaths.Root, ChildBuildEnvironment(),
                "pack", RepositoryPaths.Solution, "-c", "Release", "-o", FeedDirectory,
                "--artifacts-path", Path.Combine(WorkDirectory, "artifacts"), "-p:ContinuousIntegrationBuild=true", "-nologo");
            if (Pack.ExitCode != 0)
            {
                throw new InvalidOperationException($"dotnet pack failed: {Pack}");
            }

            // Set after packing: the solution's own restore may use the normal cache; only the consumers must not.
            Environment.SetEnvironmentVariable("NUGET_PACKAGES", PackagesDirectory);
        }, cleanUp: () => TestFolders.TryDelete(WorkDirectory));
    }

    public string WorkDirectory { get; } = Path.Combine(Path.GetTempPath(), "llmops-e2e-pack-" + Guid.NewGuid().ToString("N"));

    public string FeedDirectory => Path.Combine(WorkDirectory, "feed");

    public string PackagesDirectory => Path.Combine(WorkDirectory, "nuget-packages");

    public string Version => RepositoryPaths.VersionPrefix;

    internal ToolProcess.Result Pack { get; private set; } = null!;

    /// <summary>As <see cref="DotNet.Run"/> prepares a child build, as overrides: a removed variable maps to null.</summary>
    private static Dictionary<string, string?> ChildBuildEnvironment()
    {
        var current = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(entry => (string)entry.Key, entry => (string?)entry.Value, StringComparer.Ordinal);
        var prepared = new Dictionary<string, string?>(current, StringComparer.Ordinal);
        DotNet.PrepareChildBuild(prepared);
        foreach (var name in current.Keys.Where(name => !prepared.ContainsKey(name)))
        {
            prepared[name] = null;
        }

        return prepared;
    }

    public string PackagePath(string id) => Path.Combine(FeedDirectory, $"{id}.{Version}.nupkg");

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("NUGET_PACKAGES", previousPackagesDirectory);
        TestFolders.TryDelete(WorkDirectory);
    }
}

[CollectionDefinition(Name)]
public sealed class PackedFeedCollection : ICollectionFixture<PackedFeedFixture>
{
    public const string Name = "PackedFeed";
}
