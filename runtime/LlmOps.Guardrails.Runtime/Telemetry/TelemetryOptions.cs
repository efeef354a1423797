using LlmOps.Guardrails.Core.Catalog;

namespace LlmOps.Guardrails.Runtime.Telemetry
{
    /// <summary>Settings of <see cref="TelemetryChatClient"/>.</summary>
    public sealed class TelemetryOptions
    {
        /// <summary>Prices for the cost attributes and the cost counter.</summary>
        public ModelCatalog Catalog { get; set; } = ModelCatalog.Default;

        /// <summary>
        /// The <c>gen_ai.provider.name</c> value (<c>openai</c>, <c>anthropic</c>, <c>azure.ai.openai</c>, ...). When null:
        /// the inner client's <see cref="Microsoft.Extensions.AI.ChatClientMetadata.ProviderName"/>, else the catalog's
        /// provider of the requested model, else <c>_OTHER</c>.
        /// </summary>
        public string? ProviderName { get; set; }

        /// <summary>Record the messages (<c>gen_ai.input.messages</c>, <c>gen_ai.output.messages</c>) on spans. Off by default: they hold user data.</summary>
        public bool EnableSensitiveData { get; set; }

        /// <summary>Add <c>llmops.tenant</c> to metric tags. Off by default: tenants can be many (one time series each).</summary>
        public bool IncludeTenantInMetrics { get; set; }

        /// <summary>Also emit <c>gen_ai.system</c> (the attribute <c>gen_ai.provider.name</c> replaced in semconv 1.37) on spans, for older dashboards.</summary>
        public bool EmitLegacySystemAttribute { get; set; }
    }
}
