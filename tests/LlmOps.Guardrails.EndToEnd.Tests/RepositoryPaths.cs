using System.Xml.Linq;

namespace LlmOps.Guardrails.EndToEnd.Tests;

internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Solution => Path.Combine(Root, "LlmOps.Guardrails.sln");

    /// <summary>The one product version, as Directory.Build.props declares it.</summary>
    public static string VersionPrefix { get; } =
        XDocument.Load(Path.Combine(Root, "Directory.Build.props")).Descendants("VersionPrefix").Single().Value.Trim();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LlmOps.Guardrails.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("LlmOps.Guardrails.sln not found above " + AppContext.BaseDirectory);
    }
}
