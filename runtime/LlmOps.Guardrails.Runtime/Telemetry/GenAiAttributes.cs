namespace LlmOps.Guardrails.Runtime.Telemetry
{
    /// <summary>
    /// Attribute names of the OpenTelemetry GenAI semantic conventions (open-telemetry/semantic-conventions-genai,
    /// docs/gen-ai/gen-ai-spans.md and gen-ai-metrics.md; status Development) and of this library's own "llmops.*" ones.
    /// </summary>
    public static class GenAiAttributes
    {
        public const string OperationName = "gen_ai.operation.name";
        public const string ProviderName = "gen_ai.provider.name";

        /// <summary>The pre-1.37 name of <see cref="ProviderName"/>; emitted only with <see cref="TelemetryOptions.EmitLegacySystemAttribute"/>.</summary>
        public const string LegacySystem = "gen_ai.system";

        public const string RequestModel = "gen_ai.request.model";
        public const string RequestMaxTokens = "gen_ai.request.max_tokens";
        public const string RequestTemperature = "gen_ai.request.temperature";
        public const string RequestTopP = "gen_ai.request.top_p";
        public const string RequestTopK = "gen_ai.request.top_k";
        public const string RequestStopSequences = "gen_ai.request.stop_sequences";
        public const string RequestSeed = "gen_ai.request.seed";
        public const string RequestFrequencyPenalty = "gen_ai.request.frequency_penalty";
        public const string RequestPresencePenalty = "gen_ai.request.presence_penalty";
        public const string RequestStream = "gen_ai.request.stream";
        public const string OutputType = "gen_ai.output.type";
        public const string ConversationId = "gen_ai.conversation.id";
        public const string ResponseModel = "gen_ai.response.model";
        public const string ResponseId = "gen_ai.response.id";
        public const string ResponseFinishReasons = "gen_ai.response.finish_reasons";
        public const string ResponseTimeToFirstChunk = "gen_ai.response.time_to_first_chunk";
        public const string UsageInputTokens = "gen_ai.usage.input_tokens";
        public const string UsageOutputTokens = "gen_ai.usage.output_tokens";
        public const string UsageCacheReadInputTokens = "gen_ai.usage.cache_read.input_tokens";
        public const string UsageCacheCreationInputTokens = "gen_ai.usage.cache_creation.input_tokens";
        public const string UsageReasoningOutputTokens = "gen_ai.usage.reasoning.output_tokens";
        public const string InputMessages = "gen_ai.input.messages";
        public const string OutputMessages = "gen_ai.output.messages";
        public const string TokenType = "gen_ai.token.type";

        /// <summary>Draft (semantic-conventions-genai PR #443): the cost of the operation.</summary>
        public const string UsageCostAmount = "gen_ai.usage.cost.amount";

        /// <summary>Draft (PR #443): ISO 4217 currency of <see cref="UsageCostAmount"/>; always "USD" here.</summary>
        public const string UsageCostCurrency = "gen_ai.usage.cost.currency";

        /// <summary>Draft (PR #443): "provider" when the response carried the cost, "local" when computed; always "local" here.</summary>
        public const string UsageCostSource = "gen_ai.usage.cost.source";

        public const string ErrorType = "error.type";
        public const string ServerAddress = "server.address";
        public const string ServerPort = "server.port";

        // This library's own attributes: attribution (same names as the ChatOptions keys) and the cost breakdown.
        public const string Feature = AttributionKeys.Feature;
        public const string Team = AttributionKeys.Team;
        public const string Tenant = AttributionKeys.Tenant;
        public const string User = AttributionKeys.User;
        public const string PromptId = AttributionKeys.PromptId;
        public const string PromptVersion = AttributionKeys.PromptVersion;
        public const string CostModel = "llmops.cost.model";
        public const string CostInput = "llmops.cost.input";
        public const string CostCachedInput = "llmops.cost.cached_input";
        public const string CostCacheWrite = "llmops.cost.cache_write";
        public const string CostOutput = "llmops.cost.output";
        public const string CostRequest = "llmops.cost.request";
        public const string CacheWrite1hInputTokens = "llmops.usage.cache_creation_1h.input_tokens";
        public const string FallbackFrom = "llmops.fallback.from";
        public const string FallbackTo = "llmops.fallback.to";
        public const string FallbackReason = "llmops.fallback.reason";

        public const string OperationChat = "chat";
        public const string TokenTypeInput = "input";
        public const string TokenTypeOutput = "output";
        public const string CurrencyUsd = "USD";
        public const string CostSourceLocal = "local";
    }
}
