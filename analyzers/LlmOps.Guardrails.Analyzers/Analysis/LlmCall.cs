using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LlmOps.Guardrails.Analyzers.Analysis
{
    internal enum LlmSdk
    {
        OpenAIChat,
        OpenAIResponses,
        ExtensionsAI,
        Anthropic,
        SemanticKernel,

        /// <summary>A Semantic Kernel kernel invocation of a prompt: settings travel in KernelArguments.</summary>
        SemanticKernelKernel,
    }

    /// <summary>
    /// A call that sends a request to a model: ChatClient.CompleteChat*, ResponsesClient.CreateResponse*,
    /// IChatClient.GetResponseAsync / GetStreamingResponseAsync (and their extension overloads), and
    /// Anthropic's Messages.Create*, Semantic Kernel's IChatCompletionService.Get(Streaming)ChatMessageContent(s)Async, and
    /// Semantic Kernel kernel invocations of a prompt: kernel.InvokePrompt(Streaming)Async, and kernel.Invoke(Streaming)Async /
    /// function.Invoke(Streaming)Async of a function created from a prompt in the same method (a function from a plugin may
    /// be plain code, so it is not taken for a model call).
    /// Knows which parameter carries the options and which property caps output.
    /// </summary>
    internal sealed class LlmCall
    {
        private LlmCall(IInvocationOperation invocation, LlmSdk sdk, IParameterSymbol? optionsParameter, string? capProperty, IInvocationOperation? promptFunction = null)
        {
            PromptFunction = promptFunction;
            Invocation = invocation;
            Sdk = sdk;
            OptionsParameter = optionsParameter;
            CapProperty = capProperty;
            foreach (var argument in invocation.Arguments)
            {
                if (optionsParameter != null && SymbolEqualityComparer.Default.Equals(argument.Parameter, optionsParameter) && argument.ArgumentKind == ArgumentKind.Explicit)
                {
                    OptionsArgument = argument;
                }
            }
        }

        private ClassifiedOptions? classifiedOptions;

        public IInvocationOperation Invocation { get; }
        public LlmSdk Sdk { get; }
        public IParameterSymbol? OptionsParameter { get; }
        public IArgumentOperation? OptionsArgument { get; }

        /// <summary>For a kernel invocation of a function: the CreateFunctionFromPrompt call that made it (its settings count).</summary>
        public IInvocationOperation? PromptFunction { get; }

        /// <summary>The options property that caps output (null where the SDK requires the cap, as Anthropic's MaxTokens).</summary>
        public string? CapProperty { get; }

        /// <summary>The LLM call <paramref name="invocation"/> makes, if any (the dispatch asks once per invocation for all rules).</summary>
        public static LlmCall? TryCreate(IInvocationOperation invocation, KnownSymbols symbols) =>
            MayBeCall(invocation.TargetMethod.Name) ? Resolve(invocation, symbols) : null;

        /// <summary>Options as <see cref="OptionsInspector.Classify"/> sees them, classified once for all rules that read them.</summary>
        public OptionsKind ClassifyOptions(out IObjectCreationOperation? creation)
        {
            var options = classifiedOptions;
            if (options == null)
            {
                var kind = OptionsInspector.Classify(OptionsArgument?.Value, out var created);
                options = new ClassifiedOptions(kind, created);
                Interlocked.CompareExchange(ref classifiedOptions, options, null);
            }

            creation = options.Creation;
            return options.Kind;
        }

        /// <summary>Whether a method of this name can be an LLM call at all: a necessary condition of <see cref="Resolve"/>.</summary>
        internal static bool MayBeCall(string name) =>
            name.StartsWith("CompleteChat", StringComparison.Ordinal) || name.StartsWith("CreateResponse", StringComparison.Ordinal) ||
            name == "GetResponseAsync" || name == "GetStreamingResponseAsync" || IsSemanticKernelChatMethod(name) ||
            name.StartsWith("Invoke", StringComparison.Ordinal) || name == "Create" || name == "CreateStreaming";

        internal static LlmCall? Resolve(IInvocationOperation invocation, KnownSymbols symbols)
        {
            var method = invocation.TargetMethod;
            var type = method.ContainingType;
            var name = method.Name;
            // Name tests first: they are cheaper than the type tests and reject almost every invocation.
            if (name.StartsWith("CompleteChat", StringComparison.Ordinal) && symbols.Is(type, SdkRoles.OpenAIChatClient))
            {
                return new LlmCall(invocation, LlmSdk.OpenAIChat, Parameter(method, symbols.ChatCompletionOptions), "MaxOutputTokenCount");
            }

            if (name.StartsWith("CreateResponse", StringComparison.Ordinal) && symbols.Is(type, SdkRoles.ResponsesClient) && !IsProtocolMethod(method))
            {
                return new LlmCall(invocation, LlmSdk.OpenAIResponses, Parameter(method, symbols.CreateResponseOptions), "MaxOutputTokenCount");
            }

            if ((name == "GetResponseAsync" || name == "GetStreamingResponseAsync") && symbols.ChatClientInterface != null &&
                (KnownSymbols.Implements(type, symbols.ChatClientInterface) ||
                 (method.IsExtensionMethod && method.Parameters.Length > 0 && KnownSymbols.Implements(method.Parameters[0].Type, symbols.ChatClientInterface))))
            {
                return new LlmCall(invocation, LlmSdk.ExtensionsAI, Parameter(method, symbols.ChatOptions), "MaxOutputTokens");
            }

            if (name.StartsWith("Get", StringComparison.Ordinal) && IsSemanticKernelChatMethod(name) && symbols.SkChatCompletionService != null &&
                (KnownSymbols.Implements(type, symbols.SkChatCompletionService) ||
                 (method.IsExtensionMethod && method.Parameters.Length > 0 && KnownSymbols.Implements(method.Parameters[0].Type, symbols.SkChatCompletionService))))
            {
                // Only the connectors' settings (OpenAIPromptExecutionSettings and kin) have MaxTokens; the base type cannot cap.
                return new LlmCall(invocation, LlmSdk.SemanticKernel, Parameter(method, symbols.SkSettings), "MaxTokens");
            }

            if (name.StartsWith("Invoke", StringComparison.Ordinal) && symbols.SkKernel != null && symbols.SkKernelArguments != null)
            {
                return KernelInvocation(invocation, method, name, symbols);
            }

            if ((name == "Create" || name == "CreateStreaming") && symbols.Is(type, SdkRoles.AnthropicNamespace))
            {
                var parameters = Parameter(method, symbols.AnthropicParams) ?? Parameter(method, symbols.AnthropicBetaParams);
                return parameters != null ? new LlmCall(invocation, LlmSdk.Anthropic, parameters, null) : null;
            }

            return null;
        }

        private static LlmCall? KernelInvocation(IInvocationOperation invocation, IMethodSymbol method, string name, KnownSymbols symbols)
        {
            var arguments = Parameter(method, symbols.SkKernelArguments);
            if (arguments == null)
            {
                return null;
            }

            if (name == "InvokePromptAsync" || name == "InvokePromptStreamingAsync")
            {
                var kernel = (method.ReducedFrom ?? method).Parameters.Length > 0 ? (method.ReducedFrom ?? method).Parameters[0].Type : null;
                return method.IsExtensionMethod && SymbolEqualityComparer.Default.Equals(kernel, symbols.SkKernel)
                    ? new LlmCall(invocation, LlmSdk.SemanticKernelKernel, arguments, "MaxTokens")
                    : null;
            }

            if (name != "InvokeAsync" && name != "InvokeStreamingAsync")
            {
                return null;
            }

            // kernel.InvokeAsync(function, arguments) or function.InvokeAsync(kernel, arguments).
            IOperation? function = null;
            if (SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.SkKernel))
            {
                foreach (var argument in invocation.Arguments)
                {
                    if (SymbolEqualityComparer.Default.Equals(argument.Parameter?.Type, symbols.SkKernelFunction))
                    {
                        function = argument.Value;
                    }
                }
            }
            else if (symbols.SkKernelFunction != null && InheritsFrom(method.ContainingType, symbols.SkKernelFunction))
            {
                function = invocation.Instance;
            }

            return ConstantValues.Source(function) is IInvocationOperation { TargetMethod.Name: "CreateFunctionFromPrompt" or "CreateFromPrompt" } created
                ? new LlmCall(invocation, LlmSdk.SemanticKernelKernel, arguments, "MaxTokens", created)
                : null;
        }

        private static bool InheritsFrom(ITypeSymbol? type, ITypeSymbol baseType)
        {
            for (var current = type; current != null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsSemanticKernelChatMethod(string name) =>
            name == "GetChatMessageContentsAsync" || name == "GetChatMessageContentAsync" ||
            name == "GetStreamingChatMessageContentsAsync" || name == "GetStreamingChatMessageContentAsync";

        private static IParameterSymbol? Parameter(IMethodSymbol method, INamedTypeSymbol? type)
        {
            if (type == null)
            {
                return null;
            }

            foreach (var parameter in method.Parameters)
            {
                if (SymbolEqualityComparer.Default.Equals(parameter.Type, type))
                {
                    return parameter;
                }
            }

            return null;
        }

        /// <summary>The protocol overloads take raw BinaryContent; what they send cannot be judged.</summary>
        private static bool IsProtocolMethod(IMethodSymbol method)
        {
            foreach (var parameter in method.Parameters)
            {
                if (parameter.Type.Name == "BinaryContent")
                {
                    return true;
                }
            }

            return false;
        }

        private sealed class ClassifiedOptions
        {
            public ClassifiedOptions(OptionsKind kind, IObjectCreationOperation? creation)
            {
                Kind = kind;
                Creation = creation;
            }

            public OptionsKind Kind { get; }
            public IObjectCreationOperation? Creation { get; }
        }
    }
}
