using System;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LlmOps.Guardrails.Analyzers.Analysis
{
    /// <summary>
    /// A place where code names a chat model: a <c>model</c> argument of an OpenAI chat or Responses client
    /// (not of its moderation, embedding, image or audio clients), the model of <c>new CreateResponseOptions(model, items)</c>,
    /// the model of a Semantic Kernel service registration (<c>AddOpenAIChatCompletion(modelId: …)</c>) or of
    /// Anthropic's <c>AsIChatClient(defaultModelId)</c>, or an assignment to ChatOptions.ModelId,
    /// CreateResponseOptions.Model, MessageCreateParams.Model or PromptExecutionSettings.ModelId.
    /// <see cref="Value"/> is the expression the squiggle spans; <see cref="Origin"/> the operation that names it.
    /// </summary>
    internal readonly struct ModelSite
    {
        private ModelSite(IOperation origin, IOperation value, string id, bool isAzure)
        {
            Origin = origin;
            Value = value;
            Id = id;
            IsAzure = isAzure;
        }

        /// <summary>The creation, invocation or assignment that names the model.</summary>
        public IOperation Origin { get; }

        public IOperation Value { get; }
        public string Id { get; }
        public bool IsAzure { get; }

        /// <summary>The model <paramref name="operation"/> names, if any (the dispatch asks once per operation for all rules).</summary>
        public static bool TryGet(IOperation operation, KnownSymbols symbols, out ModelSite site)
        {
            site = default;
            return MayBeSite(operation, symbols) && Resolve(operation, symbols, out site);
        }

        /// <summary>The cheap tests that every model site passes (a necessary condition of <see cref="Resolve"/>).</summary>
        internal static bool MayBeSite(IOperation operation, KnownSymbols symbols)
        {
            // By kind, then one cast: type patterns over the operation interfaces cost an interface check each.
            switch (operation.Kind)
            {
                case OperationKind.ObjectCreation:
                    var constructor = ((IObjectCreationOperation)operation).Constructor;
                    return constructor != null && (
                        symbols.Is(constructor.ContainingType, SdkRoles.OpenAIChatClient | SdkRoles.OpenAIClient | SdkRoles.ResponsesClient | SdkRoles.CreateResponseOptions) ||
                        ServiceRegistration.IsChatService(constructor.ContainingType));
                case OperationKind.Invocation:
                    var name = ((IInvocationOperation)operation).TargetMethod.Name;
                    return IsChatModelMethod(name) || ServiceRegistration.MayBeRegistration(name);
                case OperationKind.SimpleAssignment:
                    return ((ISimpleAssignmentOperation)operation).Target is IPropertyReferenceOperation { Property.Name: "ModelId" or "Model" };
                default:
                    return false;
            }
        }

        internal static bool Resolve(IOperation operation, KnownSymbols symbols, out ModelSite site)
        {
            site = default;
            switch (operation)
            {
                // Whether the client is Azure's is asked only once a model argument is found: it may walk the method.
                case IObjectCreationOperation creation when creation.Constructor != null && IsOpenAIClientType(creation.Constructor.ContainingType, symbols):
                    return ModelArgument(creation.Arguments) is { } created && TryCreate(operation, created.Value, symbols, MentionsAzure(creation.Syntax), out site);
                case IObjectCreationOperation creation when creation.Constructor != null && symbols.Is(creation.Constructor.ContainingType, SdkRoles.CreateResponseOptions):
                    return ModelArgument(creation.Arguments) is { } options && TryCreate(operation, options.Value, symbols, false, out site);
                case IObjectCreationOperation creation when creation.Constructor != null && ServiceRegistration.IsChatService(creation.Constructor.ContainingType):
                    return ModelArgument(creation.Arguments) is { } service && TryCreate(operation, service.Value, symbols, ServiceRegistration.IsAzure(creation.Constructor.ContainingType.Name), out site);
                case IInvocationOperation invocation when IsChatModelMethod(invocation.TargetMethod.Name) && IsOpenAIClientType(invocation.TargetMethod.ContainingType, symbols):
                    return ModelArgument(invocation.Arguments) is { } passed && TryCreate(operation, passed.Value, symbols, IsAzureReceiver(invocation.Instance), out site);
                case IInvocationOperation invocation when ServiceRegistration.IsRegistration(invocation.TargetMethod, symbols):
                    return ModelArgument(invocation.Arguments) is { } registered && TryCreate(operation, registered.Value, symbols, ServiceRegistration.IsAzure(invocation.TargetMethod.Name), out site);
                case ISimpleAssignmentOperation assignment when assignment.Target is IPropertyReferenceOperation property && IsModelProperty(property.Property, symbols):
                    return TryCreate(operation, assignment.Value, symbols, false, out site);
                default:
                    return false;
            }
        }

        /// <summary>The model a ChatClient receiver was created for, when that is a constant (for LLM007).</summary>
        public static bool TryGetForChatClient(IOperation? receiver, KnownSymbols symbols, out ModelSite site)
        {
            site = default;
            var source = ConstantValues.Source(receiver);
            return source != null && (source is IObjectCreationOperation || source is IInvocationOperation) && TryGet(source, symbols, out site);
        }

        public static bool IsModelProperty(IPropertySymbol property, KnownSymbols symbols)
        {
            var type = property.ContainingType;
            switch (property.Name)
            {
                case "ModelId":
                    return symbols.Is(type, SdkRoles.ChatOptions | SdkRoles.SkSettings);
                case "Model":
                    return symbols.Is(type, SdkRoles.CreateResponseOptions | SdkRoles.AnthropicParams | SdkRoles.AnthropicBetaParams);
                default:
                    return false;
            }
        }

        /// <summary>
        /// The OpenAI methods whose model is a chat model: GetChatClient and ResponsesClient.CreateResponse*.
        /// GetModerationClient, GetEmbeddingClient, GetImageClient and GetAudioClient take models the chat rules do not judge.
        /// </summary>
        private static bool IsChatModelMethod(string name) =>
            name == "GetChatClient" || name.StartsWith("CreateResponse", StringComparison.Ordinal);

        private static bool IsOpenAIClientType(INamedTypeSymbol? type, KnownSymbols symbols) =>
            symbols.Is(type, SdkRoles.OpenAIChatClient | SdkRoles.OpenAIClient | SdkRoles.ResponsesClient);

        private static IArgumentOperation? ModelArgument(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments)
        {
            foreach (var argument in arguments)
            {
                var name = argument.Parameter?.Name;
                if ((name == "model" || name == "deploymentName" || name == "modelId" || name == "defaultModelId") && argument.Parameter!.Type.SpecialType == SpecialType.System_String && argument.ArgumentKind == ArgumentKind.Explicit)
                {
                    return argument;
                }
            }

            return null;
        }

        private static bool TryCreate(IOperation origin, IOperation value, KnownSymbols symbols, bool isAzure, out ModelSite site)
        {
            var use = ConstantValues.Unwrap(value)!;
            var id = IsAnthropicEnum(use.Type, symbols) ? AnthropicEnumId(use) : ConstantValues.String(value);
            site = id != null && id.Length > 0 ? new ModelSite(origin, use, id, isAzure) : default;
            return id != null && id.Length > 0;
        }

        private static bool IsAnthropicEnum(ITypeSymbol? type, KnownSymbols symbols) =>
            symbols.AnthropicModel != null && SymbolEqualityComparer.Default.Equals(type, symbols.AnthropicModel);

        /// <summary>The SDK serialises Model.ClaudeSonnet4_5_20250929 as "claude-sonnet-4-5-20250929": kebab-case, '_' as '-'.</summary>
        private static string? AnthropicEnumId(IOperation use)
        {
            var source = ConstantValues.Source(use);
            if (source?.Type is not INamedTypeSymbol enumType || !source.ConstantValue.HasValue)
            {
                return null;
            }

            foreach (var member in enumType.GetMembers())
            {
                if (member is IFieldSymbol { HasConstantValue: true } field && Equals(field.ConstantValue, source.ConstantValue.Value))
                {
                    return Kebab(field.Name);
                }
            }

            return null;
        }

        internal static string Kebab(string name)
        {
            var text = new StringBuilder();
            for (var i = 0; i < name.Length; i++)
            {
                var c = name[i];
                var previous = i > 0 ? name[i - 1] : '_';
                var boundary = i > 0 && previous != '_' && c != '_' &&
                    ((char.IsUpper(c)) || (char.IsDigit(c) && char.IsLetter(previous)) || (char.IsLetter(c) && char.IsDigit(previous)));
                if (boundary)
                {
                    text.Append('-');
                }

                text.Append(c == '_' ? '-' : char.ToLowerInvariant(c));
            }

            return text.ToString();
        }

        private static bool IsAzureReceiver(IOperation? receiver)
        {
            if (receiver == null)
            {
                return false;
            }

            if (KnownSymbols.IsAzureClient(receiver.Type))
            {
                return true;
            }

            // An OpenAIClient created in this method with an Azure endpoint literal is an Azure client too.
            var source = ConstantValues.Source(receiver);
            return source is IObjectCreationOperation creation && MentionsAzure(creation.Syntax);
        }

        private static bool MentionsAzure(SyntaxNode syntax)
        {
            foreach (var node in syntax.DescendantNodes())
            {
                if (node is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression) &&
                    literal.Token.ValueText.IndexOf(".azure.com", StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
