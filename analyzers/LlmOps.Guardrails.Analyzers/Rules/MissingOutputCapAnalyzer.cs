using System.Collections.Immutable;
using System.Globalization;
using LlmOps.Guardrails.Analyzers.Analysis;
using LlmOps.Guardrails.Analyzers.Configuration;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LlmOps.Guardrails.Analyzers.Rules
{
    /// <summary>LLM002: an LLM call whose options (or lack of them) set no output-token cap.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class MissingOutputCapAnalyzer : LlmCallAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(RuleDescriptors.MissingOutputCap);

        private protected override void Analyze(OperationAnalysisContext context, LlmCall call, KnownSymbols symbols, GuardrailsOptions options)
        {
            if (call.CapProperty == null)
            {
                return;
            }

            var kind = OptionsInspector.Classify(call.OptionsArgument?.Value, out var creation);
            if (kind == OptionsKind.Unknown || (kind == OptionsKind.Visible && OptionsInspector.FindProperty(call.OptionsArgument?.Value, creation!, call.CapProperty) != null))
            {
                return;
            }

            var cap = options.MaxOutputTokens(context.Operation.Syntax.SyntaxTree);
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(DiagnosticProperties.CapValue, cap.ToString(CultureInfo.InvariantCulture));
            var optionsType = FixableOptionsType(call, creation, symbols);
            if (call.OptionsParameter != null && optionsType != null)
            {
                properties = properties
                    .Add(DiagnosticProperties.CapProperty, call.CapProperty)
                    .Add(DiagnosticProperties.OptionsType, optionsType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat))
                    .Add(DiagnosticProperties.OptionsParameter, call.OptionsParameter.Name);
            }

            context.ReportDiagnostic(Diagnostic.Create(RuleDescriptors.MissingOutputCap, context.Operation.Syntax.GetLocation(), properties, call.CapProperty));
        }

        /// <summary>
        /// The options type the fix can set the cap on, or null when no fix is offered. Semantic Kernel's base
        /// PromptExecutionSettings has no MaxTokens: new settings are the OpenAI connector's, and existing base
        /// settings are reported without a fix.
        /// </summary>
        private static ITypeSymbol? FixableOptionsType(LlmCall call, IObjectCreationOperation? creation, KnownSymbols symbols)
        {
            if (call.Sdk != LlmSdk.SemanticKernel)
            {
                return call.OptionsParameter?.Type;
            }

            if (creation == null)
            {
                return symbols.SkOpenAISettings;
            }

            for (var type = creation.Type; type != null; type = type.BaseType)
            {
                if (!type.GetMembers(call.CapProperty!).IsEmpty)
                {
                    return creation.Type;
                }
            }

            return null;
        }
    }
}
