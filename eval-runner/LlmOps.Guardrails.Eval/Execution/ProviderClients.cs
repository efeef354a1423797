using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using LlmOps.Guardrails.Eval.Config;
using LlmOps.Guardrails.Runtime.Providers;
using LlmOps.Guardrails.Runtime.Resilience;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Eval.Execution;

/// <summary>A provider configuration could not be turned into a client (missing key, unsupported type).</summary>
public sealed class ProviderSetupException : Exception
{
    public ProviderSetupException(string message)
        : base(message)
    {
    }

    public ProviderSetupException()
    {
    }

    public ProviderSetupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Builds the live clients of the eval's providers.</summary>
public static class ProviderClients
{
    /// <summary>The live client of a provider (runtime adapter + retries), or null for <c>replay</c>.</summary>
    public static IChatClient? CreateLive(ProviderConfig provider)
    {
        if (provider is null) throw new ArgumentNullException(nameof(provider));
        switch (provider.Type)
        {
            case ProviderConfig.Replay:
                return null;
            case ProviderConfig.OpenAI:
            case ProviderConfig.OpenAICompatible:
            case ProviderConfig.Anthropic:
                break;
            case ProviderConfig.AzureOpenAI when string.IsNullOrWhiteSpace(provider.BaseUrl):
                throw new ProviderSetupException(
                    $"provider '{provider.Name}': azure-openai needs base_url, e.g. https://<resource>.openai.azure.com.");
            case ProviderConfig.AzureOpenAI:
                break;
            default:
                throw new ProviderSetupException(
                    $"provider '{provider.Name}': type '{provider.Type}' is not a live provider; use openai, azure-openai, openai-compatible, anthropic or replay.");
        }

        string? key = provider.ResolveApiKey();
        if (MissingKeyVariable(provider) is { } variable)
        {
            throw new ProviderSetupException(
                $"provider '{provider.Name}': no API key; set the environment variable {variable} (or run with --offline to replay cassettes).");
        }

        Uri? baseUrl = provider.BaseUrl is null ? null : new Uri(provider.BaseUrl.EndsWith("/", StringComparison.Ordinal) ? provider.BaseUrl : provider.BaseUrl + "/");
        var timeout = TimeSpan.FromSeconds(provider.TimeoutSeconds);
        Func<string, IChatClient> factory = provider.Type switch
        {
            ProviderConfig.Anthropic => model => LlmOpsProviders.Anthropic(key ?? string.Empty, model, baseUrl, timeout),
            ProviderConfig.AzureOpenAI => model => AzureOpenAIClients.Create(provider, key!, model, timeout),
            _ => model => LlmOpsProviders.OpenAI(key ?? string.Empty, model, baseUrl, timeout),
        };
        var retry = new RetryOptions
        {
            MaxAttempts = provider.MaxRetries + 1,
            TotalDeadline = TimeSpan.FromSeconds(Math.Max(60, provider.TimeoutSeconds * (provider.MaxRetries + 1))),
        };
        return new ModelRoutingChatClient(model => new RetryingChatClient(factory(model), retry));
    }

    /// <summary>
    /// The variable to set when a live provider needs a key and has none (its <c>api_key_env</c>, or a pointer to that
    /// setting when the config names none); null when the key is there or not needed (replay, openai-compatible).
    /// </summary>
    public static string? MissingKeyVariable(ProviderConfig provider)
    {
        if (provider is null) throw new ArgumentNullException(nameof(provider));
        bool needsKey = provider.Type is ProviderConfig.OpenAI or ProviderConfig.AzureOpenAI or ProviderConfig.Anthropic;
        return needsKey && string.IsNullOrEmpty(provider.ResolveApiKey())
            ? provider.ApiKeyEnv ?? $"the variable named by providers.{provider.Name}.api_key_env"
            : null;
    }
}

/// <summary>One inner client per model id (<see cref="ChatOptions.ModelId"/>), created on first use.</summary>
internal sealed class ModelRoutingChatClient : IChatClient
{
    private readonly Func<string, IChatClient> factory;
    private readonly ConcurrentDictionary<string, Lazy<IChatClient>> clients = new(StringComparer.Ordinal);

    public ModelRoutingChatClient(Func<string, IChatClient> factory) => this.factory = factory;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        For(options).GetResponseAsync(messages, options, cancellationToken);

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var update in For(options).GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType is not null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
        foreach (var client in clients.Values)
        {
            if (client.IsValueCreated) client.Value.Dispose();
        }
    }

    private IChatClient For(ChatOptions? options)
    {
        string model = options?.ModelId ?? throw new InvalidOperationException("The eval runner sets ChatOptions.ModelId on every call.");
        return clients.GetOrAdd(model, m => new Lazy<IChatClient>(() => factory(m))).Value;
    }
}
