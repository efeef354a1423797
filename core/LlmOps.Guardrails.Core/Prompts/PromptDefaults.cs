using System;

namespace LlmOps.Guardrails.Core.Prompts;

/// <summary>Project-wide settings applied to prompts after reading: the default model for files that name none.</summary>
public static class PromptDefaults
{
    /// <summary>
    /// <paramref name="prompt"/> priced with <paramref name="defaultModel"/> when it names no model. Without a default
    /// the prompt is returned as it is (counted, versioned and hashed, not priced) and <paramref name="unpriced"/> is the
    /// info diagnostic LLMP019 that says so.
    /// </summary>
    public static PromptDefinition ApplyDefaultModel(PromptDefinition prompt, string? defaultModel, out PromptDiagnostic? unpriced)
    {
        if (prompt is null)
        {
            throw new ArgumentNullException(nameof(prompt));
        }

        unpriced = null;
        if (prompt.HasModel)
        {
            return prompt;
        }

        if (!string.IsNullOrWhiteSpace(defaultModel))
        {
            return Copy(prompt, defaultModel!.Trim());
        }

        var at = prompt.Locations.Of("model");
        unpriced = new PromptDiagnostic(
            PromptDiagnosticCodes.UnpricedPrompt,
            PromptSeverity.Info,
            $"Prompt '{prompt.Id}' names no model (its application picks one at run time), so it is counted and versioned but not priced. "
            + "Set a project default model to price it: the LlmOpsDefaultModel MSBuild property, or default_model in llmops.eval.yaml.",
            prompt.SourcePath,
            at.Line,
            at.Column);
        return prompt;
    }

    private static PromptDefinition Copy(PromptDefinition prompt, string model) => new()
    {
        Id = prompt.Id,
        Description = prompt.Description,
        Feature = prompt.Feature,
        Team = prompt.Team,
        Model = model,
        ModelIsDefault = true,
        Fallbacks = prompt.Fallbacks,
        Parameters = prompt.Parameters,
        Variables = prompt.Variables,
        Messages = prompt.Messages,
        ExpectedOutputTokens = prompt.ExpectedOutputTokens,
        CallsPerDay = prompt.CallsPerDay,
        Dataset = prompt.Dataset,
        SourcePath = prompt.SourcePath,
        Format = prompt.Format,
        Locations = prompt.Locations,
        Document = prompt.Document,
    };
}
