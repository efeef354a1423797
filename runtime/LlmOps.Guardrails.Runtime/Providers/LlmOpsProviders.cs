using System;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net.Http;
using Anthropic;
using Anthropic.Core;
using LlmOps.Guardrails.Runtime.Resilience;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;

namespace LlmOps.Guardrails.Runtime.Providers
{
    /// <summary>
    /// Provider clients as <see cref="IChatClient"/>, configured for the LlmOps middleware: the SDKs' own retries are
    /// off (retrying is <see cref="RetryingChatClient"/>'s job, so attempts do not multiply), and the API key comes only
    /// from the argument or the provider's usual environment variable. Keys are never logged or put in exceptions.
    /// </summary>
    public static class LlmOpsProviders
    {
        /// <summary>Environment variable read when no OpenAI key is passed.</summary>
        public const string OpenAIApiKeyVariable = "OPENAI_API_KEY";

        /// <summary>Environment variable read when no Anthropic key is passed.</summary>
        public const string AnthropicApiKeyVariable = "ANTHROPIC_API_KEY";

        /// <summary>
        /// OpenAI Chat Completions through Microsoft.Extensions.AI.OpenAI's <c>AsIChatClient</c>, or any OpenAI-compatible
        /// endpoint by base URL: Azure OpenAI v1
        /// (<c>https://{resource}.openai.azure.com/openai/v1/</c>), Ollama (<c>http://localhost:11434/v1/</c>),
        /// vLLM (<c>http://host:8000/v1/</c>).
        /// </summary>
        /// <param name="apiKey">The key; null or empty reads <c>OPENAI_API_KEY</c>. Local servers that need none accept any value.</param>
        /// <param name="model">The model (or Azure deployment) every call of this client uses.</param>
        /// <param name="endpoint">Base URL; null for api.openai.com.</param>
        /// <param name="networkTimeout">Timeout of one HTTP attempt; the SDK default (100 s) when null.</param>
        public static IChatClient OpenAI(string apiKey, string model, Uri? endpoint = null, TimeSpan? networkTimeout = null)
        {
            if (string.IsNullOrWhiteSpace(model)) throw new ArgumentException("A model is required.", nameof(model));
            string? key = string.IsNullOrEmpty(apiKey) ? Environment.GetEnvironmentVariable(OpenAIApiKeyVariable) : apiKey;
            if (string.IsNullOrEmpty(key))
            {
                if (endpoint is null)
                {
                    throw new ArgumentException("No OpenAI API key: pass one or set " + OpenAIApiKeyVariable + ".", nameof(apiKey));
                }

                key = "unused"; // Ollama, vLLM and other local servers take no key, but the SDK wants one.
            }

            var options = new OpenAIClientOptions
            {
                // Attempts are RetryingChatClient's; the SDK's default (3 retries) would multiply them.
                RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            };
            if (endpoint is not null) options.Endpoint = endpoint;
            if (networkTimeout is TimeSpan timeout) options.NetworkTimeout = timeout;

            var chatClient = new ChatClient(model, new ApiKeyCredential(key!), options);
            return OpenAI(chatClient, ProviderName(endpoint));
        }

        /// <summary>
        /// An OpenAI SDK <see cref="ChatClient"/> the caller configured (e.g. an Azure deployment-scoped endpoint) through
        /// Microsoft.Extensions.AI.OpenAI's <c>AsIChatClient</c>, reporting <paramref name="providerName"/> to telemetry.
        /// Turn the SDK's retries off in its options (<c>RetryPolicy = new ClientRetryPolicy(maxRetries: 0)</c>) when
        /// <see cref="RetryingChatClient"/> goes around it.
        /// </summary>
        /// <param name="chatClient">The SDK client; its model is the model of every call.</param>
        /// <param name="providerName"><c>openai</c>, <c>azure.ai.openai</c>, <c>openai-compatible</c> or another name.</param>
        public static IChatClient OpenAI(ChatClient chatClient, string providerName = "openai")
        {
            if (chatClient is null) throw new ArgumentNullException(nameof(chatClient));
            // AsIChatClient names every endpoint "openai"; telemetry needs the real provider. It sends no
            // AdditionalProperties, so llmops.* tags cannot reach the wire (ProviderAttributionLeakTests, and the
            // end-to-end tests at the version floor and at 11).
            return new ProviderNameChatClient(chatClient.AsIChatClient(), providerName);
        }

        /// <summary>Anthropic Messages through the Anthropic SDK's own <c>AsIChatClient</c>.</summary>
        /// <param name="apiKey">The key; null or empty reads <c>ANTHROPIC_API_KEY</c>.</param>
        /// <param name="model">The model every call uses unless <see cref="ChatOptions.ModelId"/> says otherwise.</param>
        /// <param name="baseUrl">Base URL (without <c>/v1</c>); null for api.anthropic.com.</param>
        /// <param name="timeout">Timeout of one HTTP attempt; the SDK default when null.</param>
        public static IChatClient Anthropic(string apiKey, string model, Uri? baseUrl = null, TimeSpan? timeout = null)
        {
            if (string.IsNullOrWhiteSpace(model)) throw new ArgumentException("A model is required.", nameof(model));
            string? key = string.IsNullOrEmpty(apiKey) ? Environment.GetEnvironmentVariable(AnthropicApiKeyVariable) : apiKey;
            if (string.IsNullOrEmpty(key))
            {
                throw new ArgumentException("No Anthropic API key: pass one or set " + AnthropicApiKeyVariable + ".", nameof(apiKey));
            }

            var options = new ClientOptions
            {
                ApiKey = key,
                // Attempts are RetryingChatClient's; the SDK's default (2 retries) would multiply them.
                MaxRetries = 0,
                // The SDK's exceptions carry no response headers: this handler hands Retry-After to ProviderFailure.
                Handlers = new DelegatingHandler[] { new RetryAfterCaptureHandler() },
            };
            if (baseUrl is not null) options = options with { BaseUrl = baseUrl.ToString().TrimEnd('/') };
            if (timeout is TimeSpan t) options = options with { Timeout = t };

            var client = new AnthropicClient(options);
            // AsIChatClient's option mapping is the SDK's: make sure llmops.* attribution tags never reach it.
            return new StripLlmOpsPropertiesChatClient(client.AsIChatClient(model));
        }

        private static string ProviderName(Uri? endpoint)
        {
            if (endpoint is null) return "openai";
            string host = endpoint.Host;
            if (host.EndsWith(".openai.azure.com", StringComparison.OrdinalIgnoreCase)) return "azure.ai.openai";
            return host.Equals("api.openai.com", StringComparison.OrdinalIgnoreCase) ? "openai" : "openai-compatible";
        }
    }
}
