using System;
using Anthropic.Models.Messages;
using LlmOps.Guardrails.Core.Pricing;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Runtime.Cost
{
    /// <summary>
    /// Provider-reported usage (<see cref="UsageDetails"/>) as Core's <see cref="TokenUsage"/>: cached input, cache
    /// writes (read from <see cref="UsageDetails.AdditionalCounts"/>, where the Anthropic SDK reports them) and
    /// reasoning tokens, each counted once.
    /// </summary>
    /// <remarks>
    /// The Microsoft.Extensions.AI shape, which both SDK adapters follow, is "totals with parts inside":
    /// <see cref="UsageDetails.InputTokenCount"/> is all input (the Anthropic SDK 13.12.0's <c>AsIChatClient</c> sums
    /// <c>input_tokens + cache_read_input_tokens + cache_creation_input_tokens</c>; OpenAI's <c>prompt_tokens</c> already
    /// contains <c>cached_tokens</c>), <see cref="UsageDetails.CachedInputTokenCount"/> is the cache reads,
    /// <see cref="UsageDetails.OutputTokenCount"/> is all output and <see cref="UsageDetails.ReasoningTokenCount"/> is the
    /// reasoning part of it. Cache writes have no property: the Anthropic SDK puts <c>cache_creation_input_tokens</c> in
    /// <c>AdditionalCounts["CacheCreationInputTokens"]</c> (<see cref="CacheCreationInputTokensKey"/>) and drops the
    /// 5-minute/1-hour split, which <see cref="ToTokenUsage(ChatResponse)"/> recovers from the raw Anthropic message.
    /// Two guards keep the result valid when an adapter reports parts outside their totals: parts larger than the input
    /// total are taken as exclusive and added to it, and reasoning larger than the output is added to the output.
    /// </remarks>
    public static class UsageMapping
    {
        /// <summary>The <see cref="UsageDetails.AdditionalCounts"/> key where the Anthropic SDK reports all cache-write tokens.</summary>
        public const string CacheCreationInputTokensKey = "CacheCreationInputTokens";

        /// <summary>An <see cref="UsageDetails.AdditionalCounts"/> key for the input tokens written to a 5-minute cache, for adapters that know the split.</summary>
        public const string CacheWrite5mInputTokensKey = "CacheCreation5mInputTokens";

        /// <summary>An <see cref="UsageDetails.AdditionalCounts"/> key for the input tokens written to a 1-hour cache, for adapters that know the split.</summary>
        public const string CacheWrite1hInputTokensKey = "CacheCreation1hInputTokens";

        public static TokenUsage ToTokenUsage(UsageDetails? usage) => ToTokenUsage(usage, -1, -1);

        /// <summary>
        /// Like <see cref="ToTokenUsage(UsageDetails?)"/>, and when the response is a raw Anthropic message, splits the
        /// cache writes into 5-minute and 1-hour as the API reported them (the SDK's <c>UsageDetails</c> only has their sum).
        /// </summary>
        public static TokenUsage ToTokenUsage(ChatResponse response)
        {
            if (response is null)
            {
                throw new ArgumentNullException(nameof(response));
            }

            TryReadCacheWriteSplit(response.RawRepresentation, out var write5m, out var write1h);
            return ToTokenUsage(response.Usage, write5m, write1h);
        }

        /// <summary>
        /// Maps <paramref name="usage"/>; <paramref name="split5m"/>/<paramref name="split1h"/> (when not negative) are the
        /// cache-write split read from a raw provider response, used when the additional counts do not carry one.
        /// </summary>
        internal static TokenUsage ToTokenUsage(UsageDetails? usage, long split5m, long split1h)
        {
            if (usage is null)
            {
                return default;
            }

            var input = NonNegative(usage.InputTokenCount);
            var cached = NonNegative(usage.CachedInputTokenCount);
            var output = NonNegative(usage.OutputTokenCount);
            var reasoning = NonNegative(usage.ReasoningTokenCount);

            long write5m = 0;
            long write1h = 0;
            long writeTotal = 0;
            var hasSplit = false;
            if (usage.AdditionalCounts is { Count: > 0 } counts)
            {
                if (counts.TryGetValue(CacheCreationInputTokensKey, out var total))
                {
                    writeTotal = Math.Max(0, total);
                }

                if (counts.TryGetValue(CacheWrite5mInputTokensKey, out var fiveMinutes))
                {
                    write5m = Math.Max(0, fiveMinutes);
                    hasSplit = true;
                }

                if (counts.TryGetValue(CacheWrite1hInputTokensKey, out var oneHour))
                {
                    write1h = Math.Max(0, oneHour);
                    hasSplit = true;
                }
            }

            if (!hasSplit && split5m >= 0 && split1h >= 0 && split5m + split1h > 0)
            {
                write5m = split5m;
                write1h = split1h;
                hasSplit = true;
            }

            // Writes the split does not account for are billed as 5-minute writes, Anthropic's default TTL.
            if (writeTotal > write5m + write1h)
            {
                write5m = writeTotal - write1h;
            }

            var parts = cached + write5m + write1h;
            if (parts > input)
            {
                // An adapter that passed Anthropic's raw input_tokens (uncached only) through: the parts are beside it.
                input += parts;
            }

            if (reasoning > output)
            {
                // An adapter that reports reasoning beside the output (Gemini's thoughts): reasoning is billed as output.
                output += reasoning;
            }

            return new TokenUsage
            {
                InputTokens = input,
                CachedInputTokens = cached,
                CacheWrite5mTokens = write5m,
                CacheWrite1hTokens = write1h,
                OutputTokens = output,
                ReasoningTokens = reasoning,
            };
        }

        /// <summary>
        /// Reads Anthropic's <c>usage.cache_creation</c> split from a raw SDK object: a <see cref="Message"/> (non-streaming
        /// response) or the <c>message_start</c> <see cref="RawMessageStreamEvent"/> of a stream. False for anything else.
        /// </summary>
        internal static bool TryReadCacheWriteSplit(object? raw, out long write5m, out long write1h)
        {
            write5m = -1;
            write1h = -1;
            try
            {
                Message? message = null;
                if (raw is Message m)
                {
                    message = m;
                }
                else if (raw is RawMessageStreamEvent streamEvent && streamEvent.TryPickStart(out var start))
                {
                    message = start?.Message;
                }

                if (message?.Usage?.CacheCreation is { } creation)
                {
                    write5m = Math.Max(0, creation.Ephemeral5mInputTokens);
                    write1h = Math.Max(0, creation.Ephemeral1hInputTokens);
                    return true;
                }
            }
#pragma warning disable CA1031 // A malformed raw object must never fail the call: fall back to the UsageDetails sum.
            catch (Exception)
#pragma warning restore CA1031
            {
                write5m = -1;
                write1h = -1;
            }

            return false;
        }

        private static long NonNegative(long? value) => value is > 0 ? value.Value : 0;
    }
}
