using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace LlmOps.Guardrails.Core.Tokenization.Remote;

/// <summary>Exact Gemini prompt counts from the Gemini API's <c>models/{model}:countTokens</c>.</summary>
public sealed class GeminiTokenCounter : IRemoteTokenCounter
{
    public static readonly Uri DefaultBaseUrl = new("https://generativelanguage.googleapis.com/");

    private readonly HttpClient _http;
    private readonly string _apiKey;
    private readonly Uri _baseUrl;

    /// <param name="http">The caller's client (its lifetime and handlers stay the caller's).</param>
    /// <param name="apiKey">The Gemini API key. It is sent as <c>x-goog-api-key</c>, never in the URL, so it cannot leak into logs of URLs.</param>
    /// <param name="baseUrl">The API root; <see cref="DefaultBaseUrl"/> when null.</param>
    public GeminiTokenCounter(HttpClient http, string apiKey, Uri? baseUrl = null)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _apiKey = string.IsNullOrWhiteSpace(apiKey) ? throw new ArgumentException("An API key is required.", nameof(apiKey)) : apiKey;
        var root = baseUrl ?? DefaultBaseUrl;
        _baseUrl = root.AbsoluteUri.EndsWith("/", StringComparison.Ordinal) ? root : new Uri(root.AbsoluteUri + "/");
    }

    public string Provider => "google";

    public async Task<TokenCount> CountChatAsync(string model, IReadOnlyList<ChatMessageText> messages, CancellationToken cancellationToken = default)
    {
        if (messages is null)
        {
            throw new ArgumentNullException(nameof(messages));
        }

        var modelName = model.StartsWith("models/", StringComparison.Ordinal) ? model : "models/" + model;

        // The generateContentRequest form is the one that counts a system instruction too.
        var body = RemoteTokenCountTransport.WriteJson(json =>
        {
            json.WriteStartObject();
            json.WriteStartObject("generateContentRequest");
            json.WriteString("model", modelName);
            var system = new List<string>();
            json.WriteStartArray("contents");
            foreach (var message in messages)
            {
                if (message.Role is "system" or "developer")
                {
                    system.Add(message.Content);
                    continue;
                }

                json.WriteStartObject();
                json.WriteString("role", message.Role == "assistant" ? "model" : "user");
                WriteParts(json, message.Content);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (system.Count > 0)
            {
                json.WriteStartObject("systemInstruction");
                WriteParts(json, string.Join("\n\n", system));
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        });

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_baseUrl, $"v1beta/{modelName}:countTokens"));
        request.Headers.Add("x-goog-api-key", _apiKey);
        var tokens = await RemoteTokenCountTransport.PostForCountAsync(_http, request, body, "totalTokens", Provider, cancellationToken).ConfigureAwait(false);
        return new TokenCount(tokens, IsEstimate: false);
    }

    private static void WriteParts(System.Text.Json.Utf8JsonWriter json, string text)
    {
        json.WriteStartArray("parts");
        json.WriteStartObject();
        json.WriteString("text", text);
        json.WriteEndObject();
        json.WriteEndArray();
    }
}
