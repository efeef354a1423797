using System.Collections.Immutable;
using LlmOps.Guardrails.Analyzers.Configuration;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LlmOps.Guardrails.Analyzers.Analysis
{
    /// <summary>Shared registration of the rules that judge a model id (LLM001, LLM004, LLM005).</summary>
    public abstract class ModelSiteAnalyzer : DiagnosticAnalyzer
    {
        public sealed override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCode.Flags);
            context.EnableConcurrentExecution();
            SdkRuleRegistration.RegisterWhenSdkPresent(context, (start, symbols, options) =>
            {
                start.RegisterOperationAction(
                    operation =>
                    {
                        if (operation.IsGeneratedCode || !ModelSite.TryGet(operation.Operation, symbols, out var site))
                        {
                            return;
                        }

                        var tree = operation.Operation.Syntax.SyntaxTree;
                        if (site.IsAzure && !options.CheckAzureDeployments(tree))
                        {
                            return;
                        }

                        Analyze(operation, site, symbols, options);
                    },
                    OperationKind.Invocation,
                    OperationKind.ObjectCreation,
                    OperationKind.SimpleAssignment);
            });
        }

        private protected abstract void Analyze(OperationAnalysisContext context, ModelSite site, KnownSymbols symbols, GuardrailsOptions options);

        private protected static ImmutableDictionary<string, string?> Replace(string replacement) =>
            ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.Replacement, replacement);
    }
}
