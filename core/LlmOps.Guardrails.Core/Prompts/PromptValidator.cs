using System;
using System.Collections.Generic;
using System.Globalization;
using LlmOps.Guardrails.Core.Catalog;
using LlmOps.Guardrails.Core.Prompts.Native;

namespace LlmOps.Guardrails.Core.Prompts;

/// <summary>
/// Judges a prompt that was read successfully: placeholders against variables, and the model and output cap
/// against the catalog, with the same judgement as the analyzers (alias, unknown, deprecated/retired, cap).
/// </summary>
/// <remarks>
/// <see cref="Validate"/> does the catalog checks only (LLMP007-LLMP011). The placeholder checks (LLMP005, LLMP006)
/// are <see cref="ValidatePlaceholders"/>, which the <c>*.prompt.yaml</c> reader already runs, so that callers who
/// only read a file get them; run it yourself for prompts built in code.
/// </remarks>
public static class PromptValidator
{
    /// <summary>Model checks for <see cref="PromptDefinition.Model"/> and every fallback, and the output-token cap.</summary>
    public static IReadOnlyList<PromptDiagnostic> Validate(PromptDefinition prompt, ModelCatalog catalog, DateTimeOffset today)
    {
        if (prompt is null)
        {
            throw new ArgumentNullException(nameof(prompt));
        }

        if (catalog is null)
        {
            throw new ArgumentNullException(nameof(catalog));
        }

        var diagnostics = new List<PromptDiagnostic>();
        var cap = prompt.Parameters.MaxOutputTokens;
        // A prompt that names no model (an imported file whose application picks it) has no model to judge.
        if (prompt.HasModel)
        {
            CheckModel(prompt, catalog, today, prompt.Model, "model", "The model", cap, diagnostics);
        }

        for (var i = 0; i < prompt.Fallbacks.Count; i++)
        {
            CheckModel(prompt, catalog, today, prompt.Fallbacks[i], $"fallbacks[{i}]", "The fallback model", cap, diagnostics);
        }

        // A cap that was written but invalid has already been reported by the reader (LLMP003).
        var capWritten = prompt.Locations.Of("parameters.max_output_tokens") != prompt.Locations.Of("parameters");
        if (cap is null && !capWritten)
        {
            Add(
                diagnostics,
                prompt,
                PromptDiagnosticCodes.MissingMaxOutputTokens,
                PromptSeverity.Warning,
                "parameters.max_output_tokens",
                "No 'parameters.max_output_tokens': the cost of every call is unbounded. Set it to the longest answer you expect, such as 'max_output_tokens: 500'.");
        }

        return diagnostics;
    }

    /// <summary>Problems across files: duplicate ids (LLMP012), reported at the second and later files.</summary>
    public static IReadOnlyList<PromptDiagnostic> ValidateSet(IReadOnlyList<PromptDefinition> prompts)
    {
        if (prompts is null)
        {
            throw new ArgumentNullException(nameof(prompts));
        }

        var diagnostics = new List<PromptDiagnostic>();
        var first = new Dictionary<string, PromptDefinition>(StringComparer.OrdinalIgnoreCase);
        foreach (var prompt in prompts)
        {
            if (prompt is null)
            {
                continue;
            }

            if (first.TryGetValue(prompt.Id, out var original))
            {
                var where = original.Locations.Of("id");
                Add(
                    diagnostics,
                    prompt,
                    PromptDiagnosticCodes.DuplicateId,
                    PromptSeverity.Error,
                    "id",
                    $"The prompt id '{prompt.Id}' is already used by {original.SourcePath}({where.Line},{where.Column}); every prompt needs its own id: rename one of them.");
            }
            else
            {
                first.Add(prompt.Id, prompt);
            }
        }

        return diagnostics;
    }

    /// <summary>
    /// LLMP005 for each <c>{{placeholder}}</c> with no declared variable (error, at the message's content) and LLMP006
    /// for each declared variable no message uses (warning, at the variable).
    /// </summary>
    public static IReadOnlyList<PromptDiagnostic> ValidatePlaceholders(PromptDefinition prompt)
    {
        if (prompt is null)
        {
            throw new ArgumentNullException(nameof(prompt));
        }

        var diagnostics = new List<PromptDiagnostic>();
        var declared = new HashSet<string>(StringComparer.Ordinal);
        foreach (var variable in prompt.Variables)
        {
            declared.Add(variable.Name);
        }

        var used = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < prompt.Messages.Count; i++)
        {
            foreach (var name in PromptTemplate.Placeholders(prompt.Messages[i].Template))
            {
                used.Add(name);
                if (declared.Contains(name))
                {
                    continue;
                }

                var near = PromptKeys.Nearest(name, declared, 2);
                var hint = near is null
                    ? $"Declare it under 'variables:' with a realistic sample ('{name}: <sample text>')"
                    : $"Did you mean '{{{{{near}}}}}'? Otherwise declare it under 'variables:' with a realistic sample";
                Add(
                    diagnostics,
                    prompt,
                    PromptDiagnosticCodes.UndeclaredVariable,
                    PromptSeverity.Error,
                    $"messages[{i}].content",
                    $"messages[{i}] uses the placeholder '{{{{{name}}}}}', but no variable '{name}' is declared. {hint}.");
            }
        }

