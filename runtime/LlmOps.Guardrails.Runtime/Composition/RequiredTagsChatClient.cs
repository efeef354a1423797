using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Runtime;

/// <summary>
/// Refuses a call, before anything else happens to it, when one of the required attribution tags is missing. It sits
/// directly inside <see cref="AttributingChatClient"/>, so it sees what attribution resolved (option keys, the ambient
/// scope and <c>[LlmFeature]</c>) and a refused call never reaches telemetry, the budget or a provider.
/// </summary>
internal sealed class RequiredTagsChatClient : DelegatingChatClient
{
    /// <summary>The tag names <see cref="GuardrailsOptions.RequiredTags"/> accepts, as the <c>llmops.*</c> keys spell them.</summary>
    public static readonly IReadOnlyList<string> KnownTags = new[] { "feature", "team", "tenant", "user", "prompt.id", "prompt.version" };

    private readonly string[] required;

    public RequiredTagsChatClient(IChatClient innerClient, IEnumerable<string> requiredTags)
        : base(innerClient)
    {
        var tags = new List<string>();
        foreach (var tag in requiredTags)
        {
            if (Read(AttributionTags.None, tag, out _) is false)
            {
                throw new ArgumentException(
                    $"'{tag}' is not an attribution tag; required tags are any of {string.Join(", ", KnownTags)}.", nameof(requiredTags));
            }

            if (!tags.Contains(tag))
            {
                tags.Add(tag);
            }
        }

        required = tags.ToArray();
    }

    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Check(options);
        return InnerClient.GetResponseAsync(messages, options, cancellationToken);
    }

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Check(options);
        return InnerClient.GetStreamingResponseAsync(messages, options, cancellationToken);
    }

    private void Check(ChatOptions? options)
    {
        var tags = AttributionResolver.Resolve(options);
        foreach (var tag in required)
        {
            Read(tags, tag, out var value);
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new InvalidOperationException(
                    $"The call has no '{tag}' attribution tag, and this pipeline requires it (RequiredTags: {string.Join(", ", required)}). "
                    + $"Set it on the call (options.WithAttribution(...) or ChatOptions.AdditionalProperties[\"llmops.{tag}\"]) "
                    + "or around it (LlmAttribution.Begin(...)).");
            }
        }
    }

    /// <summary>False when <paramref name="tag"/> names no attribution tag.</summary>
    private static bool Read(AttributionTags tags, string tag, out string? value)
    {
        switch (tag)
        {
            case "feature": value = tags.Feature; return true;
            case "team": value = tags.Team; return true;
            case "tenant": value = tags.Tenant; return true;
            case "user": value = tags.User; return true;
            case "prompt.id": value = tags.PromptId; return true;
            case "prompt.version": value = tags.PromptVersion; return true;
            default: value = null; return false;
        }
    }
}
