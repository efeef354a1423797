using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Runtime.Providers
{
    /// <summary>
    /// Guarantees that no <c>llmops.*</c> <see cref="ChatOptions.AdditionalProperties"/> reach a provider client whose
    /// mapping we do not own (the Anthropic SDK's <c>AsIChatClient</c>): when any is present, the inner client gets a
    /// clone of the options without them. The caller's options are never modified; no allocation when there is none.
    /// </summary>
    internal sealed class StripLlmOpsPropertiesChatClient : DelegatingChatClient
    {
        public StripLlmOpsPropertiesChatClient(IChatClient innerClient)
            : base(innerClient)
        {
        }

        public override Task<ChatResponse> GetResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            base.GetResponseAsync(messages, Strip(options), cancellationToken);

        public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            base.GetStreamingResponseAsync(messages, Strip(options), cancellationToken);

        internal static ChatOptions? Strip(ChatOptions? options)
        {
            AdditionalPropertiesDictionary? properties = options?.AdditionalProperties;
            if (properties is null || properties.Count == 0 || !HasLlmOpsKey(properties)) return options;

            ChatOptions clone = options!.Clone();
            var kept = new AdditionalPropertiesDictionary();
            foreach (KeyValuePair<string, object?> property in properties)
            {
                if (!IsLlmOpsKey(property.Key)) kept[property.Key] = property.Value;
            }

            clone.AdditionalProperties = kept.Count == 0 ? null : kept;
            return clone;
        }

        private static bool HasLlmOpsKey(AdditionalPropertiesDictionary properties)
        {
            foreach (KeyValuePair<string, object?> property in properties)
            {
                if (IsLlmOpsKey(property.Key)) return true;
            }

            return false;
        }

        private static bool IsLlmOpsKey(string key) => key.StartsWith(AttributionKeys.Prefix, StringComparison.OrdinalIgnoreCase);
    }
}
