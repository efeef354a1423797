using System.Xml.Linq;

namespace LlmOps.Guardrails.EndToEnd.Tests;

internal static class RepositoryPaths
{
    public static string Root => RepositoryFolder.Root;

    public static string Solution => Path.Combine(Root, "LlmOps.Guardrails.sln");

    /// <summary>The one product version, as Directory.Build.props declares it.</summary>
    public static string VersionPrefix { get; } =
        XDocument.Load(Path.Combine(Root, "Directory.Build.props")).Descendants("VersionPrefix").Single().Value.Trim();

}
