using System;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Runtime.Resilience;

/// <summary>One link of a <see cref="FallbackChatClient"/> chain: a provider deployment and, optionally, the model to ask it for.</summary>
public sealed class FallbackTarget
{
    /// <param name="name">The deployment / provider label ("openai-eastus", "anthropic"). Recorded as the target that served a call; must be unique in a chain.</param>
    /// <param name="client">The client that calls this target (typically the provider adapter, wrapped in retry).</param>
    /// <param name="modelId">When set, replaces <see cref="ChatOptions.ModelId"/> for calls to this target (on a clone; the caller's options are never touched).</param>
    public FallbackTarget(string name, IChatClient client, string? modelId = null)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("A fallback target needs a non-empty name.", nameof(name));
        }

        Name = name;
        Client = client ?? throw new ArgumentNullException(nameof(client));
        ModelId = string.IsNullOrEmpty(modelId) ? null : modelId;
    }

    /// <summary>The deployment / provider label.</summary>
    public string Name { get; }

    /// <summary>The client that calls this target.</summary>
    public IChatClient Client { get; }

    /// <summary>The model this target is asked for, overriding the caller's <see cref="ChatOptions.ModelId"/>; null keeps the caller's.</summary>
    public string? ModelId { get; }

    /// <summary>The options to send to this target: the caller's own instance when nothing changes, else a clone with <see cref="ModelId"/>.</summary>
    internal ChatOptions? OptionsFor(ChatOptions? callerOptions)
    {
        if (ModelId is null)
        {
            return callerOptions;
        }

        if (callerOptions is not null && string.Equals(callerOptions.ModelId, ModelId, StringComparison.Ordinal))
        {
            return callerOptions;
        }

        ChatOptions clone = callerOptions?.Clone() ?? new ChatOptions();
        clone.ModelId = ModelId;
        return clone;
    }

    /// <inheritdoc />
    public override string ToString() => ModelId is null ? Name : Name + " (" + ModelId + ")";
}
