using System;
using System.Collections.Immutable;
using System.Globalization;
using LlmOps.Guardrails.Analyzers.Analysis;
using LlmOps.Guardrails.Analyzers.Catalog;
using LlmOps.Guardrails.Analyzers.Configuration;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LlmOps.Guardrails.Analyzers.Rules
{
    /// <summary>LLM005: a deprecated model (warning) or a retired one (error), with the catalog's replacement.</summary>
    public sealed class DeprecatedModelAnalyzer : ModelSiteAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(RuleDescriptors.DeprecatedModel, RuleDescriptors.RetiredModel);

        internal override void Analyze(OperationAnalysisContext context, ModelSite site, KnownSymbols symbols, GuardrailsOptions options)
        {
            var today = options.Today(site.Value.Syntax.SyntaxTree);
            var entry = options.Models.Find(site.Id);
            if (entry == null || !entry.IsDeprecatedAt(today))
            {
                return;
            }

            var retired = entry.IsRetiredAt(today);
            var state = retired
                ? "was retired on " + Format(entry.RetiresOn)
                : entry.RetiresOn != null ? "is deprecated and retires on " + Format(entry.RetiresOn) : "is deprecated";
            var replacement = ActiveReplacement(entry, options.Models, today);
            // A deployment name is not a model id: the deployment must move, the code keeps its name (no fix).
            var properties = replacement != null && !options.Models.IsDeployment(site.Id) ? Replace(replacement) : ImmutableDictionary<string, string?>.Empty;
            var descriptor = retired ? RuleDescriptors.RetiredModel : RuleDescriptors.DeprecatedModel;
            context.ReportDiagnostic(Diagnostic.Create(descriptor, site.Value.Syntax.GetLocation(), properties, site.Id, state, replacement ?? "a supported model"));
        }

        /// <summary>Follows the replacement chain past replacements that are themselves retired.</summary>
        private static string? ActiveReplacement(CatalogEntry entry, ModelTable models, DateTime today)
        {
            var current = entry;
            for (var hop = 0; hop < 8 && current.Replacement != null; hop++)
            {
                var next = models.Find(current.Replacement);
                if (next == null || !next.IsRetiredAt(today))
                {
                    return current.Replacement;
                }

                current = next;
            }

            return null;
        }

        private static string Format(DateTime? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "?";
    }
}
