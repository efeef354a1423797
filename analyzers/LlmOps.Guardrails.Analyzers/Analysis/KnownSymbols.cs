using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace LlmOps.Guardrails.Analyzers.Analysis
{
    /// <summary>
    /// The SDK types the rules recognise, each resolved once per compilation on first use. A null member means that
    /// SDK is not referenced; when none is, the rules do nothing. One instance per compilation is shared by all rules.
    /// </summary>
    internal sealed class KnownSymbols
    {
        // The analyzers are separate instances; the compilation is the one thing they share.
        private static readonly ConditionalWeakTable<Compilation, KnownSymbols> Instances = new ConditionalWeakTable<Compilation, KnownSymbols>();
        private static readonly ConditionalWeakTable<Compilation, KnownSymbols>.CreateValueCallback CreateInstance = c => new KnownSymbols(c);

        private const string OpenAIAssembly = "OpenAI";
        private const string AnthropicAssembly = "Anthropic";
        private const string ExtensionsAIAssembly = "Microsoft.Extensions.AI.Abstractions";
        private const string SemanticKernelAssembly = "Microsoft.SemanticKernel.Abstractions";
        private const string SemanticKernelOpenAIAssembly = "Microsoft.SemanticKernel.Connectors.OpenAI";
        private const string OllamaAssembly = "OllamaSharp";
        private const string RuntimeAssembly = "LlmOps.Guardrails.Runtime";

        private readonly SdkTypeLookup types;
        private readonly HashSet<IAssemblySymbol> relevantAssemblies;
        private readonly LazyType openAIChatClient;
        private readonly LazyType openAIClient;
        private readonly LazyType responsesClient;
        private readonly LazyType chatCompletionOptions;
        private readonly LazyType createResponseOptions;
        private readonly LazyType anthropicParams;
        private readonly LazyType anthropicBetaParams;
        private readonly LazyType anthropicModel;
        private readonly LazyType chatClientInterface;
        private readonly LazyType chatOptions;
        private readonly LazyType skSettings;
        private readonly LazyType skOpenAISettings;
        private readonly LazyType skChatCompletionService;
        private readonly LazyType skKernel;
        private readonly LazyType skKernelArguments;
        private readonly LazyType skKernelFunction;
        private readonly LazyType ollamaApiClient;
        private readonly LazyType llmAttribution;
        private readonly LazyType llmFeatureAttribute;

        private KnownSymbols(Compilation compilation)
        {
            types = new SdkTypeLookup(compilation);
            openAIChatClient = new LazyType(types, OpenAIAssembly, "OpenAI.Chat.ChatClient");
            openAIClient = new LazyType(types, OpenAIAssembly, "OpenAI.OpenAIClient");
            responsesClient = new LazyType(types, OpenAIAssembly, "OpenAI.Responses.ResponsesClient");
            chatCompletionOptions = new LazyType(types, OpenAIAssembly, "OpenAI.Chat.ChatCompletionOptions");
            createResponseOptions = new LazyType(types, OpenAIAssembly, "OpenAI.Responses.CreateResponseOptions");
            anthropicParams = new LazyType(types, AnthropicAssembly, "Anthropic.Models.Messages.MessageCreateParams");
            anthropicBetaParams = new LazyType(types, AnthropicAssembly, "Anthropic.Models.Beta.Messages.MessageCreateParams");
            anthropicModel = new LazyType(types, AnthropicAssembly, "Anthropic.Models.Messages.Model");
            chatClientInterface = new LazyType(types, ExtensionsAIAssembly, "Microsoft.Extensions.AI.IChatClient");
            chatOptions = new LazyType(types, ExtensionsAIAssembly, "Microsoft.Extensions.AI.ChatOptions");
            skSettings = new LazyType(types, SemanticKernelAssembly, "Microsoft.SemanticKernel.PromptExecutionSettings");
            skOpenAISettings = new LazyType(types, SemanticKernelOpenAIAssembly, "Microsoft.SemanticKernel.Connectors.OpenAI.OpenAIPromptExecutionSettings");
            skChatCompletionService = new LazyType(types, SemanticKernelAssembly, "Microsoft.SemanticKernel.ChatCompletion.IChatCompletionService");
            skKernel = new LazyType(types, SemanticKernelAssembly, "Microsoft.SemanticKernel.Kernel");
            skKernelArguments = new LazyType(types, SemanticKernelAssembly, "Microsoft.SemanticKernel.KernelArguments");
            skKernelFunction = new LazyType(types, SemanticKernelAssembly, "Microsoft.SemanticKernel.KernelFunction");
            ollamaApiClient = new LazyType(types, OllamaAssembly, "OllamaSharp.OllamaApiClient");
            llmAttribution = new LazyType(types, RuntimeAssembly, "LlmOps.Guardrails.Runtime.LlmAttribution");
            llmFeatureAttribute = new LazyType(types, RuntimeAssembly, "LlmOps.Guardrails.Runtime.LlmFeatureAttribute");
            relevantAssemblies = RelevantAssemblies(compilation, types);
        }

        public INamedTypeSymbol? OpenAIChatClient => openAIChatClient.Value;
        public INamedTypeSymbol? OpenAIClient => openAIClient.Value;
        public INamedTypeSymbol? ResponsesClient => responsesClient.Value;
        public INamedTypeSymbol? ChatCompletionOptions => chatCompletionOptions.Value;
        public INamedTypeSymbol? CreateResponseOptions => createResponseOptions.Value;
        public INamedTypeSymbol? AnthropicParams => anthropicParams.Value;
        public INamedTypeSymbol? AnthropicBetaParams => anthropicBetaParams.Value;
        public INamedTypeSymbol? AnthropicModel => anthropicModel.Value;
        public INamedTypeSymbol? ChatClientInterface => chatClientInterface.Value;
        public INamedTypeSymbol? ChatOptions => chatOptions.Value;
        public INamedTypeSymbol? SkSettings => skSettings.Value;
        public INamedTypeSymbol? SkOpenAISettings => skOpenAISettings.Value;
        public INamedTypeSymbol? SkChatCompletionService => skChatCompletionService.Value;
        public INamedTypeSymbol? SkKernel => skKernel.Value;
        public INamedTypeSymbol? SkKernelArguments => skKernelArguments.Value;
        public INamedTypeSymbol? SkKernelFunction => skKernelFunction.Value;
        /// <summary>OllamaSharp's client, by name only: the analyzers take no dependency on OllamaSharp.</summary>
        public INamedTypeSymbol? OllamaApiClient => ollamaApiClient.Value;
        public INamedTypeSymbol? LlmAttribution => llmAttribution.Value;
        public INamedTypeSymbol? LlmFeatureAttribute => llmFeatureAttribute.Value;

        /// <summary>Whether one of the SDKs whose calls the rules judge is referenced.</summary>
        public bool AnySdk =>
            types.References(OpenAIAssembly) || types.References(AnthropicAssembly) || types.References(ExtensionsAIAssembly) || types.References(SemanticKernelAssembly);

        /// <summary>
        /// Whether the compilation may reference an SDK: a reference named like one of the SDK assemblies. Reads only the
        /// reference list, so it binds nothing; <see cref="Create"/> then says whether the SDK types are really there.
        /// </summary>
        public static bool MayReferenceSdk(Compilation compilation)
        {
            foreach (var reference in compilation.References)
            {
                var name = AssemblyName(reference.Display);
                if (name != null && (
                    name.Equals(OpenAIAssembly, StringComparison.OrdinalIgnoreCase) ||
                    name.Equals(AnthropicAssembly, StringComparison.OrdinalIgnoreCase) ||
                    name.Equals(ExtensionsAIAssembly, StringComparison.OrdinalIgnoreCase) ||
                    name.Equals(SemanticKernelAssembly, StringComparison.OrdinalIgnoreCase)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>"…/OpenAI.dll" or a project reference's "OpenAI" as "OpenAI".</summary>
        private static string? AssemblyName(string? display)
        {
            if (display == null)
            {
                return null;
            }

            var start = Math.Max(display.LastIndexOf('/'), display.LastIndexOf('\\')) + 1;
            var end = display.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) || display.EndsWith(".exe", StringComparison.OrdinalIgnoreCase)
                ? display.Length - 4
                : display.Length;
            return end > start ? display.Substring(start, end - start) : null;
        }

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
        private static HashSet<IAssemblySymbol> RelevantAssemblies(Compilation compilation, SdkTypeLookup types)
        {
            var sdkAssemblies = new HashSet<string>(StringComparer.Ordinal);
            foreach (var name in new[] { OpenAIAssembly, AnthropicAssembly, ExtensionsAIAssembly, SemanticKernelAssembly, SemanticKernelOpenAIAssembly })
            {
                if (types.References(name))
                {
                    sdkAssemblies.Add(name);
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

        /// <summary>
        /// Finds an SDK type in the assembly that ships it (or in the compilation's own source). Asking the compilation
        /// searches every reference for every name (measured at 130 ms of a 1,000-file build, against under 3 ms here).
        /// </summary>
        private sealed class SdkTypeLookup
        {
            private readonly Compilation compilation;
            private readonly Dictionary<string, IAssemblySymbol> referenced = new Dictionary<string, IAssemblySymbol>(StringComparer.Ordinal);

            public SdkTypeLookup(Compilation compilation)
            {
                this.compilation = compilation;
                foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
                {
                    // Two versions of one assembly cannot both bind; the first is the one the compiler chose.
                    if (!referenced.ContainsKey(assembly.Identity.Name))
                    {
                        referenced.Add(assembly.Identity.Name, assembly);
                    }
                }
            }

            public bool References(string assemblyName) => referenced.ContainsKey(assemblyName);

            public INamedTypeSymbol? Find(string assemblyName, string metadataName) =>
                compilation.Assembly.GetTypeByMetadataName(metadataName) ??
                (referenced.TryGetValue(assemblyName, out var assembly) ? assembly.GetTypeByMetadataName(metadataName) : null);
        }

        /// <summary>
        /// A type resolved on first use. Resolving loads the type's namespace from metadata; by the time a rule asks, the
        /// compiler has usually loaded it to bind the code that uses it, and types of an SDK the code never touches are never loaded.
        /// </summary>
        private sealed class LazyType
        {
            private readonly SdkTypeLookup types;
            private readonly string assemblyName;
            private readonly string metadataName;
            private INamedTypeSymbol? value;
            private int resolved;

            public LazyType(SdkTypeLookup types, string assemblyName, string metadataName)
            {
                this.types = types;
                this.assemblyName = assemblyName;
                this.metadataName = metadataName;
            }

            public INamedTypeSymbol? Value
            {
                get
                {
                    if (Volatile.Read(ref resolved) == 0)
                    {
                        // Racing threads find the same symbol: the lookup has no side effects beyond Roslyn's own caches.
                        value = types.Find(assemblyName, metadataName);
                        Volatile.Write(ref resolved, 1);
                    }

                    return value;
                }
            }
        }
    }
}
