using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.CompilerServices;
using LlmOps.Guardrails.Runtime;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace LlmOps.Guardrails.Analyzers.Tests.Harness;

/// <summary>
/// What test sources compile against: the .NET 8 reference assemblies and the real SDK packages, at the versions in
/// Directory.Packages.props, plus the LlmOps runtime's attribution API. The packages come from the NuGet global
/// packages folder, where restoring LlmOps.Guardrails.Analyzers.TestReferences puts them; no package source is
/// consulted, so the tests run offline after the first restore.
/// </summary>
public static class TestReferences
{
    /// <summary>Lifecycle dates are judged against a fixed day so the tests do not rot as the calendar moves.</summary>
    public const string AnalysisDate = "2026-11-24";

    public static ReferenceAssemblies Assemblies { get; } = Create();

    /// <summary>The runtime's own assemblies (LlmAttribution, LlmFeature, WithAttribution), as built with the tests.</summary>
    public static ImmutableArray<MetadataReference> Runtime { get; } = ImmutableArray.Create<MetadataReference>(
        MetadataReference.CreateFromFile(typeof(LlmAttribution).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(LlmOps.Guardrails.Core.Catalog.ModelCatalog).Assembly.Location));

    private static ReferenceAssemblies Create()
    {
        // The packages are the project's SdkPackage items (one list, in the project file), with their central versions.
        var versions = typeof(TestReferences).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Where(a => a.Key.StartsWith("SdkPackage:", StringComparison.Ordinal))
            .ToDictionary(a => a.Key["SdkPackage:".Length..], a => a.Value!, StringComparer.Ordinal);

        // No package source: only the global packages folder (which the framework always consults first).
        var config = Path.Combine(TestTempFolder.Path, "nuget.config");
        File.WriteAllText(config, """
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
              </packageSources>
            </configuration>
            """);

        return ReferenceAssemblies.Net.Net80
            .AddPackages(versions.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new PackageIdentity(p.Key, p.Value)).ToImmutableArray())
            .WithNuGetConfigFilePath(config);
    }
}

/// <summary>The temp folder of the test process: a folder of the build output, not the machine's.</summary>
internal static class TestTempFolder
{
    public static readonly string Path = System.IO.Path.Combine(AppContext.BaseDirectory, "test-temp");

    /// <summary>
    /// ReferenceAssemblies resolves under Path.GetTempPath() (a lock file and a folder for packages it had to fetch).
    /// Point the test process's temp folder into the build output before the framework is first touched, so a run
    /// leaves nothing behind in the machine's temp folder.
    /// </summary>
    [ModuleInitializer]
    internal static void Use()
    {
        Directory.CreateDirectory(Path);
        Environment.SetEnvironmentVariable("TMPDIR", Path);
    }
}
