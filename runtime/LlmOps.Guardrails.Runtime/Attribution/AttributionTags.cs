using System;

namespace LlmOps.Guardrails.Runtime
{
    /// <summary>
    /// Who a call is billed to. <see cref="Feature"/> is required by policy (LLM003); <see cref="User"/> goes on spans
    /// only, never on metrics (unbounded cardinality).
    /// </summary>
    public sealed record AttributionTags
    {
        public static readonly AttributionTags None = new();

        // The last merge done by Or (one reference: reads and writes are atomic).
        private static Merge? lastMerge;

        public string? Feature { get; init; }

        public string? Team { get; init; }

        public string? Tenant { get; init; }

        public string? User { get; init; }

        public string? PromptId { get; init; }

        public string? PromptVersion { get; init; }

        /// <summary>Tags of this set where present, else those of <paramref name="fallback"/> (the nearer source wins).</summary>
        public AttributionTags Or(AttributionTags? fallback)
        {
            if (fallback is null || ReferenceEquals(fallback, None))
            {
                return this;
            }

            // A call inside a scope merges the same two sets every time: the last merge is reused (both inputs and the
            // result are immutable, so the result depends on nothing else).
            var memo = lastMerge;
            if (memo is not null && ReferenceEquals(memo.Nearer, this) && ReferenceEquals(memo.Fallback, fallback))
            {
                return memo.Result;
            }

            var merged = new AttributionTags
            {
                Feature = Feature ?? fallback.Feature,
                Team = Team ?? fallback.Team,
                Tenant = Tenant ?? fallback.Tenant,
                User = User ?? fallback.User,
                PromptId = PromptId ?? fallback.PromptId,
                PromptVersion = PromptVersion ?? fallback.PromptVersion,
            };
            lastMerge = new Merge(this, fallback, merged);
            return merged;
        }

        public bool IsEmpty =>
            Feature is null && Team is null && Tenant is null && User is null && PromptId is null && PromptVersion is null;

        internal static string? Clean(string? value) => value is null || value.Trim().Length == 0 ? null : value.Trim();

        private sealed class Merge
        {
            public Merge(AttributionTags nearer, AttributionTags fallback, AttributionTags result)
            {
                Nearer = nearer;
                Fallback = fallback;
                Result = result;
            }

            public AttributionTags Nearer { get; }

            public AttributionTags Fallback { get; }

            public AttributionTags Result { get; }
        }

        internal static string? Require(string? value, string name) =>
            Clean(value) ?? throw new ArgumentException("An attribution tag cannot be empty.", name);
    }
}
