using System;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Runtime;

/// <summary>
/// Refuses, when the pipeline is built, the orders of Microsoft.Extensions.AI's own middleware that would bill a call
/// twice, span it twice, or let a tool loop past the budget. In a <see cref="ChatClientBuilder"/> the first
/// <c>Use...</c> call is the outermost layer, so each of these middleware must be added before the guardrails.
/// </summary>
internal static class MicrosoftExtensionsAIOrder
{
    /// <summary>Checks the clients inside <paramref name="layer"/> (everything the builder put between it and the provider).</summary>
    public static void EnsureNotInside(IChatClient inner, string layer, bool spans, bool billing, bool perCall)
    {
        if (spans && inner.GetService(typeof(OpenTelemetryChatClient)) is not null)
        {
            throw new InvalidOperationException(
                $"Microsoft.Extensions.AI's OpenTelemetryChatClient is inside {layer}: every call would get two GenAI spans, "
                + $"its own and ours. Call UseOpenTelemetry() before {layer} on the ChatClientBuilder, so that it is outside; "
                + "the guardrails then add cost, attribution and budget attributes to its span instead of starting one.");
        }

        if (billing && inner.GetService(typeof(CachingChatClient)) is not null)
        {
            throw new InvalidOperationException(
                $"Microsoft.Extensions.AI's response cache (UseDistributedCache or another CachingChatClient) is inside {layer}: "
                + "a cache hit comes back with the usage stored with it and would be billed, and charged to budgets, at full price. "
                + $"Call UseDistributedCache() before {layer} on the ChatClientBuilder, so that a hit is answered before the "
                + "guardrails and costs $0; or use the guardrails' own cache (GuardrailsOptions.Cache), which settles hits at $0.");
        }

        if (perCall && inner.GetService(typeof(FunctionInvokingChatClient)) is not null)
        {
            throw new InvalidOperationException(
                $"Microsoft.Extensions.AI's FunctionInvokingChatClient is inside {layer}: the whole tool loop, however many model "
                + "calls it makes, would pass the guardrails as one call: one span, one budget reservation. Call UseFunctionInvocation() before "
                + $"{layer} on the ChatClientBuilder, so that each model call of the loop is attributed, reserved and billed.");
        }
    }
}
