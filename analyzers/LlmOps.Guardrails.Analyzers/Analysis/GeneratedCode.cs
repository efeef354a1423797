using Microsoft.CodeAnalysis.Diagnostics;

namespace LlmOps.Guardrails.Analyzers.Analysis
{
    /// <summary>
    /// Generated code is not analysed, but the rules skip it themselves: each callback returns at once when
    /// <see cref="OperationAnalysisContext.IsGeneratedCode"/> is set (generated file names, auto-generated headers,
    /// the generated_code option, [GeneratedCode] on the member or its types). With
    /// <see cref="GeneratedCodeAnalysisFlags.None"/> the compiler instead checks every reported diagnostic by
    /// collecting all [GeneratedCode] symbols of its file, which in a 1,000-file build cost more than all
    /// the rules' own work.
    /// </summary>
    internal static class GeneratedCode
    {
        public const GeneratedCodeAnalysisFlags Flags = GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics;
    }
}
