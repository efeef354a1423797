using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace LlmOps.Guardrails.Analyzers.Analysis
{
    /// <summary>A rule that judges a model id (LLM001, LLM004, LLM005); Azure deployment names only when asked.</summary>
    public abstract class ModelSiteAnalyzer : GuardrailsRule
    {
        internal sealed override RuleInputs Inputs => RuleInputs.ModelSites;

        private protected static ImmutableDictionary<string, string?> Replace(string replacement) =>
            ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.Replacement, replacement);
    }
}
