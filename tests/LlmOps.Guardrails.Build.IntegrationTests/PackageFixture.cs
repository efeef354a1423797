using System.Globalization;

namespace LlmOps.Guardrails.Build.IntegrationTests;

/// <summary>Packs LlmOps.Guardrails.Build once per run into a throw-away local feed with a unique version.</summary>
public sealed class PackageFixture : IDisposable
{
    // A fresh version per run, so NuGet's global package cache can never hand back an older build.
    public string Version { get; } = "0.1.0-e2e." + DateTime.UtcNow.Ticks.ToString(CultureInfo.InvariantCulture);

    public string WorkDirectory { get; } = Path.Combine(Path.GetTempPath(), "llmops-build-e2e-" + Guid.NewGuid().ToString("N"));

    public string FeedDirectory => Path.Combine(WorkDirectory, "feed");

    public PackageFixture()
    {
        SharedFixtureSetup.Run(typeof(PackageFixture), "The build-task package fixture (dotnet pack LlmOps.Guardrails.Build)", () =>
        {
            Directory.CreateDirectory(FeedDirectory);
            // --artifacts-path keeps the pack's bin/obj out of the repository, so it never races another build of Core
            // (the analyzer end-to-end tests pack Core's dependants in Release at the same time).
            var pack = DotNet.Run(RepositoryPaths.Root, "pack", RepositoryPaths.TaskProject,
                "-c", "Release", "-o", FeedDirectory, "-p:Version=" + Version, "--artifacts-path", Path.Combine(WorkDirectory, "artifacts"), "-nologo");
            if (pack.ExitCode != 0 || !File.Exists(Path.Combine(FeedDirectory, $"LlmOps.Guardrails.Build.{Version}.nupkg")))
            {
                throw new InvalidOperationException($"dotnet pack failed ({pack.ExitCode}):\n{pack.Output}");
            }
        }, cleanUp: CleanUp);
    }

    /// <summary>A new consumer project folder using the packed package.</summary>
    public Consumer NewConsumer(string name, bool withExtensionsAI = true) => new(Path.Combine(WorkDirectory, name), FeedDirectory, Version, withExtensionsAI);

    public void Dispose() => CleanUp();

    private void CleanUp()
    {
        TestFolders.TryDelete(WorkDirectory);
        TestFolders.RemoveCachedPackage("LlmOps.Guardrails.Build", Version);
    }
}

[CollectionDefinition(Name)]
public sealed class PackageCollection : ICollectionFixture<PackageFixture>
{
    public const string Name = "Package";
}

internal static class RepositoryPaths
{
    public static string Root => RepositoryFolder.Root;

    public static string TaskProject => Path.Combine(Root, "msbuild-tasks", "LlmOps.Guardrails.Build", "LlmOps.Guardrails.Build.csproj");

}
