using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace LlmOps.Guardrails.Runtime.Signals.Audit
{
    /// <summary>
    /// One line of the audit trail, schema version 1 (<see cref="V"/>): one finished call, as documented in
    /// docs/runtime-signals.md ("Audit trail"). Absent values are left out of the JSON. Keys and tokens are never part of it.
    /// </summary>
    public sealed class AuditRecord
    {
        /// <summary>The schema version this library writes.</summary>
        public const int CurrentVersion = 1;

        [JsonPropertyName("v")]
        public int V { get; set; } = CurrentVersion;

        /// <summary>Position in the chain: 1 for the first record, then one more per record, across rotated files.</summary>
        [JsonPropertyName("seq")]
        public long Seq { get; set; }

        /// <summary>When the call started (UTC).</summary>
        [JsonPropertyName("time")]
        public DateTimeOffset Time { get; set; }

        [JsonPropertyName("durationMs")]
        public double DurationMs { get; set; }

        [JsonPropertyName("timeToFirstTokenMs")]
        public double? TimeToFirstTokenMs { get; set; }

        [JsonPropertyName("streaming")]
        public bool Streaming { get; set; }

        [JsonPropertyName("feature")]
        public string? Feature { get; set; }

        [JsonPropertyName("team")]
        public string? Team { get; set; }

        [JsonPropertyName("tenant")]
        public string? Tenant { get; set; }

        [JsonPropertyName("user")]
        public string? User { get; set; }

        [JsonPropertyName("promptId")]
        public string? PromptId { get; set; }

        [JsonPropertyName("promptVersion")]
        public string? PromptVersion { get; set; }

        [JsonPropertyName("provider")]
        public string? Provider { get; set; }

        [JsonPropertyName("requestModel")]
        public string? RequestModel { get; set; }

        [JsonPropertyName("responseModel")]
        public string? ResponseModel { get; set; }

        [JsonPropertyName("fallbackHops")]
        public IReadOnlyList<string>? FallbackHops { get; set; }

        /// <summary>PII redactions applied to the request: kind → count, sorted by kind. Never the values.</summary>
        [JsonPropertyName("redactions")]
        public SortedDictionary<string, int>? Redactions { get; set; }

        [JsonPropertyName("inputTokens")]
        public long? InputTokens { get; set; }

        [JsonPropertyName("outputTokens")]
        public long? OutputTokens { get; set; }

        [JsonPropertyName("cachedInputTokens")]
        public long? CachedInputTokens { get; set; }

        [JsonPropertyName("reasoningTokens")]
        public long? ReasoningTokens { get; set; }

        [JsonPropertyName("costUsd")]
        public decimal? CostUsd { get; set; }

        [JsonPropertyName("cacheHit")]
        public bool CacheHit { get; set; }

        /// <summary><c>succeeded</c>, <c>failed</c>, <c>refused</c>, <c>cancelled</c> or <c>abandoned</c>.</summary>
        [JsonPropertyName("outcome")]
        public string Outcome { get; set; } = string.Empty;

        [JsonPropertyName("errorType")]
        public string? ErrorType { get; set; }

        [JsonPropertyName("temperature")]
        public float? Temperature { get; set; }

        /// <summary>SHA-256 (lowercase hex) of the request messages (<see cref="CallContentHash.OfMessages"/>).</summary>
        [JsonPropertyName("inputHash")]
        public string InputHash { get; set; } = string.Empty;

        /// <summary>SHA-256 (lowercase hex) of the answer's text; absent when no answer came.</summary>
        [JsonPropertyName("outputHash")]
        public string? OutputHash { get; set; }

        /// <summary>The request messages after PII redaction; only with <see cref="AuditOptions.IncludeText"/>.</summary>
        [JsonPropertyName("input")]
        public IReadOnlyList<AuditMessage>? Input { get; set; }

        /// <summary>The answer's text; only with <see cref="AuditOptions.IncludeText"/>.</summary>
        [JsonPropertyName("output")]
        public string? Output { get; set; }

        /// <summary>The <see cref="Hash"/> of the record before this one; absent on the first record of the trail.</summary>
        [JsonPropertyName("prev")]
        public string? Prev { get; set; }

        /// <summary>SHA-256 (lowercase hex) of this record's line without its <c>hash</c> member. Always the last member.</summary>
        [JsonPropertyName("hash")]
        [JsonPropertyOrder(1)]
        public string? Hash { get; set; }

        /// <summary>The record of <paramref name="call"/>, not yet chained (no seq, prev or hash).</summary>
        public static AuditRecord From(LlmCallRecord call, bool includeText)
        {
            if (call is null) throw new ArgumentNullException(nameof(call));
            var tags = call.Attribution ?? AttributionTags.None;
            var record = new AuditRecord
            {
                Time = call.StartedAt.ToUniversalTime(),
                DurationMs = call.Duration.TotalMilliseconds,
                TimeToFirstTokenMs = call.TimeToFirstToken?.TotalMilliseconds,
                Streaming = call.Streaming,
                Feature = tags.Feature,
                Team = tags.Team,
                Tenant = tags.Tenant,
                User = tags.User,
                PromptId = tags.PromptId,
                PromptVersion = tags.PromptVersion,
                Provider = call.Provider,
                RequestModel = call.RequestModel,
                ResponseModel = call.ResponseModel,
                FallbackHops = call.FallbackHops is { Count: > 0 } hops ? hops : null,
                Redactions = call.Redactions is { Count: > 0 } redactions ? new SortedDictionary<string, int>(ToDictionary(redactions), StringComparer.Ordinal) : null,
                InputTokens = call.InputTokens,
                OutputTokens = call.OutputTokens,
                CachedInputTokens = call.CachedInputTokens,
                ReasoningTokens = call.ReasoningTokens,
                CostUsd = call.CostUsd,
                CacheHit = call.CacheHit,
                Outcome = OutcomeName(call.Outcome),
                ErrorType = call.ErrorType,
                Temperature = call.Temperature,
                InputHash = call.InputHash,
                OutputHash = call.OutputHash,
            };

            if (includeText)
            {
                var input = new List<AuditMessage>(call.Messages.Count);
                foreach (var message in call.Messages)
                {
                    input.Add(new AuditMessage { Role = message.Role.Value, Text = message.Text });
                }

                record.Input = input;
                record.Output = call.ResponseText;
            }

            return record;
        }

        /// <summary>The lowercase name an outcome is written as.</summary>
        public static string OutcomeName(LlmCallOutcome outcome) => outcome switch
        {
            LlmCallOutcome.Succeeded => "succeeded",
            LlmCallOutcome.Failed => "failed",
            LlmCallOutcome.Refused => "refused",
            LlmCallOutcome.Cancelled => "cancelled",
            LlmCallOutcome.Abandoned => "abandoned",
            _ => outcome.ToString().ToLowerInvariant(),
        };

        private static Dictionary<string, int> ToDictionary(IReadOnlyDictionary<string, int> source)
        {
            var copy = new Dictionary<string, int>(source.Count, StringComparer.Ordinal);
            foreach (var pair in source)
            {
                copy[pair.Key] = pair.Value;
            }

            return copy;
        }
    }
}
