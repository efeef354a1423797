using System;
using System.Threading;

namespace LlmOps.Guardrails.Runtime
{
    /// <summary>
    /// An ambient attribution scope: every LLM call made inside it (on this async flow) is billed to its tags.
    /// Scopes nest; an inner scope's tags win, and the outer scope's fill what the inner one leaves unset.
    /// </summary>
    /// <example><code>using var scope = LlmAttribution.Begin(feature: "ticket-triage", team: "support");</code></example>
    public static class LlmAttribution
    {
        private static readonly AsyncLocal<AttributionTags?> Ambient = new AsyncLocal<AttributionTags?>();

        /// <summary>The tags of the innermost scope around the caller, or null outside any scope.</summary>
        public static AttributionTags? Current => Ambient.Value;

        public static IDisposable Begin(string feature, string? team = null, string? tenant = null, string? user = null) =>
            Begin(new AttributionTags
            {
                Feature = AttributionTags.Require(feature, nameof(feature)),
                Team = AttributionTags.Clean(team),
                Tenant = AttributionTags.Clean(tenant),
                User = AttributionTags.Clean(user),
            });

        public static IDisposable Begin(AttributionTags tags)
        {
            if (tags is null)
            {
                throw new ArgumentNullException(nameof(tags));
            }

            var outer = Ambient.Value;
            Ambient.Value = tags.Or(outer);
            return new Scope(outer);
        }

        private sealed class Scope : IDisposable
        {
            private readonly AttributionTags? outer;
            private int disposed;

            public Scope(AttributionTags? outer) => this.outer = outer;

            public void Dispose()
            {
                if (Interlocked.Exchange(ref disposed, 1) == 0)
                {
                    Ambient.Value = outer;
                }
            }
        }
    }
}
