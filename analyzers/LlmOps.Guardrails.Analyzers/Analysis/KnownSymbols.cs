using System;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace LlmOps.Guardrails.Analyzers.Analysis
{
    /// <summary>
    /// The SDK types the rules recognise, resolved once per compilation. A null member means that SDK is
    /// not referenced; when none is, the analyzers register nothing. One instance per compilation is
    /// shared by all the analyzers, so its per-type cache serves every rule.
    /// </summary>
    internal sealed class KnownSymbols
    {
        // The analyzers are separate instances; the compilation is the one thing they share.
        private static readonly ConditionalWeakTable<Compilation, KnownSymbols> Instances = new ConditionalWeakTable<Compilation, KnownSymbols>();
        private static readonly ConditionalWeakTable<Compilation, KnownSymbols>.CreateValueCallback CreateInstance = c => new KnownSymbols(c);

        private readonly ConcurrentDictionary<ITypeSymbol, SdkRoles> roles = new ConcurrentDictionary<ITypeSymbol, SdkRoles>(SymbolEqualityComparer.Default);
        private readonly Func<ITypeSymbol, SdkRoles> computeRoles;

        private KnownSymbols(Compilation compilation)
        {
            computeRoles = ComputeRoles;
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
            var symbols = Instances.GetValue(compilation, CreateInstance);
            return symbols.AnySdk ? symbols : null;
        }

        /// <summary>Whether <paramref name="type"/> is or derives from any of the SDK types in <paramref name="role"/>.</summary>
        public bool Is(ITypeSymbol? type, SdkRoles role) => type != null && (roles.GetOrAdd(type, computeRoles) & role) != 0;

        private static bool InheritsFrom(ITypeSymbol? type, ITypeSymbol? baseType)
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

        private SdkRoles ComputeRoles(ITypeSymbol type)
        {
            var result = SdkRoles.None;
            result |= InheritsFrom(type, OpenAIChatClient) ? SdkRoles.OpenAIChatClient : SdkRoles.None;
            result |= InheritsFrom(type, OpenAIClient) ? SdkRoles.OpenAIClient : SdkRoles.None;
            result |= InheritsFrom(type, ResponsesClient) ? SdkRoles.ResponsesClient : SdkRoles.None;
            result |= InheritsFrom(type, ChatCompletionOptions) ? SdkRoles.ChatCompletionOptions : SdkRoles.None;
            result |= InheritsFrom(type, CreateResponseOptions) ? SdkRoles.CreateResponseOptions : SdkRoles.None;
            result |= InheritsFrom(type, AnthropicParams) ? SdkRoles.AnthropicParams : SdkRoles.None;
            result |= InheritsFrom(type, AnthropicBetaParams) ? SdkRoles.AnthropicBetaParams : SdkRoles.None;
            result |= InheritsFrom(type, ChatOptions) ? SdkRoles.ChatOptions : SdkRoles.None;
            result |= InheritsFrom(type, SkSettings) ? SdkRoles.SkSettings : SdkRoles.None;
            var inAnthropic = type.ContainingNamespace?.ToDisplayString().StartsWith("Anthropic", StringComparison.Ordinal) == true;
            return inAnthropic ? result | SdkRoles.AnthropicNamespace : result;
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
