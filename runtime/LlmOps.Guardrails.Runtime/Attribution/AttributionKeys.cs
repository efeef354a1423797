namespace LlmOps.Guardrails.Runtime
{
    /// <summary>
    /// The <c>ChatOptions.AdditionalProperties</c> keys that carry attribution tags ("llmops.&lt;tag&gt;"). The analyzers
    /// (LLM003) and the generated prompt accessors use the same keys; the attribution middleware removes them before
    /// the request reaches a provider.
    /// </summary>
    public static class AttributionKeys
    {
        public const string Prefix = "llmops.";
        public const string Feature = "llmops.feature";
        public const string Team = "llmops.team";
        public const string Tenant = "llmops.tenant";
        public const string User = "llmops.user";
        public const string PromptId = "llmops.prompt.id";
        public const string PromptVersion = "llmops.prompt.version";
    }
}
