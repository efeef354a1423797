using System.Text.Json.Serialization;

namespace LlmOps.Guardrails.Runtime.Signals.Audit
{
    /// <summary>One request message in a record written with <see cref="AuditOptions.IncludeText"/>: its role and text.</summary>
    public sealed class AuditMessage
    {
        [JsonPropertyName("role")]
        public string Role { get; set; } = string.Empty;

        [JsonPropertyName("text")]
        public string Text { get; set; } = string.Empty;
    }
}
