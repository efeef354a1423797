using System.Collections.Immutable;
using System.Globalization;
using LlmOps.Guardrails.Analyzers.Analysis;
using LlmOps.Guardrails.Analyzers.Configuration;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LlmOps.Guardrails.Analyzers.Rules
{
    /// <summary>
    /// LLM007: an output cap above the model's max_output_tokens. The model comes from the same object
    /// initializer (ChatOptions, CreateResponseOptions, MessageCreateParams, SK settings) or, for
    /// ChatClient.CompleteChat*, from the model the ChatClient was created for.
    /// </summary>
    public sealed class OutputCapAboveMaximumAnalyzer : GuardrailsRule
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(RuleDescriptors.OutputCapAboveMaximum);

        internal override RuleInputs Inputs => RuleInputs.SdkOperations;

        internal override void AnalyzeSdkOperation(OperationAnalysisContext context, KnownSymbols symbols, SdkContext sdk, LlmCall? call, ModelSite? site)
        {
            if (context.Operation.Kind == OperationKind.ObjectCreation)
            {
                AnalyzeCreation(context, symbols, sdk, site);
            }
            else if (site is { } adapterModel && ((IInvocationOperation)context.Operation).TargetMethod.Name == "AsIChatClient")
            {
                AnalyzeAdapter(context, (IInvocationOperation)context.Operation, adapterModel, sdk);
            }
            else if (call != null)
            {
                AnalyzeCall(context, call, symbols, sdk);
            }
        }

        private static void AnalyzeCreation(OperationAnalysisContext context, KnownSymbols symbols, SdkContext sdk, ModelSite? constructed)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            if (creation.Initializer == null)
            {
                return;
            }

            // new CreateResponseOptions("gpt-5-mini", items) { MaxOutputTokenCount = … }: the model is the constructor's.
            var model = constructed;
            IOperation? cap = null;
            foreach (var initializer in creation.Initializer.Initializers)
            {
                if (initializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target } assignment)
                {
                    if (ModelSite.TryGet(assignment, symbols, out var site))
                    {
                        model = site;
                    }
                    else if (IsCapProperty(target.Property, symbols))
                    {
                        cap = assignment.Value;
                    }
                }
            }

            if (model is ModelSite found && cap != null)
            {
                Check(context, found, cap, sdk.Options(context.CancellationToken));
            }
        }

        private static void AnalyzeCall(OperationAnalysisContext context, LlmCall call, KnownSymbols symbols, SdkContext sdk)
        {
            if (call.Sdk != LlmSdk.OpenAIChat || call.CapProperty == null ||
                !ModelSite.TryGetForChatClient(call.Invocation.Instance, symbols, out var model) ||
                call.ClassifyOptions(out var creation) != OptionsKind.Visible)
            {
                return;
            }

            var cap = OptionsInspector.FindProperty(call.OptionsArgument?.Value, creation!, call.CapProperty);
            if (cap != null)
            {
                Check(context, model, cap, sdk.Options(context.CancellationToken));
            }
        }

        /// <summary>Anthropic's AsIChatClient(defaultModelId, defaultMaxOutputTokens): the adapter's default cap against its default model.</summary>
        private static void AnalyzeAdapter(OperationAnalysisContext context, IInvocationOperation invocation, ModelSite model, SdkContext sdk)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Name == "defaultMaxOutputTokens" && argument.ArgumentKind == ArgumentKind.Explicit)
                {
                    Check(context, model, argument.Value, sdk.Options(context.CancellationToken));
                }
            }
        }

        private static void Check(OperationAnalysisContext context, ModelSite model, IOperation capOperation, GuardrailsOptions options)
        {
            var tree = capOperation.Syntax.SyntaxTree;
            if (model.IsAzure && !options.CheckAzureDeployments(tree))
            {
                return;
            }

            var cap = ConstantValues.Int(capOperation);
            var entry = options.Models.Find(model.Id);
            if (cap == null || entry?.MaxOutputTokens is not int maximum || cap.Value <= maximum)
            {
                return;
            }

            var use = ConstantValues.Unwrap(capOperation)!;
            var properties = ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.Replacement, maximum.ToString(CultureInfo.InvariantCulture));
            context.ReportDiagnostic(Diagnostic.Create(RuleDescriptors.OutputCapAboveMaximum, use.Syntax.GetLocation(), properties, cap.Value, model.Id, maximum));
        }

        private static bool IsCapProperty(IPropertySymbol property, KnownSymbols symbols)
        {
            var type = property.ContainingType;
            switch (property.Name)
            {
                case "MaxOutputTokens":
                    return symbols.Is(type, SdkRoles.ChatOptions);
                case "MaxOutputTokenCount":
                    return symbols.Is(type, SdkRoles.ChatCompletionOptions | SdkRoles.CreateResponseOptions);
                case "MaxTokens":
                    return symbols.Is(type, SdkRoles.AnthropicParams | SdkRoles.AnthropicBetaParams | SdkRoles.SkSettings);
                default:
                    return false;
            }
        }
    }
}
