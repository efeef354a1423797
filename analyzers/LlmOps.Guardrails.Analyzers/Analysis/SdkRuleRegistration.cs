using System;
using LlmOps.Guardrails.Analyzers.Configuration;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LlmOps.Guardrails.Analyzers.Analysis
{
    /// <summary>
    /// The compilation start every SDK rule shares: the SDK symbols and the options, resolved once and shared
    /// between rules, and nothing registered for a compilation that references none of the recognised SDKs.
    /// (Each rule still configures generated code and concurrency itself, where RS1025/RS1026 look for it.)
    /// </summary>
    internal static class SdkRuleRegistration
    {
        public static void RegisterWhenSdkPresent(AnalysisContext context, Action<CompilationStartAnalysisContext, KnownSymbols, GuardrailsOptions> register)
        {
            context.RegisterCompilationStartAction(start =>
            {
                var symbols = KnownSymbols.Create(start.Compilation);
                if (symbols == null)
                {
                    return;
                }

                register(start, symbols, GuardrailsOptions.Shared(start.Options, start.CancellationToken));
            });
        }
    }
}
