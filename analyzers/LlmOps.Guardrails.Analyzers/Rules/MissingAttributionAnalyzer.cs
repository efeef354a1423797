using System.Collections.Immutable;
using LlmOps.Guardrails.Analyzers.Analysis;
using LlmOps.Guardrails.Analyzers.Configuration;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LlmOps.Guardrails.Analyzers.Rules
{
    /// <summary>LLM003: an LLM call not covered by the required attribution tags (feature by default).</summary>
    public sealed class MissingAttributionAnalyzer : LlmCallAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(RuleDescriptors.MissingAttribution);

        internal override void Analyze(OperationAnalysisContext context, LlmCall call, KnownSymbols symbols, GuardrailsOptions options)
        {
            // Options from elsewhere (a parameter, a field, configuration) may carry the tags: not judged.
            // (Kernel arguments cannot carry attribution, so where they come from does not matter.)
            var kind = call.ClassifyOptions(out _);
            if (kind == OptionsKind.Unknown && call.Sdk != LlmSdk.SemanticKernelKernel)
            {
                return;
            }

            var required = options.RequiredTags(context.Operation.Syntax.SyntaxTree);
            if (required.Count == 0)
            {
                return;
            }

            var present = AttributionFinder.TagsCovering(call, context.ContainingSymbol, symbols);
            foreach (var tag in required)
            {
                if (present.Contains(tag))
                {
                    continue;
                }

                var properties = ImmutableDictionary<string, string?>.Empty;
                if (call.Sdk == LlmSdk.ExtensionsAI && call.OptionsParameter != null)
                {
                    properties = properties
                        .Add(DiagnosticProperties.ChatOptionsCall, "true")
                        .Add(DiagnosticProperties.OptionsType, call.OptionsParameter.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat))
                        .Add(DiagnosticProperties.OptionsParameter, call.OptionsParameter.Name);
                }

                context.ReportDiagnostic(Diagnostic.Create(RuleDescriptors.MissingAttribution, context.Operation.Syntax.GetLocation(), properties, tag));
                return;
            }
        }
    }
}
