using System.Collections.Generic;

namespace LlmOps.Guardrails.Core.Tokenization;

/// <summary>Counts tokens the way one model family does. Get one from <see cref="TokenCounters"/>. Thread-safe.</summary>
public interface ITokenCounter
{
    /// <summary>
    /// One of the <see cref="Catalog.TokenizerFamily"/> names; for a model's own tokenizer file (see
    /// <see cref="ITokenCounterSource"/>), <c>file:</c> and the path as the catalog wrote it.
    /// </summary>
    string Family { get; }

    /// <summary>True for the tiktoken encodings and a model's own tokenizer file; false for the estimates of providers without a public tokenizer.</summary>
    bool IsExact { get; }

    /// <summary>Tokens of <paramref name="text"/> sent as plain text (special-token text counts as ordinary text).</summary>
    TokenCount Count(string text);

    /// <summary>
    /// Prompt tokens of a chat request made of <paramref name="messages"/>, including the chat format's framing:
    /// 3 tokens per message, the role, the content, the name plus 1 when present, and 3 that prime the reply.
    /// For simple text messages this is the <c>prompt_tokens</c> OpenAI reports.
    /// </summary>
    TokenCount CountChat(IEnumerable<ChatMessageText> messages);
}
