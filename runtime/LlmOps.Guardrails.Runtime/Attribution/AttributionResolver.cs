using System;
using System.Globalization;
using System.Threading;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Runtime
{
    /// <summary>
    /// The tags a call is billed to, nearest source first: the "llmops.*" keys of its options, the tags the
    /// attribution middleware resolved for the call in flight, then the ambient <see cref="LlmAttribution"/> scope.
    /// Every middleware asks here, so they all agree on who pays.
    /// </summary>
    public static class AttributionResolver
    {
        private static readonly AsyncLocal<CallAttribution?> InFlightCall = new AsyncLocal<CallAttribution?>();

        // The last tag set read from options (one reference: reads and writes are atomic; a race only costs a new set).
        private static AttributionTags? lastRead;

        /// <summary>The attribution of the call in flight on this async flow (set by <see cref="AttributingChatClient"/>), or null.</summary>
        internal static CallAttribution? InFlight => InFlightCall.Value;

        public static AttributionTags Resolve(ChatOptions? options)
        {
            var nearer = FromOptions(options);
            var inFlight = InFlightCall.Value;
            var fallback = inFlight is not null ? inFlight.Tags : LlmAttribution.Current;
            if (nearer is null)
            {
                return fallback ?? AttributionTags.None;
            }

            return fallback is null ? nearer : nearer.Or(fallback);
        }

        /// <summary>
        /// Reads an "llmops.*" option of the call: from <paramref name="options"/>, else from the caller's original options
        /// when <see cref="AttributingChatClient"/> has already removed the "llmops.*" keys on their way to the provider.
        /// Middleware behind the attribution middleware uses this for its own per-call switches (for example a cache bypass).
        /// </summary>
        public static bool TryGetCallOption(ChatOptions? options, string key, out object? value)
        {
            if (key is null)
            {
                throw new ArgumentNullException(nameof(key));
            }

            if (options?.AdditionalProperties is { } properties && properties.TryGetValue(key, out value))
            {
                return true;
            }

            if (InFlightCall.Value?.OriginalOptions?.AdditionalProperties is { } original && original.TryGetValue(key, out value))
            {
                return true;
            }

            value = null;
            return false;
        }

        /// <summary>Makes <paramref name="call"/> the call in flight; returns the previous one to restore.</summary>
        internal static CallAttribution? Enter(CallAttribution call)
        {
            var previous = InFlightCall.Value;
            if (!ReferenceEquals(previous, call))
            {
                InFlightCall.Value = call;
            }

            return previous;
        }

        internal static void Exit(CallAttribution? previous)
        {
            if (!ReferenceEquals(InFlightCall.Value, previous))
            {
                InFlightCall.Value = previous;
            }
        }

        /// <summary>The tags written as "llmops.*" keys in <paramref name="options"/>; null when there are none.</summary>
        internal static AttributionTags? FromOptions(ChatOptions? options)
        {
            if (options?.AdditionalProperties is not { Count: > 0 } properties)
            {
                return null;
            }

            var feature = Read(properties, AttributionKeys.Feature);
            var team = Read(properties, AttributionKeys.Team);
            var tenant = Read(properties, AttributionKeys.Tenant);
            var user = Read(properties, AttributionKeys.User);
            var promptId = Read(properties, AttributionKeys.PromptId);
            var promptVersion = Read(properties, AttributionKeys.PromptVersion);
            if (feature is null && team is null && tenant is null && user is null && promptId is null && promptVersion is null)
            {
                return null;
            }

            // Callers repeat the same tags call after call: the last set read is handed out again when every tag is equal
            // (tags are immutable, so sharing one instance between calls with equal tags cannot leak one into another).
            var last = lastRead;
            if (last is not null
                && string.Equals(last.Feature, feature, StringComparison.Ordinal)
                && string.Equals(last.Team, team, StringComparison.Ordinal)
                && string.Equals(last.Tenant, tenant, StringComparison.Ordinal)
                && string.Equals(last.User, user, StringComparison.Ordinal)
                && string.Equals(last.PromptId, promptId, StringComparison.Ordinal)
                && string.Equals(last.PromptVersion, promptVersion, StringComparison.Ordinal))
            {
                return last;
            }

            return lastRead = new AttributionTags
            {
                Feature = feature,
                Team = team,
                Tenant = tenant,
                User = user,
                PromptId = promptId,
                PromptVersion = promptVersion,
            };
        }

        /// <summary>True when any key of <paramref name="options"/> starts with "llmops.".</summary>
        internal static bool HasLlmOpsKeys(ChatOptions? options)
        {
            if (options?.AdditionalProperties is not { Count: > 0 } properties)
            {
                return false;
            }

            foreach (var pair in properties)
            {
                if (IsLlmOpsKey(pair.Key))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Ignores case, as the property bag does (<see cref="AdditionalPropertiesDictionary"/> looks keys up ignoring case):
        /// a key that is read as a tag is also a key that never reaches the provider.
        /// </summary>
        internal static bool IsLlmOpsKey(string key) => key.StartsWith(AttributionKeys.Prefix, StringComparison.OrdinalIgnoreCase);

        private static string? Read(AdditionalPropertiesDictionary properties, string key) =>
            properties.TryGetValue(key, out var value) ? AttributionTags.Clean(ToInvariantString(value)) : null;

        internal static string? ToInvariantString(object? value) => value switch
        {
            null => null,
            string text => text,
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
    }

    /// <summary>What the attribution middleware resolved for the call in flight.</summary>
    internal sealed class CallAttribution
    {
        public CallAttribution(AttributionTags tags, ChatOptions? originalOptions)
        {
            Tags = tags;
            OriginalOptions = originalOptions;
        }

        public AttributionTags Tags { get; }

        /// <summary>The caller's options, "llmops.*" keys included (the provider gets a copy without them).</summary>
        public ChatOptions? OriginalOptions { get; }
    }
}
