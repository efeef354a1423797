using System;
using System.IO;
using LlmOps.Guardrails.Core.Catalog;

namespace LlmOps.Guardrails.Eval.Commands;

/// <summary>Resolves a user-typed model id against the catalog, explaining misses the same way everywhere.</summary>
internal static class ModelResolver
{
    public static ModelInfo? Resolve(string modelId, TextWriter error) => Resolve(modelId, ModelCatalog.Default, error);

    public static ModelInfo? Resolve(string modelId, ModelCatalog catalog, TextWriter error)
    {
        var lookup = catalog.Lookup(modelId);
        if (lookup.Model is { } model)
        {
            return model;
        }

        var hint = lookup.Suggestion is null
            ? "Run 'dotnet eval cost --list' to see the known models, or add it to llmops.models.yaml."
            : $"Did you mean '{lookup.Suggestion}'?";
        error.WriteLine($"error LLME001: Unknown model '{modelId}'. {hint}");
        return null;
    }
}