        foreach (var variable in prompt.Variables)
        {
            if (!used.Contains(variable.Name))
            {
                Add(
                    diagnostics,
                    prompt,
                    PromptDiagnosticCodes.UnusedVariable,
                    PromptSeverity.Warning,
                    "variables." + variable.Name,
                    $"The variable '{variable.Name}' is declared but no message uses it; add '{{{{{variable.Name}}}}}' to a message or remove the variable.");
            }
        }

        return diagnostics;
    }

    private static void CheckModel(
        PromptDefinition prompt,
        ModelCatalog catalog,
        DateTimeOffset today,
        string id,
        string path,
        string what,
        int? cap,
        List<PromptDiagnostic> diagnostics)
    {
        var lookup = catalog.Lookup(id);
        if (lookup.Model is not { } model)
        {
            var hint = lookup.Suggestion is { } suggestion
                ? $"Did you mean '{suggestion}'?"
                : "Check the spelling, or add the model to llmops.models.yaml so its price and limits are known.";
            Add(diagnostics, prompt, PromptDiagnosticCodes.UnknownModel, PromptSeverity.Warning, path, $"{what} '{id}' is not in the model catalog, so its cost and limits are unknown. {hint}");
            return;
        }

        var snapshot = catalog.SnapshotOf(model) ?? model;
        if (model.IsAlias)
        {
            var target = model.ResolvesTo ?? snapshot.Id;
            Add(
                diagnostics,
                prompt,
                PromptDiagnosticCodes.UnpinnedModel,
                PromptSeverity.Warning,
                path,
                $"{what} '{id}' is an alias the provider can point at a different model at any time; today it resolves to '{target}'. Pin the snapshot: '{target}'.");
        }

        var status = model.StatusAt(today);
        if (status != ModelStatus.Active)
        {
            var replacement = catalog.ActiveReplacementFor(model, today)?.Id ?? model.Replacement;
            var move = replacement is null ? "Move to a current model." : $"Move to '{replacement}'.";
            if (status == ModelStatus.Retired)
            {
                var on = model.RetiresOn is { } retired ? $" on {Date(retired)}" : string.Empty;
                Add(diagnostics, prompt, PromptDiagnosticCodes.RetiredModel, PromptSeverity.Error, path, $"{what} '{id}' was retired{on}: calls to it fail. {move}");
            }
            else
            {
                var until = model.RetiresOn is { } retires ? $" and retires on {Date(retires)}" : string.Empty;
                Add(diagnostics, prompt, PromptDiagnosticCodes.RetiredModel, PromptSeverity.Warning, path, $"{what} '{id}' is deprecated{until}. {move}");
            }
        }

        var maximum = model.MaxOutputTokens ?? snapshot.MaxOutputTokens;
        if (cap is { } requested && maximum is { } limit && requested > limit)
        {
            var at = path == "model" ? "parameters.max_output_tokens" : path;
            var message = path == "model"
                ? $"'max_output_tokens' is {requested}, above the {limit} output tokens '{id}' can produce; the provider refuses or truncates. Lower it to {limit} or less."
                : $"'max_output_tokens' is {requested}, above the {limit} output tokens the fallback '{id}' can produce; calls that fall back to it are refused or truncated. Lower it to {limit} or less, or choose another fallback.";
            Add(diagnostics, prompt, PromptDiagnosticCodes.MaxOutputTokensAboveModelMaximum, PromptSeverity.Warning, at, message);
        }
    }

    private static string Date(DateTime date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void Add(List<PromptDiagnostic> diagnostics, PromptDefinition prompt, string code, PromptSeverity severity, string path, string message)
    {
        var at = prompt.Locations.Of(path);
        diagnostics.Add(new PromptDiagnostic(code, severity, message, prompt.SourcePath, at.Line, at.Column));
    }
}
