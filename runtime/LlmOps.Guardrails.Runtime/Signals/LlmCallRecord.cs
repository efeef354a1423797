using System;
using System.Collections.Generic;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Runtime.Signals
{
    /// <summary>
    /// One finished LLM call, as the runtime signals see it (spend anomalies, forecast, audit trail, latency objectives,
    /// response consistency): who it is billed to, what was asked and answered, what it cost, how it ended. Made once
    /// per call, after the call ended, and only when at least one <see cref="ILlmCallObserver"/> is registered.
    /// </summary>
    public sealed class LlmCallRecord
    {
        private string? _inputHash;
        private string? _outputHash;

        /// <summary>When the call started (the pipeline's <c>TimeProvider</c>).</summary>
        public DateTimeOffset StartedAt { get; init; }

        /// <summary>From the start to the end of the call (for a stream: to the last update, or to its abandonment).</summary>
        public TimeSpan Duration { get; init; }

        /// <summary>For a stream, from the start to the first update that carried content; null otherwise.</summary>
        public TimeSpan? TimeToFirstToken { get; init; }

        public bool Streaming { get; init; }

        /// <summary>Who the call is billed to (feature, team, tenant, user, prompt id and version).</summary>
        public AttributionTags Attribution { get; init; } = AttributionTags.None;

        /// <summary>The model the caller asked for (<c>ChatOptions.ModelId</c>, else the client's default).</summary>
        public string? RequestModel { get; init; }

        /// <summary>The model the provider says answered; null when it did not say or no answer came.</summary>
        public string? ResponseModel { get; init; }

        /// <summary>The provider name of the client (<c>gen_ai.provider.name</c>).</summary>
        public string? Provider { get; init; }

        /// <summary>Fallback targets tried, in order; empty without a fallback chain. The last one answered when the call succeeded.</summary>
        public IReadOnlyList<string> FallbackHops { get; init; } = Array.Empty<string>();

        /// <summary>PII redactions applied to the request: kind ("email", "phone", "payment_card") → count. Never the values.</summary>
        public IReadOnlyDictionary<string, int> Redactions { get; init; } = EmptyRedactions;

        public long? InputTokens { get; init; }

        public long? OutputTokens { get; init; }

        public long? CachedInputTokens { get; init; }

        public long? ReasoningTokens { get; init; }

        /// <summary>What the call cost in USD (0 for a response-cache hit); null when it could not be priced.</summary>
        public decimal? CostUsd { get; init; }

        /// <summary>True when the guardrails' response cache answered.</summary>
        public bool CacheHit { get; init; }

        public LlmCallOutcome Outcome { get; init; }

        /// <summary>The exception's type name for a failed or refused call (<c>error.type</c>); null otherwise.</summary>
        public string? ErrorType { get; init; }

        /// <summary>The request's temperature, when set.</summary>
        public float? Temperature { get; init; }

        /// <summary>
        /// The messages as they reached the provider side of the pipeline, after PII redaction. Observers that store
        /// text must do so only when the application opted in; hashing is the default.
        /// </summary>
        public IReadOnlyList<ChatMessage> Messages { get; init; } = Array.Empty<ChatMessage>();

        /// <summary>The answer's text (after redaction of the request; the answer itself is as the provider sent it); null when none came.</summary>
        public string? ResponseText { get; init; }

        /// <summary>SHA-256 (lowercase hex) of the request messages: roles and text contents, in order.</summary>
        public string InputHash => _inputHash ??= CallContentHash.OfMessages(Messages);

        /// <summary>SHA-256 (lowercase hex) of <see cref="ResponseText"/>; null when there is none.</summary>
        public string? OutputHash => ResponseText is null ? null : _outputHash ??= CallContentHash.OfText(ResponseText);

        private static readonly IReadOnlyDictionary<string, int> EmptyRedactions = new Dictionary<string, int>();
    }

    /// <summary>How a call ended.</summary>
    public enum LlmCallOutcome
    {
        /// <summary>An answer came back (from a provider or the response cache).</summary>
        Succeeded,

        /// <summary>The provider (or every fallback target) failed after retries.</summary>
        Failed,

        /// <summary>The guardrails refused it before any provider was asked (budget, required tags).</summary>
        Refused,

        /// <summary>The caller cancelled it.</summary>
        Cancelled,

        /// <summary>A stream the caller stopped reading before its end.</summary>
        Abandoned,
    }

    /// <summary>
    /// Told about every finished call. Called synchronously on the call's path: keep it cheap. Exceptions are swallowed,
    /// except <see cref="CallRecordNotKeptException"/>, which fails the call (for observers asked to fail closed).
    /// </summary>
    public interface ILlmCallObserver
    {
        void OnCallCompleted(LlmCallRecord call);
    }
}
