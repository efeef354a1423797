using System.Threading;
using LlmOps.Guardrails.Analyzers.Configuration;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LlmOps.Guardrails.Analyzers.Analysis
{
    /// <summary>
    /// The SDK symbols and the options of one compilation, resolved on the first operation that needs them and shared by
    /// every rule. At compilation start the compiler has not yet bound the references; resolving symbols there made the
    /// first rule pay for that binding (100–180 ms of a 1,000-file build). By the first operation the compiler has done it.
    /// </summary>
    internal sealed class SdkContext
    {
        private readonly Compilation compilation;
        private readonly AnalyzerOptions analyzerOptions;
        private KnownSymbols? symbols;
        private GuardrailsOptions? options;
        private int resolved;

        public SdkContext(Compilation compilation, AnalyzerOptions analyzerOptions)
        {
            this.compilation = compilation;
            this.analyzerOptions = analyzerOptions;
        }

        /// <summary>The SDK symbols, or null when the referenced assemblies hold none of the SDK types after all.</summary>
        public KnownSymbols? Symbols
        {
            get
            {
                if (Volatile.Read(ref resolved) == 0)
                {
                    // Threads that race here get the same instance: KnownSymbols.Create makes one per compilation.
                    symbols = KnownSymbols.Create(compilation);
                    Volatile.Write(ref resolved, 1);
                }

                return symbols;
            }
        }

        /// <summary>The options (llmops.models.yaml is read here); asked for only where a rule has something to judge.</summary>
        public GuardrailsOptions Options(CancellationToken cancellationToken) =>
            Volatile.Read(ref options) ?? (options = GuardrailsOptions.Shared(analyzerOptions, cancellationToken));
    }
}
