using LlmOps.Guardrails.Core.Prompts;
using LlmOps.Guardrails.Eval.Config;

namespace LlmOps.Guardrails.Eval.Execution;

public sealed partial class EvalRunner
{
    /// <summary>
    /// A candidate prompt whose model the catalog does not know, at the prompt's <c>model:</c> line, with the catalog's
    /// nearest id. Checked before any call: such a prompt's calls could be neither routed to the provider of its model
    /// nor priced, and a typo would otherwise surface as a provider error or a cassette miss per case. The baseline is
    /// not checked: it is the state the pull request starts from, which the pull request cannot change.
    /// </summary>
    private EvalDiagnostic? UnknownModel(PromptDefinition prompt)
    {
        var lookup = catalog.Lookup(prompt.Model);
        if (lookup.Model is not null) return null;
        string hint = lookup.Suggestion is { } suggestion
            ? $"Did you mean '{suggestion}'?"
            : "Check the spelling against `dotnet eval cost --list`, or declare the model in llmops.models.yaml next to the eval config.";
        var at = prompt.Locations.Of("model");
        return new EvalDiagnostic(
            EvalDiagnosticCodes.UnknownModel,
            $"prompt '{prompt.Id}': the model '{prompt.Model}' is not in the model catalog, so its calls can be neither routed nor priced. {hint}",
            prompt.SourcePath,
            at.Line,
            at.Column);
    }
}
