using Microsoft.CodeAnalysis;

namespace LlmOps.Guardrails.Analyzers.Analysis
{
    /// <summary>
    /// The SDK types the rules recognise, resolved once per compilation. A null member means that SDK is
    /// not referenced; when none is, the analyzers register nothing.
    /// </summary>
    internal sealed class KnownSymbols
    {
        private KnownSymbols(Compilation compilation)
        {
            OpenAIChatClient = compilation.GetTypeByMetadataName("OpenAI.Chat.ChatClient");
            OpenAIClient = compilation.GetTypeByMetadataName("OpenAI.OpenAIClient");
            ResponsesClient = compilation.GetTypeByMetadataName("OpenAI.Responses.ResponsesClient");
            ChatCompletionOptions = compilation.GetTypeByMetadataName("OpenAI.Chat.ChatCompletionOptions");
            CreateResponseOptions = compilation.GetTypeByMetadataName("OpenAI.Responses.CreateResponseOptions");
            AnthropicParams = compilation.GetTypeByMetadataName("Anthropic.Models.Messages.MessageCreateParams");
            AnthropicBetaParams = compilation.GetTypeByMetadataName("Anthropic.Models.Beta.Messages.MessageCreateParams");
            AnthropicModel = compilation.GetTypeByMetadataName("Anthropic.Models.Messages.Model");
            ChatClientInterface = compilation.GetTypeByMetadataName("Microsoft.Extensions.AI.IChatClient");
            ChatOptions = compilation.GetTypeByMetadataName("Microsoft.Extensions.AI.ChatOptions");
            SkSettings = compilation.GetTypeByMetadataName("Microsoft.SemanticKernel.PromptExecutionSettings");
            SkOpenAISettings = compilation.GetTypeByMetadataName("Microsoft.SemanticKernel.Connectors.OpenAI.OpenAIPromptExecutionSettings");
            LlmAttribution = compilation.GetTypeByMetadataName("LlmOps.Guardrails.Runtime.LlmAttribution");
            LlmFeatureAttribute = compilation.GetTypeByMetadataName("LlmOps.Guardrails.Runtime.LlmFeatureAttribute");
        }

        public INamedTypeSymbol? OpenAIChatClient { get; }
        public INamedTypeSymbol? OpenAIClient { get; }
        public INamedTypeSymbol? ResponsesClient { get; }
        public INamedTypeSymbol? ChatCompletionOptions { get; }
        public INamedTypeSymbol? CreateResponseOptions { get; }
        public INamedTypeSymbol? AnthropicParams { get; }
        public INamedTypeSymbol? AnthropicBetaParams { get; }
        public INamedTypeSymbol? AnthropicModel { get; }
        public INamedTypeSymbol? ChatClientInterface { get; }
        public INamedTypeSymbol? ChatOptions { get; }
        public INamedTypeSymbol? SkSettings { get; }
        public INamedTypeSymbol? SkOpenAISettings { get; }
        public INamedTypeSymbol? LlmAttribution { get; }
        public INamedTypeSymbol? LlmFeatureAttribute { get; }

        public bool AnySdk =>
            OpenAIChatClient != null || OpenAIClient != null || ResponsesClient != null || AnthropicParams != null || ChatClientInterface != null || SkSettings != null;

        public static KnownSymbols? Create(Compilation compilation)
        {
            var symbols = new KnownSymbols(compilation);
            return symbols.AnySdk ? symbols : null;
        }

        public static bool InheritsFrom(ITypeSymbol? type, ITypeSymbol? baseType)
        {
            if (baseType == null)
            {
                return false;
            }

            for (var current = type; current != null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType))
                {
                    return true;
                }
            }

            return false;
        }

        public static bool Implements(ITypeSymbol? type, ITypeSymbol? iface)
        {
            if (type == null || iface == null)
            {
                return false;
            }

            if (SymbolEqualityComparer.Default.Equals(type, iface))
            {
                return true;
            }

            foreach (var candidate in type.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(candidate, iface))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Azure OpenAI takes deployment names the user chooses, so ids through it are not judged by default.</summary>
        public static bool IsAzureClient(ITypeSymbol? type)
        {
            for (var current = type; current != null; current = current.BaseType)
            {
                if (current.Name == "AzureOpenAIClient" || current.Name == "AzureOpenAIChatClient")
                {
                    return true;
                }
            }

            return false;
        }
    }
}
