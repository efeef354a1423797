using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LlmOps.Guardrails.Analyzers.Analysis
{
    /// <summary>
    /// Whether a model site sends its requests somewhere other than the provider's own API: an Ollama client
    /// (OllamaSharp's <c>OllamaApiClient</c>), an OpenAI client built with options that set an <c>Endpoint</c>
    /// (a local or OpenAI-compatible server), an Anthropic client with a <c>BaseUrl</c>, or a Semantic Kernel
    /// registration given an <c>endpoint</c>. Such servers serve models the catalog cannot know, so LLM004 does
    /// not judge their ids. Only what is visible in the method is followed (locals assigned once, the receiver
    /// chain, the options argument); a client from a parameter or a field is taken to be the provider's.
    /// Asked only for ids the catalog does not know, so its cost is paid on findings, not on every call.
    /// </summary>
    internal static class EndpointInspector
    {
        private const int MaxDepth = 6;

        public static bool ServedElsewhere(ModelSite site, KnownSymbols symbols)
        {
            // An Azure endpoint is the provider's; whether its deployment names are judged is the Azure setting's call.
            if (site.IsAzure)
            {
                return false;
            }

            switch (site.Origin)
            {
                case IObjectCreationOperation creation when symbols.Is(creation.Type, SdkRoles.CreateResponseOptions):
                    return ConsumerServedElsewhere(creation, symbols);
                case IObjectCreationOperation creation:
                    return HasCustomEndpoint(creation, symbols, 0) || HasEndpointArgument(creation.Arguments) || GivenClientServedElsewhere(creation.Arguments, symbols);
                case IInvocationOperation invocation:
                    return HasEndpointArgument(invocation.Arguments) || ClientServedElsewhere(Receiver(invocation), symbols, 0) ||
                        GivenClientServedElsewhere(invocation.Arguments, symbols);
                case ISimpleAssignmentOperation assignment:
                    return OwnerCreation(assignment) is { } owner && ConsumerServedElsewhere(owner, symbols);
                default:
                    return false;
            }
        }

        /// <summary>SK registrations and services given an <c>openAIClient</c> talk to wherever that client does.</summary>
        private static bool GivenClientServedElsewhere(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, KnownSymbols symbols) =>
            arguments.Any(a => a.Parameter?.Name == "openAIClient" && a.ArgumentKind == ArgumentKind.Explicit && ClientServedElsewhere(a.Value, symbols, 0));

        /// <summary>SK registrations and services that take an <c>endpoint</c> talk to that server, not to OpenAI.</summary>
        private static bool HasEndpointArgument(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments)
        {
            foreach (var argument in arguments)
            {
                if (argument.Parameter?.Name == "endpoint" && argument.ArgumentKind == ArgumentKind.Explicit && !IsOfficial(argument.Value))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The options object (ChatOptions, CreateResponseOptions, MessageCreateParams) that an initializer or assignment sets.</summary>
        private static IObjectCreationOperation? OwnerCreation(ISimpleAssignmentOperation assignment)
        {
            for (var current = assignment.Parent; current != null; current = current.Parent)
            {
                if (current is IObjectCreationOperation creation)
                {
                    return creation;
                }

                if (current is IBlockOperation)
                {
                    break;
                }
            }

            return assignment.Target is IPropertyReferenceOperation { Instance: { } instance } ? ConstantValues.Source(instance) as IObjectCreationOperation : null;
        }

        /// <summary>The call that receives <paramref name="options"/>: as its argument, or through the local it initialises.</summary>
        private static bool ConsumerServedElsewhere(IObjectCreationOperation options, KnownSymbols symbols)
        {
            var parent = options.Parent;
            while (parent is IConversionOperation || parent is IParenthesizedOperation)
            {
                parent = parent.Parent;
            }

            if (parent is IArgumentOperation { Parent: IInvocationOperation call })
            {
                return ClientServedElsewhere(Receiver(call), symbols, 0);
            }

            // Semantic Kernel settings travel inside KernelArguments to the kernel invocation that uses them.
            if (parent is IArgumentOperation { Parent: IObjectCreationOperation { Type.Name: "KernelArguments" } arguments })
            {
                return ConsumerServedElsewhere(arguments, symbols);
            }

            if (parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } && options.SemanticModel is { } model)
            {
                var scope = declarator.Syntax.Ancestors().FirstOrDefault(a => a is BlockSyntax || a is CompilationUnitSyntax);
                var name = declarator.Symbol.Name;
                foreach (var invocation in scope?.DescendantNodes().OfType<InvocationExpressionSyntax>() ?? Enumerable.Empty<InvocationExpressionSyntax>())
                {
                    if (invocation.ArgumentList.Arguments.Any(a => a.Expression is IdentifierNameSyntax id && id.Identifier.ValueText == name) &&
                        model.GetOperation(invocation) is IInvocationOperation consumer && ClientServedElsewhere(Receiver(consumer), symbols, 0))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>The client a call goes to: its instance, or the 'this' argument of an extension method.</summary>
        private static IOperation? Receiver(IInvocationOperation call) =>
            call.Instance ?? (call.TargetMethod.IsExtensionMethod && call.Arguments.Length > 0 ? call.Arguments[0].Value : null);

        private static bool ClientServedElsewhere(IOperation? client, KnownSymbols symbols, int depth)
        {
            if (client == null || depth > MaxDepth)
            {
                return false;
            }

            // The static type before conversions: IChatClient chat = new OllamaApiClient(...) is seen through the local.
            if (IsOllama(client.Type, symbols) || IsOllama(ConstantValues.Unwrap(client)?.Type, symbols))
            {
                return true;
            }

            var source = ConstantValues.Source(client);
            switch (source)
            {
                case IObjectCreationOperation creation:
                    return IsOllama(creation.Type, symbols) || HasCustomEndpoint(creation, symbols, depth + 1);
                case IPropertyReferenceOperation property:
                    // anthropic.Messages, anthropic.Beta.Messages: the client is the instance.
                    return ClientServedElsewhere(property.Instance, symbols, depth + 1);
                case IInvocationOperation invocation:
                    // openAI.GetChatClient(...).AsIChatClient(), anthropic.AsIChatClient(...), new ChatClient(...).AsIChatClient(),
                    // and a kernel builder chain whose registration names an endpoint: ….AddOpenAIChatCompletion(endpoint: …).Build()
                    return HasEndpointArgument(invocation.Arguments) || GivenClientServedElsewhere(invocation.Arguments, symbols) ||
                        ClientServedElsewhere(Receiver(invocation), symbols, depth + 1);
                default:
                    return false;
            }
        }

        private static bool IsOllama(ITypeSymbol? type, KnownSymbols symbols)
        {
            if (symbols.OllamaApiClient == null)
            {
                return false;
            }

            for (var current = type; current != null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, symbols.OllamaApiClient))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// An OpenAI client created with options whose Endpoint is set, or an Anthropic client created with a BaseUrl
        /// (in its initializer or in the ClientOptions it is given), to anything but the provider's own API.
        /// </summary>
        private static bool HasCustomEndpoint(IObjectCreationOperation creation, KnownSymbols symbols, int depth)
        {
            if (depth > MaxDepth)
            {
                return false;
            }

            if (symbols.Is(creation.Type, SdkRoles.AnthropicNamespace) && creation.Initializer != null &&
                SetsAddress(creation, null, "BaseUrl"))
            {
                return true;
            }

            foreach (var argument in creation.Arguments)
            {
                if (argument.ArgumentKind != ArgumentKind.Explicit || argument.Parameter == null)
                {
                    continue;
                }

                if (ConstantValues.Source(argument.Value) is IObjectCreationOperation options && options.Type is INamedTypeSymbol optionsType &&
                    optionsType.Name.EndsWith("ClientOptions", StringComparison.Ordinal) &&
                    (SetsAddress(options, argument.Value, "Endpoint") || SetsAddress(options, argument.Value, "BaseUrl")))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool SetsAddress(IObjectCreationOperation creation, IOperation? argument, string property)
        {
            var value = OptionsInspector.FindProperty(argument, creation, property);
            return value != null && !IsOfficial(value);
        }

        /// <summary>An address that is visibly the provider's own API (api.openai.com, api.anthropic.com) changes nothing.</summary>
        private static bool IsOfficial(IOperation value)
        {
            var text = ConstantValues.String(value);
            if (text == null && ConstantValues.Source(value) is IObjectCreationOperation uri && uri.Arguments.Length > 0)
            {
                text = ConstantValues.String(uri.Arguments[0].Value);
            }

            return text != null &&
                (text.IndexOf("api.openai.com", StringComparison.OrdinalIgnoreCase) >= 0 || text.IndexOf("api.anthropic.com", StringComparison.OrdinalIgnoreCase) >= 0);
        }
    }
}
