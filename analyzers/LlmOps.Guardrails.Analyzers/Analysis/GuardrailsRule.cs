using System.Collections.Immutable;
using LlmOps.Guardrails.Analyzers.Configuration;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LlmOps.Guardrails.Analyzers.Analysis
{
    /// <summary>
    /// One rule. The package runs all the rules through one <see cref="GuardrailsAnalyzer"/>, so each operation is visited
    /// and resolved once; a rule also runs alone (tests, or a host that wants only it) through the same dispatch.
    /// A rule overrides the inputs it declares in <see cref="Inputs"/>.
    /// </summary>
    public abstract class GuardrailsRule : DiagnosticAnalyzer
    {
        internal GuardrailsRule()
        {
        }

        internal abstract RuleInputs Inputs { get; }

        public sealed override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCode.Flags);
            context.EnableConcurrentExecution();
            RuleDispatch.Register(context, ImmutableArray.Create(this));
        }

        internal virtual void Analyze(OperationAnalysisContext context, ModelSite site, KnownSymbols symbols, GuardrailsOptions options)
        {
        }

        internal virtual void Analyze(OperationAnalysisContext context, LlmCall call, KnownSymbols symbols, GuardrailsOptions options)
        {
        }

        /// <summary>An invocation or creation, with the call and model site the dispatch resolved for it (null when it is none).</summary>
        internal virtual void AnalyzeSdkOperation(OperationAnalysisContext context, KnownSymbols symbols, SdkContext sdk, LlmCall? call, ModelSite? site)
        {
        }

        internal virtual void AnalyzeLiteral(OperationAnalysisContext context)
        {
        }
    }
}
