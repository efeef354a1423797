using System;
using System.Net.Http;

namespace LlmOps.Guardrails.Core.Tokenization.Remote;

/// <summary>Picks the exact count-tokens path for a provider when its key is configured.</summary>
public static class RemoteTokenCounters
{
    /// <summary>
    /// The count-tokens client for <paramref name="provider"/> (<c>anthropic</c>, <c>google</c>) when its key is in the
    /// environment (<c>ANTHROPIC_API_KEY</c>; <c>GEMINI_API_KEY</c> or <c>GOOGLE_API_KEY</c>), else null: callers
    /// then use the local estimate and label it as one.
    /// </summary>
    public static IRemoteTokenCounter? FromEnvironment(string provider, HttpClient http, Func<string, string?>? getEnvironmentVariable = null)
    {
        var env = getEnvironmentVariable ?? Environment.GetEnvironmentVariable;
        switch (provider?.ToLowerInvariant())
        {
            case "anthropic":
                return env("ANTHROPIC_API_KEY") is { Length: > 0 } anthropicKey
                    ? new AnthropicTokenCounter(http, anthropicKey, BaseUrl(env("ANTHROPIC_BASE_URL")))
                    : null;
            case "google":
            case "gemini":
                var geminiKey = env("GEMINI_API_KEY") is { Length: > 0 } gemini ? gemini : env("GOOGLE_API_KEY");
                return geminiKey is { Length: > 0 } ? new GeminiTokenCounter(http, geminiKey) : null;
            default:
                return null;
        }
    }

    private static Uri? BaseUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) ? uri : null;
}
