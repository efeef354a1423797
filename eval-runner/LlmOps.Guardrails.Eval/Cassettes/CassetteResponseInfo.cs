using System;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Eval.Cassettes;

/// <summary>What the cassette layer left on a response, for reports.</summary>
public static class CassetteResponseInfo
{
    /// <summary>True when the response came from a cassette.</summary>
    public static bool IsReplayed(ChatResponse response) =>
        response?.AdditionalProperties is { } properties
        && properties.TryGetValue(CassetteProperties.Replayed, out var value)
        && value is true;

    /// <summary>The recorded latency of a replayed response, or the measured latency of a live one; null when unknown.</summary>
    public static TimeSpan? GetLatency(ChatResponse response)
    {
        if (response?.AdditionalProperties is { } properties && properties.TryGetValue(CassetteProperties.LatencyMs, out var value))
        {
            switch (value)
            {
                case double ms:
                    return TimeSpan.FromMilliseconds(ms);
                case IConvertible convertible:
                    return TimeSpan.FromMilliseconds(convertible.ToDouble(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return null;
    }

    /// <summary>The cassette key of the request the response answers, when it went through the cassette layer.</summary>
    public static string? GetKey(ChatResponse response) =>
        response?.AdditionalProperties is { } properties && properties.TryGetValue(CassetteProperties.Key, out var value) ? value as string : null;
}
