using System;
using System.Collections.Generic;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Runtime
{
    /// <summary>
    /// The copy of a caller's <see cref="ChatOptions"/> that the attribution middleware hands on: every property as the
    /// caller set it, without the "llmops.*" keys. The caller's instance is only read.
    /// </summary>
    /// <remarks>
    /// <para><see cref="ChatOptions.Clone"/> also clones the property bag, which is wasted when the keys are then
    /// removed from it (usually all of them: attribution keys are often the only ones). For options of exactly
    /// <see cref="ChatOptions"/> the copy is made here instead, property by property, with a new bag only for the
    /// keys that stay. Derived option types keep their own <see cref="ChatOptions.Clone"/>, so their extra state is
    /// copied as they define it.</para>
    /// <para>A copy cached per caller instance would save even this, but is not safe: the caller may change its
    /// options between calls (a new <see cref="ChatOptions.ModelId"/>, another tool), and nothing tells us. So a
    /// copy is made per call that carries "llmops.*" keys; options without them are passed on as they are.</para>
    /// </remarks>
    internal static class StrippedOptions
    {
        /// <summary>A copy of <paramref name="options"/> without "llmops.*" keys; its bag is null when none other is left.</summary>
        public static ChatOptions Of(ChatOptions options)
        {
            var source = options.AdditionalProperties;
            var kept = source is null ? 0 : source.Count - CountLlmOpsKeys(source);
            ChatOptions copy;
            if (options.GetType() == typeof(ChatOptions))
            {
                copy = CopyWithoutBag(options);
            }
            else
            {
                copy = options.Clone();
                copy.AdditionalProperties = null;
            }

            if (kept > 0)
            {
                var bag = new AdditionalPropertiesDictionary();
                foreach (var pair in source!)
                {
                    if (!AttributionResolver.IsLlmOpsKey(pair.Key))
                    {
                        bag[pair.Key] = pair.Value;
                    }
                }

                copy.AdditionalProperties = bag;
            }

            return copy;
        }

        /// <summary>
        /// What <see cref="ChatOptions.Clone"/> does (lists and the reasoning options get a new instance, list items are shared) except for the
        /// property bag. Every public property of <see cref="ChatOptions"/> is listed here; a test fails when
        /// Microsoft.Extensions.AI adds one, so a new property cannot be dropped silently.
        /// </summary>
        internal static ChatOptions CopyWithoutBag(ChatOptions options) => new ChatOptions
        {
            AllowBackgroundResponses = options.AllowBackgroundResponses,
            AllowMultipleToolCalls = options.AllowMultipleToolCalls,
            ContinuationToken = options.ContinuationToken,
            ConversationId = options.ConversationId,
            FrequencyPenalty = options.FrequencyPenalty,
            Instructions = options.Instructions,
            MaxOutputTokens = options.MaxOutputTokens,
            ModelId = options.ModelId,
            PresencePenalty = options.PresencePenalty,
            RawRepresentationFactory = options.RawRepresentationFactory,
            Reasoning = options.Reasoning is { } reasoning ? new ReasoningOptions { Effort = reasoning.Effort, Output = reasoning.Output } : null,
            ResponseFormat = options.ResponseFormat,
            Seed = options.Seed,
            StopSequences = options.StopSequences is { } stops ? new List<string>(stops) : null,
            Temperature = options.Temperature,
            ToolMode = options.ToolMode,
            Tools = options.Tools is { } tools ? new List<AITool>(tools) : null,
            TopK = options.TopK,
            TopP = options.TopP,
        };

        private static int CountLlmOpsKeys(AdditionalPropertiesDictionary properties)
        {
            var count = 0;
            foreach (var pair in properties)
            {
                if (AttributionResolver.IsLlmOpsKey(pair.Key))
                {
                    count++;
                }
            }

            return count;
        }
    }
}
