using System.Collections.Generic;
using System.Collections.Immutable;
using LlmOps.Guardrails.Analyzers.Catalog;
using LlmOps.Guardrails.Analyzers.Configuration;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace LlmOps.Guardrails.Analyzers.Rules
{
    /// <summary>LLM008: an entry of llmops.models.yaml the analyzers could not read (and therefore ignore).</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ModelsFileAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(RuleDescriptors.InvalidModelsFile);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterAdditionalFileAction(Analyze);
        }

        private static void Analyze(AdditionalFileAnalysisContext context)
        {
            var file = context.AdditionalFile;
            if (!GuardrailsOptions.IsModelsFile(file.Path) || file.GetText(context.CancellationToken) is not SourceText text)
            {
                return;
            }

            var problems = new List<ModelsFileProblem>();
            ModelsFileReader.Read(text, ModelTable.BuiltIn, problems);
            foreach (var problem in problems)
            {
                var location = Location.Create(file.Path, problem.Span, text.Lines.GetLinePositionSpan(problem.Span));
                context.ReportDiagnostic(Diagnostic.Create(RuleDescriptors.InvalidModelsFile, location, System.IO.Path.GetFileName(file.Path), problem.Line + 1, problem.Message));
            }
        }
    }
}
