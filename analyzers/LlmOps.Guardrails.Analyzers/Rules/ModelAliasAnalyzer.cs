using System.Collections.Immutable;
using LlmOps.Guardrails.Analyzers.Analysis;
using LlmOps.Guardrails.Analyzers.Configuration;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LlmOps.Guardrails.Analyzers.Rules
{
    /// <summary>LLM001: a model id that is an alias the provider can repoint.</summary>
    public sealed class ModelAliasAnalyzer : ModelSiteAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(RuleDescriptors.ModelAlias);

        internal override void Analyze(OperationAnalysisContext context, ModelSite site, KnownSymbols symbols, GuardrailsOptions options)
        {
            var entry = options.Models.Find(site.Id);
            // A deprecated alias is LLM005's: pinning it to its dying snapshot would be the wrong advice.
            // A deployment name is chosen by the team and pins whatever it serves.
            if (entry == null || !entry.IsAlias || entry.ResolvesTo == null || options.Models.IsDeployment(site.Id) ||
                entry.IsDeprecatedAt(options.Today(site.Value.Syntax.SyntaxTree)))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(RuleDescriptors.ModelAlias, site.Value.Syntax.GetLocation(), Replace(entry.ResolvesTo), site.Id, entry.ResolvesTo));
        }
    }
}
