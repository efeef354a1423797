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
    public sealed class MissingOutputCapAnalyzer : LlmCallAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(RuleDescriptors.MissingOutputCap);

        internal override void Analyze(OperationAnalysisContext context, LlmCall call, KnownSymbols symbols, GuardrailsOptions options)
        {
            if (call.CapProperty == null)
            {
                return;
            }

            if (call.Sdk == LlmSdk.SemanticKernelKernel)
            {
                AnalyzeKernelInvocation(context, call, symbols, options);
                return;
            }

            var kind = call.ClassifyOptions(out var creation);
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
        /// A kernel invocation of a prompt: capped when the settings in its KernelArguments (new KernelArguments(settings))
        /// or the settings the prompt function was created with set MaxTokens. Arguments or settings from elsewhere are not judged.
        /// The fix puts connector settings with the cap into the arguments.
        /// </summary>
        private static void AnalyzeKernelInvocation(OperationAnalysisContext context, LlmCall call, KnownSymbols symbols, GuardrailsOptions options)
        {
            var kind = call.ClassifyOptions(out var arguments);
            if (kind == OptionsKind.Unknown ||
                (arguments != null && SettingsState(Argument(arguments, "executionSettings"), call.CapProperty!, symbols) != SettingsCap.Missing) ||
                (call.PromptFunction != null &&
                 (Argument(call.PromptFunction, "promptConfig") != null || SettingsState(Argument(call.PromptFunction, "executionSettings"), call.CapProperty!, symbols) != SettingsCap.Missing)))
            {
                return;
            }

            var cap = options.MaxOutputTokens(context.Operation.Syntax.SyntaxTree);
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(DiagnosticProperties.CapValue, cap.ToString(CultureInfo.InvariantCulture));
            if (symbols.SkOpenAISettings != null && call.OptionsParameter != null)
            {
                properties = properties
                    .Add(DiagnosticProperties.CapProperty, call.CapProperty)
                    .Add(DiagnosticProperties.OptionsType, symbols.SkOpenAISettings.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat))
                    .Add(DiagnosticProperties.OptionsParameter, call.OptionsParameter.Name)
                    .Add(DiagnosticProperties.KernelArgumentsType, call.OptionsParameter.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
            }

            context.ReportDiagnostic(Diagnostic.Create(RuleDescriptors.MissingOutputCap, context.Operation.Syntax.GetLocation(), properties, call.CapProperty));
        }

        private enum SettingsCap
        {
            Missing,
            Capped,
            Unknown,
        }

        /// <summary>Settings created in the method (a PromptExecutionSettings, not a collection of them) are judged; others are not.</summary>
        private static SettingsCap SettingsState(IOperation? settings, string capProperty, KnownSymbols symbols)
        {
            var kind = OptionsInspector.Classify(settings, out var creation);
            if (kind == OptionsKind.None)
            {
                return SettingsCap.Missing;
            }

            if (kind != OptionsKind.Visible || !symbols.Is(creation!.Type, SdkRoles.SkSettings))
            {
                return SettingsCap.Unknown;
            }

            return OptionsInspector.FindProperty(settings, creation, capProperty) != null ? SettingsCap.Capped : SettingsCap.Missing;
        }

        private static IOperation? Argument(IOperation creationOrCall, string parameter)
        {
            var arguments = creationOrCall switch
            {
                IObjectCreationOperation creation => creation.Arguments,
                IInvocationOperation invocation => invocation.Arguments,
                _ => ImmutableArray<IArgumentOperation>.Empty,
            };
            foreach (var argument in arguments)
            {
                if (argument.Parameter?.Name == parameter && argument.ArgumentKind == ArgumentKind.Explicit)
                {
                    return argument.Value;
                }
            }

            return null;
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
