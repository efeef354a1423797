using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace LlmOps.Guardrails.Analyzers.Analysis
{
    /// <summary>
    /// The SDK types the rules recognise, resolved once per compilation. A null member means that SDK is
    /// not referenced; when none is, the analyzers register nothing. One instance per compilation is
    /// shared by all the analyzers.
    /// </summary>
    internal sealed class KnownSymbols
    {
        // The analyzers are separate instances; the compilation is the one thing they share.
        private static readonly ConditionalWeakTable<Compilation, KnownSymbols> Instances = new ConditionalWeakTable<Compilation, KnownSymbols>();
        private static readonly ConditionalWeakTable<Compilation, KnownSymbols>.CreateValueCallback CreateInstance = c => new KnownSymbols(c);

        private readonly HashSet<IAssemblySymbol> relevantAssemblies;

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
            SkChatCompletionService = compilation.GetTypeByMetadataName("Microsoft.SemanticKernel.ChatCompletion.IChatCompletionService");
            SkKernel = compilation.GetTypeByMetadataName("Microsoft.SemanticKernel.Kernel");
            SkKernelArguments = compilation.GetTypeByMetadataName("Microsoft.SemanticKernel.KernelArguments");
            SkKernelFunction = compilation.GetTypeByMetadataName("Microsoft.SemanticKernel.KernelFunction");
            OllamaApiClient = compilation.GetTypeByMetadataName("OllamaSharp.OllamaApiClient");
            LlmAttribution = compilation.GetTypeByMetadataName("LlmOps.Guardrails.Runtime.LlmAttribution");
            LlmFeatureAttribute = compilation.GetTypeByMetadataName("LlmOps.Guardrails.Runtime.LlmFeatureAttribute");
            relevantAssemblies = RelevantAssemblies(compilation);
        }

        /// <summary>The compilation's call sites and model sites, resolved once and shared by all rules.</summary>
        public CallSiteCache Sites { get; } = new CallSiteCache();

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
        public INamedTypeSymbol? SkChatCompletionService { get; }
        public INamedTypeSymbol? SkKernel { get; }
        public INamedTypeSymbol? SkKernelArguments { get; }
        public INamedTypeSymbol? SkKernelFunction { get; }

        /// <summary>OllamaSharp's client, by name only: the analyzers take no dependency on OllamaSharp.</summary>
        public INamedTypeSymbol? OllamaApiClient { get; }
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
        /// <remarks>
        /// Only the requested roles are checked, with a base-type walk of a few steps: measured in a 1,000-file build,
        /// that is cheaper than a per-type cache, whose locks and symbol hashing showed up in profiles.
        /// </remarks>
        public bool Is(ITypeSymbol? type, SdkRoles role)
        {
            if (type?.ContainingAssembly is not { } assembly || !relevantAssemblies.Contains(assembly))
            {
                return false;
            }

            return (role & SdkRoles.OpenAIChatClient) != 0 && InheritsFrom(type, OpenAIChatClient) ||
                (role & SdkRoles.OpenAIClient) != 0 && InheritsFrom(type, OpenAIClient) ||
                (role & SdkRoles.ResponsesClient) != 0 && InheritsFrom(type, ResponsesClient) ||
                (role & SdkRoles.ChatCompletionOptions) != 0 && InheritsFrom(type, ChatCompletionOptions) ||
                (role & SdkRoles.CreateResponseOptions) != 0 && InheritsFrom(type, CreateResponseOptions) ||
                (role & SdkRoles.AnthropicParams) != 0 && InheritsFrom(type, AnthropicParams) ||
                (role & SdkRoles.AnthropicBetaParams) != 0 && InheritsFrom(type, AnthropicBetaParams) ||
                (role & SdkRoles.ChatOptions) != 0 && InheritsFrom(type, ChatOptions) ||
                (role & SdkRoles.SkSettings) != 0 && InheritsFrom(type, SkSettings) ||
                (role & SdkRoles.AnthropicNamespace) != 0 && IsInAnthropicNamespace(type);
        }

        private static bool IsInAnthropicNamespace(ITypeSymbol type)
        {
            var outermost = type.ContainingNamespace;
            while (outermost?.ContainingNamespace is { IsGlobalNamespace: false } parent)
            {
                outermost = parent;
            }

            return outermost != null && outermost.Name.StartsWith("Anthropic", StringComparison.Ordinal);
        }

        /// <summary>
        /// The assemblies whose types can be SDK types: the SDKs, this compilation, and references built against an
        /// SDK (a wrapper library's ChatClient subclass). Every other type (string, LINQ, collections: nearly every
        /// call in a project) is answered without a dictionary lookup.
        /// </summary>
        private HashSet<IAssemblySymbol> RelevantAssemblies(Compilation compilation)
        {
            var sdkAssemblies = new HashSet<string>(StringComparer.Ordinal);
            foreach (var type in new[] { OpenAIChatClient, OpenAIClient, ResponsesClient, AnthropicParams, AnthropicBetaParams, ChatOptions, SkSettings, SkOpenAISettings, SkChatCompletionService })
            {
                if (type?.ContainingAssembly is { } sdk)
                {
                    sdkAssemblies.Add(sdk.Identity.Name);
                }
            }

            var relevant = new HashSet<IAssemblySymbol>(SymbolEqualityComparer.Default) { compilation.Assembly };
            foreach (var reference in compilation.SourceModule.ReferencedAssemblySymbols)
            {
                if (sdkAssemblies.Contains(reference.Identity.Name) || BuiltAgainst(reference, sdkAssemblies))
                {
                    relevant.Add(reference);
                }
            }

            return relevant;
        }

        private static bool BuiltAgainst(IAssemblySymbol assembly, HashSet<string> sdkAssemblies)
        {
            foreach (var module in assembly.Modules)
            {
                foreach (var referenced in module.ReferencedAssemblies)
                {
                    if (sdkAssemblies.Contains(referenced.Name))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

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
