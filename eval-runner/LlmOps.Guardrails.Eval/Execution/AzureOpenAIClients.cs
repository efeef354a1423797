using System;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Generic;
using System.Threading.Tasks;
using LlmOps.Guardrails.Eval.Config;
using LlmOps.Guardrails.Runtime.Providers;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;

namespace LlmOps.Guardrails.Eval.Execution;

/// <summary>
/// Azure OpenAI's deployment-scoped Chat Completions API through the OpenAI SDK and Microsoft.Extensions.AI.OpenAI's
/// <c>AsIChatClient</c>:
/// <c>POST {base_url}/openai/deployments/{deployment}/chat/completions?api-version={api_version}</c>, key in the
/// <c>api-key</c> header.
/// </summary>
internal static class AzureOpenAIClients
{
    /// <summary>The <c>api-version</c> sent when the config sets none (the newest GA version of the data-plane API).</summary>
    public const string DefaultApiVersion = "2024-10-21";

    private const string ApiKeyHeader = "api-key";

    /// <summary>The client of one model: the deployment is <c>deployments[model]</c>, else the model id.</summary>
    public static IChatClient Create(ProviderConfig provider, string key, string model, TimeSpan timeout)
    {
        string deployment = provider.Deployments.TryGetValue(model, out var named) ? named : model;
        string apiVersion = string.IsNullOrWhiteSpace(provider.ApiVersion) ? DefaultApiVersion : provider.ApiVersion!;
        var options = new OpenAIClientOptions
        {
            Endpoint = DeploymentEndpoint(provider.BaseUrl!, deployment),
            // Attempts are RetryingChatClient's; the SDK's own retries would multiply them.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = timeout,
        };
        // Last before the transport, i.e. after the SDK's bearer authentication: Azure takes keys in the api-key header,
        // and a bearer header would put the key where Entra ID tokens go.
        options.AddPolicy(new AzureRequestPolicy(apiVersion, key), PipelinePosition.BeforeTransport);
        var chatClient = new ChatClient(deployment, new ApiKeyCredential(key), options);
        return LlmOpsProviders.OpenAI(chatClient, "azure.ai.openai");
    }

    /// <summary><c>{base_url}/openai/deployments/{deployment}/</c>; the SDK appends <c>chat/completions</c>.</summary>
    internal static Uri DeploymentEndpoint(string baseUrl, string deployment) =>
        new(baseUrl.TrimEnd('/') + "/openai/deployments/" + Uri.EscapeDataString(deployment) + "/");

    /// <summary>
    /// Adds <c>api-version</c> to the query (once, so a re-sent message is unchanged) and sends the key as
    /// <c>api-key</c> instead of <c>Authorization: Bearer</c>.
    /// </summary>
    private sealed class AzureRequestPolicy : PipelinePolicy
    {
        private readonly string versionParameter;
        private readonly string key;

        public AzureRequestPolicy(string apiVersion, string key)
        {
            versionParameter = "api-version=" + Uri.EscapeDataString(apiVersion);
            this.key = key;
        }

        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            Rewrite(message.Request);
            ProcessNext(message, pipeline, currentIndex);
        }

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            Rewrite(message.Request);
            return ProcessNextAsync(message, pipeline, currentIndex);
        }

        private void Rewrite(PipelineRequest request)
        {
            request.Headers.Remove("Authorization");
            request.Headers.Set(ApiKeyHeader, key);
            if (request.Uri is not { } uri || uri.Query.Contains("api-version=", StringComparison.Ordinal)) return;
            var builder = new UriBuilder(uri);
            builder.Query = builder.Query.Length > 1 ? builder.Query.Substring(1) + "&" + versionParameter : versionParameter;
            request.Uri = builder.Uri;
        }
    }
}
