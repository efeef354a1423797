using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace LlmOps.Guardrails.Core.Tokenization.Remote;

/// <summary>
/// Exact prompt-token counts from a provider's own count-tokens endpoint, for providers that publish no
/// tokenizer. Needs a key and a network call, so it is the opt-in path beside the local estimate.
/// </summary>
public interface IRemoteTokenCounter
{
    /// <summary>The provider whose endpoint answers: <c>anthropic</c> or <c>google</c>.</summary>
    string Provider { get; }

    /// <summary>Prompt tokens of <paramref name="messages"/> sent to <paramref name="model"/>, as the provider counts them.</summary>
    /// <exception cref="RemoteTokenCountException">The endpoint refused the request or answered something unreadable.</exception>
    Task<TokenCount> CountChatAsync(string model, IReadOnlyList<ChatMessageText> messages, CancellationToken cancellationToken = default);
}
