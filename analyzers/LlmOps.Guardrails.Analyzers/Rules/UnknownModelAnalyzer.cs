using System.Collections.Immutable;
using LlmOps.Guardrails.Analyzers.Analysis;
using LlmOps.Guardrails.Analyzers.Configuration;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LlmOps.Guardrails.Analyzers.Rules
{
    /// <summary>LLM004: a model id in neither the catalog, llmops.models.yaml nor llmops.allowed_models.</summary>
    public sealed class UnknownModelAnalyzer : ModelSiteAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(RuleDescriptors.UnknownModel);

        internal override void Analyze(OperationAnalysisContext context, ModelSite site, KnownSymbols symbols, GuardrailsOptions options)
        {
            // A local or OpenAI-compatible server serves models no catalog lists; llmops.models.yaml can still declare them.
            if (options.Models.Find(site.Id) != null || options.IsAllowed(site.Value.Syntax.SyntaxTree, site.Id) || EndpointInspector.ServedElsewhere(site, symbols))
            {
                return;
            }

            var suggestion = options.Models.Suggest(site.Id, options.Today(site.Value.Syntax.SyntaxTree));
            var properties = suggestion != null ? Replace(suggestion) : ImmutableDictionary<string, string?>.Empty;
            var hint = suggestion != null ? "; did you mean '" + suggestion + "'?" : string.Empty;
            context.ReportDiagnostic(Diagnostic.Create(RuleDescriptors.UnknownModel, site.Value.Syntax.GetLocation(), properties, site.Id, hint));
        }
    }
}
