using System;
using System.IO;

namespace LlmOps.Guardrails.Tests.Shared;

/// <summary>Where the repository is, for tests that read its files or run its scripts.</summary>
public static class RepositoryFolder
{
    private static readonly Lazy<string?> Found = new(Find);

    /// <summary>The nearest folder above the test assembly that holds LlmOps.Guardrails.sln.</summary>
    public static string Root => Found.Value ?? throw new InvalidOperationException("LlmOps.Guardrails.sln not found above " + AppContext.BaseDirectory);

    /// <summary>As <see cref="Root"/>, or null when the tests run outside the repository.</summary>
    public static string? TryRoot => Found.Value;

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LlmOps.Guardrails.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
