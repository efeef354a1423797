using System;
using System.IO;

namespace LlmOps.Guardrails.Tests.Shared;

/// <summary>Clean-up of what package tests leave behind.</summary>
public static class TestFolders
{
    /// <summary>Deletes a folder, best effort: a leftover temp folder must not fail the run.</summary>
    public static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Removes one package version from the NuGet global packages folder, so uniquely versioned test packs do not pile up.</summary>
    public static void RemoveCachedPackage(string id, string version)
    {
        var globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } custom
            ? custom
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        TryDelete(Path.Combine(globalPackages, id.ToLowerInvariant(), version));
    }
}
