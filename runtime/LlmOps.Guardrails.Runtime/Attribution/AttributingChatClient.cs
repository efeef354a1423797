using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Runtime
{
    /// <summary>
    /// The first middleware of the pipeline: decides who a call is billed to and keeps the "llmops.*" keys away from the
    /// provider.
    /// </summary>
    /// <remarks>
    /// <para>Tags are resolved per tag, nearest source first: the options' "llmops.*" keys (<see cref="AttributionKeys"/>;
    /// values that are not strings are formatted with the invariant culture), then an attribution middleware further out
    /// (a call already in flight), then the ambient <see cref="LlmAttribution"/> scope, then — only when the feature is
    /// still missing — <see cref="LlmFeatureAttribute"/> on the calling method, its types or its assembly (a stack walk).</para>
    /// <para>The inner client gets a copy of the options with every "llmops.*" key removed; the caller's options are never
    /// changed, and options without such keys are passed on as they are. For the length of the call (the whole
    /// enumeration of a stream) the resolved tags are what <see cref="AttributionResolver.Resolve"/> returns to the
    /// middleware behind this one, and <see cref="AttributionResolver.TryGetCallOption"/> still finds the removed keys.</para>
    /// <para>The tags are not written onto the response: responses can be shared (the response cache returns one instance to
    /// many callers), and the caller knows its own attribution.</para>
    /// </remarks>
    public sealed class AttributingChatClient : DelegatingChatClient
    {
        private readonly bool requireFeature;
        private readonly bool useCallerAttributes;
        private CallAttribution? lastCall;

        public AttributingChatClient(IChatClient innerClient)
            : this(innerClient, null)
        {
        }

        public AttributingChatClient(IChatClient innerClient, AttributionOptions? options)
            : base(innerClient)
        {
            requireFeature = options?.RequireFeature ?? false;
            useCallerAttributes = options?.UseCallerAttributes ?? true;
        }

        public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var call = Prepare(options, out var forwarded);
            var previous = AttributionResolver.Enter(call);
            try
            {
                // The inner call captures the execution context (with the call's attribution) at its first await.
                return InnerClient.GetResponseAsync(messages, forwarded, cancellationToken);
            }
            finally
            {
                AttributionResolver.Exit(previous);
            }
        }

        public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            // Resolved here, on the caller's stack, so [LlmFeature] sees the caller and RequireFeature throws at once.
            var call = Prepare(options, out var forwarded);
            return Stream(messages, forwarded, call, cancellationToken);
        }

        private async IAsyncEnumerable<ChatResponseUpdate> Stream(IEnumerable<ChatMessage> messages, ChatOptions? options, CallAttribution call, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            // An async iterator gets the consumer's execution context back on every MoveNextAsync, so the call's
            // attribution is set again before each step of the inner stream.
            AttributionResolver.Enter(call);
            var inner = InnerClient.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
            try
            {
                while (true)
                {
                    AttributionResolver.Enter(call);
                    if (!await inner.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }

                    yield return inner.Current;
                }
            }
            finally
            {
                AttributionResolver.Enter(call);
                await inner.DisposeAsync().ConfigureAwait(false);
            }
        }

        private CallAttribution Prepare(ChatOptions? options, out ChatOptions? forwarded)
        {
            var fromOptions = AttributionResolver.FromOptions(options);
            var outer = AttributionResolver.InFlight;
            var fallback = outer is not null ? outer.Tags : LlmAttribution.Current;
            var tags = fromOptions is null ? fallback ?? AttributionTags.None : fromOptions.Or(fallback);

            if (tags.Feature is null && useCallerAttributes && CallerFeatureResolver.Resolve() is { } marked)
            {
                tags = tags.Or(marked);
            }

            if (tags.Feature is null && requireFeature)
            {
                throw new InvalidOperationException(
                    "This LLM call is not attributed to a feature. Set ChatOptions.AdditionalProperties[\"llmops.feature\"] " +
                    "(options.WithAttribution(feature: ...)), wrap the call in `using var scope = LlmAttribution.Begin(feature: ...)`, " +
                    "or mark the calling method, type or assembly with [LlmFeature(\"...\")]. See docs/rules/LLM003.md.");
            }

            forwarded = AttributionResolver.HasLlmOpsKeys(options) ? StrippedOptions.Of(options!) : options;
            // Nested attribution middleware with nothing new to say reuses the outer call's record (no allocation).
            if (outer is not null && ReferenceEquals(outer.Tags, tags))
            {
                return outer;
            }

            // The record is immutable and holds only these two references, so the last one serves again when a caller
            // repeats its options instance with the same tags (one reference field: reads and writes are atomic).
            var last = lastCall;
            if (last is not null && ReferenceEquals(last.Tags, tags) && ReferenceEquals(last.OriginalOptions, options))
            {
                return last;
            }

            return lastCall = new CallAttribution(tags, options);
        }
    }
}
