using System.Diagnostics;

namespace LlmOps.Guardrails.Runtime.Telemetry
{
    /// <summary>
    /// Finds a GenAI <c>chat</c> span that another instrumentation further out already started for this call (above all
    /// Microsoft.Extensions.AI's <c>OpenTelemetryChatClient</c>, source <see cref="MicrosoftExtensionsAISourceName"/> by
    /// default), so that <see cref="TelemetryChatClient"/> adds cost and attribution to that span instead of starting a
    /// second span for the same call.
    /// </summary>
    /// <remarks>
    /// A span is a host when it is a client span, not this library's own, whose <c>gen_ai.operation.name</c> is
    /// <c>chat</c>, and that no call has enriched yet. The first call claims it (a custom property on the activity);
    /// a second call under the same span (a function-invocation loop outside the OpenTelemetry client) gets a span of
    /// its own, so no call's cost overwrites another's.
    /// </remarks>
    internal static class GenAiHostSpan
    {
        /// <summary>The default source name of Microsoft.Extensions.AI's <c>OpenTelemetryChatClient</c>.</summary>
        public const string MicrosoftExtensionsAISourceName = "Experimental.Microsoft.Extensions.AI";

        private const string ClaimProperty = "llmops.telemetry.enriched";

        /// <summary>A span <see cref="TryClaim"/> would take, without claiming it.</summary>
        public static bool IsAvailable(Activity? current) =>
            current is not null
            && current.Kind == ActivityKind.Client
            && !ReferenceEquals(current.Source, LlmOpsTelemetry.ActivitySource)
            && current.GetTagItem(GenAiAttributes.OperationName) as string == GenAiAttributes.OperationChat
            && current.GetCustomProperty(ClaimProperty) is null;

        /// <summary>The current span when it hosts this call; it is then marked so that no other call enriches it.</summary>
        public static Activity? TryClaim(Activity? current)
        {
            if (!IsAvailable(current))
            {
                return null;
            }

            current!.SetCustomProperty(ClaimProperty, true);
            return current;
        }
    }
}
