using System;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Runtime.Providers
{
    /// <summary>
    /// Reports <see cref="ChatClientMetadata.ProviderName"/> as the endpoint's real provider. Microsoft.Extensions.AI.OpenAI's
    /// <c>AsIChatClient</c> says <c>openai</c> for every endpoint, but telemetry (<c>gen_ai.provider.name</c>) must tell
    /// OpenAI, Azure OpenAI and OpenAI-compatible servers apart. Everything else is the inner client's.
    /// </summary>
    internal sealed class ProviderNameChatClient : DelegatingChatClient
    {
        private readonly ChatClientMetadata _metadata;

        public ProviderNameChatClient(IChatClient innerClient, string providerName)
            : base(innerClient)
        {
            if (string.IsNullOrWhiteSpace(providerName)) throw new ArgumentException("A provider name is required.", nameof(providerName));
            ChatClientMetadata? inner = innerClient.GetService(typeof(ChatClientMetadata)) as ChatClientMetadata;
            _metadata = new ChatClientMetadata(providerName, inner?.ProviderUri, inner?.DefaultModelId);
        }

        public override object? GetService(Type serviceType, object? serviceKey = null)
        {
            if (serviceType is null) throw new ArgumentNullException(nameof(serviceType));
            return serviceKey is null && serviceType == typeof(ChatClientMetadata) ? _metadata : base.GetService(serviceType, serviceKey);
        }
    }
}
