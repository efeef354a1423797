using System;

namespace LlmOps.Guardrails.Analyzers.Analysis
{
    /// <summary>
    /// What a type can be to the rules: which SDK types it is or derives from (<see cref="KnownSymbols.Is"/>).
    /// </summary>
    [Flags]
    internal enum SdkRoles
    {
        None = 0,
        OpenAIChatClient = 1 << 0,
        OpenAIClient = 1 << 1,
        ResponsesClient = 1 << 2,
        ChatCompletionOptions = 1 << 3,
        CreateResponseOptions = 1 << 4,
        AnthropicParams = 1 << 5,
        AnthropicBetaParams = 1 << 6,
        ChatOptions = 1 << 7,
        SkSettings = 1 << 8,

        /// <summary>Declared in a namespace whose name starts with "Anthropic".</summary>
        AnthropicNamespace = 1 << 9,
    }
}
