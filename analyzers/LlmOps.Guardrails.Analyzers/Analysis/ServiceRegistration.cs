using System;
using Microsoft.CodeAnalysis;

namespace LlmOps.Guardrails.Analyzers.Analysis
{
    /// <summary>
    /// Where a model is chosen once for a service rather than per call: Semantic Kernel's chat registrations
    /// (<c>AddOpenAIChatCompletion</c>, <c>AddOpenAIChatClient</c>, <c>AddAzureOpenAIChatCompletion</c>,
    /// <c>AddAzureOpenAIChatClient</c>, on a kernel builder or a service collection), its chat services
    /// (<c>new OpenAIChatCompletionService(modelId, …)</c>), and the <c>AsIChatClient(defaultModelId)</c> adapters of
    /// Anthropic's client and of OpenAI's Responses client.
    /// Recognised by name first, then by the declaring namespace (Semantic Kernel's, or the dependency-injection
    /// namespace its service-collection extensions use), so the common case costs a string comparison.
    /// </summary>
    internal static class ServiceRegistration
    {
        /// <summary>The names <see cref="IsRegistration"/> can accept.</summary>
        public static bool MayBeRegistration(string name) =>
            name == "AddOpenAIChatCompletion" || name == "AddOpenAIChatClient" || name == "AddAzureOpenAIChatCompletion" ||
            name == "AddAzureOpenAIChatClient" || name == "AsIChatClient";

        public static bool IsRegistration(IMethodSymbol method, KnownSymbols symbols)
        {
            switch (method.Name)
            {
                case "AddOpenAIChatCompletion":
                case "AddOpenAIChatClient":
                case "AddAzureOpenAIChatCompletion":
                case "AddAzureOpenAIChatClient":
                    return IsSemanticKernelNamespace(method.ContainingType?.ContainingNamespace);
                case "AsIChatClient":
                    // Anthropic's adapter (declared in Microsoft.Extensions.AI inside the Anthropic package) and
                    // Microsoft.Extensions.AI.OpenAI's adapter of the Responses client both take a default model id.
                    var receiver = method.ReducedFrom ?? method;
                    return receiver.IsExtensionMethod && receiver.Parameters.Length > 0
                        && symbols.Is(receiver.Parameters[0].Type, SdkRoles.AnthropicNamespace | SdkRoles.ResponsesClient);
                default:
                    return false;
            }
        }

        /// <summary>Semantic Kernel's connector chat services, constructed directly.</summary>
        public static bool IsChatService(INamedTypeSymbol type) =>
            (type.Name == "OpenAIChatCompletionService" || type.Name == "AzureOpenAIChatCompletionService") && IsSemanticKernelNamespace(type.ContainingNamespace);

        /// <summary>Azure registrations take a deployment name the user chooses (see the Azure rule of the model rules).</summary>
        public static bool IsAzure(string name) => name.IndexOf("Azure", StringComparison.Ordinal) >= 0;

        private static bool IsSemanticKernelNamespace(INamespaceSymbol? ns)
        {
            var name = ns?.ToDisplayString();
            return name != null && (name.StartsWith("Microsoft.SemanticKernel", StringComparison.Ordinal) || name == "Microsoft.Extensions.DependencyInjection");
        }
    }
}
