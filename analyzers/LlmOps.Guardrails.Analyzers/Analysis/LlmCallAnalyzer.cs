using LlmOps.Guardrails.Analyzers.Configuration;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LlmOps.Guardrails.Analyzers.Analysis
{
    /// <summary>Shared registration of the rules that judge an LLM call (LLM002, LLM003): invocations that are <see cref="LlmCall"/>s, outside generated code.</summary>
    public abstract class LlmCallAnalyzer : DiagnosticAnalyzer
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
                        if (!operation.IsGeneratedCode && LlmCall.TryCreate((IInvocationOperation)operation.Operation, symbols) is { } call)
                        {
                            Analyze(operation, call, symbols, options);
                        }
                    },
                    OperationKind.Invocation);
            });
        }

        private protected abstract void Analyze(OperationAnalysisContext context, LlmCall call, KnownSymbols symbols, GuardrailsOptions options);
    }
}
