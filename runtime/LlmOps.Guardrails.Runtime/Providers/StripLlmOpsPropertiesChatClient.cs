using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Runtime.Providers
{
    /// <summary>
    /// Guarantees that no <c>llmops.*</c> <see cref="ChatOptions.AdditionalProperties"/> reach a provider client whose
    /// mapping we do not own (the Anthropic SDK's <c>AsIChatClient</c>): when any is present, the inner client gets a
    /// copy of the options without them (<see cref="StrippedOptions"/>, the same copy the attribution middleware
    /// makes). The caller's options are never modified; no allocation when there is none.
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

        internal static ChatOptions? Strip(ChatOptions? options) =>
            AttributionResolver.HasLlmOpsKeys(options) ? StrippedOptions.Of(options!) : options;
    }
}
