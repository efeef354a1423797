using Microsoft.CodeAnalysis;

namespace LlmOps.Guardrails.Analyzers
{
    /// <summary>Every descriptor of the product; severities are the defaults users can change in .editorconfig.</summary>
    internal static class RuleDescriptors
    {
        public static readonly DiagnosticDescriptor ModelAlias = Create(
            RuleIdentifiers.ModelAlias,
            "Pin the model to a snapshot",
            "'{0}' is an alias the provider can repoint; pin it to '{1}'",
            "Reliability",
            DiagnosticSeverity.Warning,
            "An alias such as gpt-4o or claude-sonnet-4-5 changes behaviour when the provider moves it to new weights. Pin the dated snapshot it resolves to today.");

        public static readonly DiagnosticDescriptor MissingOutputCap = Create(
            RuleIdentifiers.MissingOutputCap,
            "Cap the output tokens of the call",
            "This LLM call has no output-token cap; set {0}",
            "Cost",
            DiagnosticSeverity.Warning,
            "Without a cap a single runaway generation can cost the model's maximum output. Set the options' output-token limit.");

        public static readonly DiagnosticDescriptor MissingAttribution = Create(
            RuleIdentifiers.MissingAttribution,
            "Attribute the call to a feature",
            "This LLM call has no '{0}' attribution tag",
            "Cost",
            DiagnosticSeverity.Warning,
            "Calls nobody is billed for make cost reports useless. Attribute each call to a feature: llmops.feature in ChatOptions.AdditionalProperties, LlmAttribution.Begin, [LlmFeature] or WithAttribution.");

        public static readonly DiagnosticDescriptor UnknownModel = Create(
            RuleIdentifiers.UnknownModel,
            "Unknown model id",
            "'{0}' is not a known model id{1}",
            "Reliability",
            DiagnosticSeverity.Warning,
            "The id is in neither the built-in catalog nor llmops.models.yaml; a typo fails only at run time. Fix the id, add it to llmops.models.yaml, or list it in llmops.allowed_models.");

        public static readonly DiagnosticDescriptor DeprecatedModel = Create(
            RuleIdentifiers.DeprecatedModel,
            "Deprecated or retired model",
            "'{0}' {1}; move to '{2}'",
            "Reliability",
            DiagnosticSeverity.Warning,
            "The provider has deprecated the model; calls fail after the retirement date (the diagnostic is an error from then on).");

        public static readonly DiagnosticDescriptor RetiredModel = Create(
            RuleIdentifiers.DeprecatedModel,
            "Deprecated or retired model",
            "'{0}' {1}; move to '{2}'",
            "Reliability",
            DiagnosticSeverity.Error,
            "The provider has retired the model; calls to it fail.");

        public static readonly DiagnosticDescriptor HardCodedApiKey = Create(
            RuleIdentifiers.HardCodedApiKey,
            "Do not hard-code provider API keys",
            "This looks like a hard-coded {0} API key; read it from the environment",
            "Security",
            DiagnosticSeverity.Error,
            "A key in source ends up in version control, logs and binaries. Read it from an environment variable or a secret store.");

        public static readonly DiagnosticDescriptor OutputCapAboveMaximum = Create(
            RuleIdentifiers.OutputCapAboveMaximum,
            "Output cap above the model's maximum",
            "The output cap {0} is above the maximum of '{1}' ({2} tokens)",
            "Reliability",
            DiagnosticSeverity.Warning,
            "The provider rejects or silently clamps a cap above the model's maximum output. Clamp it to the maximum.");

        public static readonly DiagnosticDescriptor InvalidModelsFile = Create(
            RuleIdentifiers.InvalidModelsFile,
            "Entry of llmops.models.yaml ignored",
            "{0}({1}): {2}; the entry is ignored",
            "Configuration",
            DiagnosticSeverity.Warning,
            "The analyzers read the subset of llmops.models.yaml they need; an entry they cannot read is ignored and reported.");

        private static DiagnosticDescriptor Create(string id, string title, string message, string category, DiagnosticSeverity severity, string description) =>
            new DiagnosticDescriptor(id, title, message, category, severity, isEnabledByDefault: true, description: description, helpLinkUri: RuleIdentifiers.HelpLink(id));
    }
}
