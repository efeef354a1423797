namespace LlmOps.Guardrails.Analyzers
{
    /// <summary>Keys of <c>Diagnostic.Properties</c> the code fixes read, so they never re-run the analysis.</summary>
    public static class DiagnosticProperties
    {
        /// <summary>The text that replaces the flagged value (a model id, a number).</summary>
        public const string Replacement = "llmops.replacement";

        /// <summary>The output cap to insert (LLM002).</summary>
        public const string CapValue = "llmops.cap";

        /// <summary>The options property that holds the cap (LLM002), e.g. MaxOutputTokenCount.</summary>
        public const string CapProperty = "llmops.capProperty";

        /// <summary>The metadata name of the options type (LLM002/LLM003).</summary>
        public const string OptionsType = "llmops.optionsType";

        /// <summary>The name of the options parameter of the call (LLM002/LLM003).</summary>
        public const string OptionsParameter = "llmops.optionsParameter";

        /// <summary>The environment variable the key should come from (LLM006).</summary>
        public const string EnvironmentVariable = "llmops.envVar";

        /// <summary>Set when the call takes Microsoft.Extensions.AI ChatOptions (LLM003 adds AdditionalProperties).</summary>
        public const string ChatOptionsCall = "llmops.chatOptions";

        /// <summary>
        /// A Semantic Kernel kernel invocation (LLM002): the fully qualified KernelArguments type; the settings
        /// of <see cref="OptionsType"/> go into the arguments' constructor, not into the arguments themselves.
        /// </summary>
        public const string KernelArgumentsType = "llmops.kernelArguments";
    }
}
