using System.IO;

namespace LlmOps.Guardrails.Tests.Shared;

/// <summary>A folder for a consumer project of the packed feed, cut off from every build setting above it.</summary>
public static class ConsumerFolder
{
    /// <summary>Creates <paramref name="directory"/> with empty Directory.Build.* files and a NuGet.config naming <paramref name="feed"/>.</summary>
    public static void Create(string directory, string feed)
    {
        Directory.CreateDirectory(directory);

        // Empty Directory.Build.* files stop MSBuild from importing anything found further up the temp path.
        File.WriteAllText(Path.Combine(directory, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(directory, "Directory.Build.targets"), "<Project />\n");

        // No <clear />: the machine's own feed still serves the third-party packages (provider SDKs, Microsoft.Extensions.AI).
        File.WriteAllText(Path.Combine(directory, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="llmops-local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
    }
}
