using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace LlmOps.Guardrails.Core.Tokenization.Remote;

/// <summary>Exact Claude prompt counts from Anthropic's <c>POST /v1/messages/count_tokens</c> (free, rate-limited).</summary>
public sealed class AnthropicTokenCounter : IRemoteTokenCounter
{
    public static readonly Uri DefaultBaseUrl = new("https://api.anthropic.com/");

    private const string ApiVersion = "2023-06-01";
    private readonly HttpClient _http;
    private readonly string _apiKey;
    private readonly Uri _endpoint;

    /// <param name="http">The caller's client (its lifetime and handlers stay the caller's).</param>
    /// <param name="apiKey">The Anthropic API key. It is sent as <c>x-api-key</c> and never written anywhere else.</param>
    /// <param name="baseUrl">The API root; <see cref="DefaultBaseUrl"/> when null.</param>
    public AnthropicTokenCounter(HttpClient http, string apiKey, Uri? baseUrl = null)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _apiKey = string.IsNullOrWhiteSpace(apiKey) ? throw new ArgumentException("An API key is required.", nameof(apiKey)) : apiKey;
        _endpoint = new Uri(EnsureTrailingSlash(baseUrl ?? DefaultBaseUrl), "v1/messages/count_tokens");
    }

    public string Provider => "anthropic";

    public async Task<TokenCount> CountChatAsync(string model, IReadOnlyList<ChatMessageText> messages, CancellationToken cancellationToken = default)
    {
        if (messages is null)
        {
            throw new ArgumentNullException(nameof(messages));
        }

        // Anthropic takes system text beside the messages, not as a message.
        var body = RemoteTokenCountTransport.WriteJson(json =>
        {
            json.WriteStartObject();
            json.WriteString("model", model);
            var system = string.Join("\n\n", Select(messages, isSystem: true));
            if (system.Length > 0)
            {
                json.WriteString("system", system);
            }

            json.WriteStartArray("messages");
            foreach (var message in messages)
            {
                if (IsSystem(message))
                {
                    continue;
                }

                json.WriteStartObject();
                json.WriteString("role", message.Role == "assistant" ? "assistant" : "user");
                json.WriteString("content", message.Content);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });

        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint);
        request.Headers.Add("x-api-key", _apiKey);
        request.Headers.Add("anthropic-version", ApiVersion);
        var tokens = await RemoteTokenCountTransport.PostForCountAsync(_http, request, body, "input_tokens", Provider, cancellationToken).ConfigureAwait(false);
        return new TokenCount(tokens, IsEstimate: false);
    }

    private static bool IsSystem(ChatMessageText message) => message.Role is "system" or "developer";

    private static IEnumerable<string> Select(IReadOnlyList<ChatMessageText> messages, bool isSystem)
    {
        foreach (var message in messages)
        {
            if (IsSystem(message) == isSystem)
            {
                yield return message.Content;
            }
        }
    }

    private static Uri EnsureTrailingSlash(Uri uri) =>
        uri.AbsoluteUri.EndsWith("/", StringComparison.Ordinal) ? uri : new Uri(uri.AbsoluteUri + "/");
}
