using System.Globalization;

namespace LlmOps.Guardrails.Analyzers.IntegrationTests;

/// <summary>
/// Packs the analyzer package once into a throw-away local feed, then builds two consumer projects
/// against it with the real <c>dotnet build</c>: one with a finding per rule, one with those findings fixed.
/// </summary>
public sealed class EndToEndFixture : IDisposable
{
    // A fresh version per run, so NuGet's global package cache can never hand back an older build.
    public string Version { get; } = "0.1.0-e2e." + DateTime.UtcNow.Ticks.ToString(CultureInfo.InvariantCulture);

    public string WorkDirectory { get; } = Path.Combine(Path.GetTempPath(), "llmops-e2e-" + Guid.NewGuid().ToString("N"));

    public string FeedDirectory => Path.Combine(WorkDirectory, "feed");

    public string PackagePath => Path.Combine(FeedDirectory, $"LlmOps.Guardrails.Analyzers.{Version}.nupkg");

    public DotNet.Result Pack { get; private set; } = null!;

    public ConsumerBuild Broken { get; private set; } = null!;

    public ConsumerBuild Fixed { get; private set; } = null!;

    public EndToEndFixture()
    {
        SharedFixtureSetup.Run(typeof(EndToEndFixture), "The analyzer package fixture (dotnet pack, then two consumer builds)", () =>
        {
            Directory.CreateDirectory(FeedDirectory);
            Pack = DotNet.Run(RepositoryPaths.Root, "pack", RepositoryPaths.PackageProject,
                "-c", "Release", "-o", FeedDirectory, "-p:Version=" + Version, "-nologo");
            if (Pack.ExitCode != 0 || !File.Exists(PackagePath))
            {
                throw new InvalidOperationException($"dotnet pack failed ({Pack.ExitCode}):\n{Pack.Output}");
            }

            // The two consumers are independent: build them side by side. Both finish (or time out) before a failure of
            // either is raised, so the clean-up never deletes a folder a build is still writing to.
            var broken = Task.Run(() => ConsumerBuild.Run(Path.Combine(WorkDirectory, "broken"), "Broken.cs", FeedDirectory, Version));
            var fixedBuild = Task.Run(() => ConsumerBuild.Run(Path.Combine(WorkDirectory, "fixed"), "Fixed.cs", FeedDirectory, Version));
            Task.WhenAll(broken, fixedBuild).GetAwaiter().GetResult();
            Broken = broken.GetAwaiter().GetResult();
            Fixed = fixedBuild.GetAwaiter().GetResult();
        }, cleanUp: CleanUp);
    }

    public void Dispose() => CleanUp();

    private void CleanUp()
    {
        TestFolders.TryDelete(WorkDirectory);
        // Each run leaves a uniquely versioned copy in the global cache; remove it so runs do not pile up.
        TestFolders.RemoveCachedPackage("LlmOps.Guardrails.Analyzers", Version);
    }
}

[CollectionDefinition(Name)]
public sealed class EndToEndCollection : ICollectionFixture<EndToEndFixture>
{
    public const string Name = "EndToEnd";
}
