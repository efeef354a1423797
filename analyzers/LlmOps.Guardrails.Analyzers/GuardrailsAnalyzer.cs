using System.Collections.Immutable;
using LlmOps.Guardrails.Analyzers.Analysis;
using LlmOps.Guardrails.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LlmOps.Guardrails.Analyzers
{
    /// <summary>
    /// The code rules (LLM001–LLM007) as the compiler runs them: one analyzer, one callback per operation kind, each
    /// operation resolved once for all rules. Each rule's logic lives in its own file under Rules/.
    /// (LLM008 reads llmops.models.yaml, not code, and is its own analyzer.)
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class GuardrailsAnalyzer : DiagnosticAnalyzer
    {
        private readonly ImmutableArray<GuardrailsRule> rules = ImmutableArray.Create<GuardrailsRule>(
            new ModelAliasAnalyzer(),
            new MissingOutputCapAnalyzer(),
            new MissingAttributionAnalyzer(),
            new UnknownModelAnalyzer(),
            new DeprecatedModelAnalyzer(),
            new HardCodedApiKeyAnalyzer(),
            new OutputCapAboveMaximumAnalyzer());

        public GuardrailsAnalyzer()
        {
            var descriptors = ImmutableArray.CreateBuilder<DiagnosticDescriptor>();
            foreach (var rule in rules)
            {
                descriptors.AddRange(rule.SupportedDiagnostics);
            }

            SupportedDiagnostics = descriptors.ToImmutable();
        }

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; }

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCode.Flags);
            context.EnableConcurrentExecution();
            RuleDispatch.Register(context, rules);
        }
    }
}
