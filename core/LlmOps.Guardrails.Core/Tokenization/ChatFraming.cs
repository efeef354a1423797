using System;
using System.Collections.Generic;

namespace LlmOps.Guardrails.Core.Tokenization;

/// <summary>
/// The token overhead of OpenAI's chat format around plain-text messages, from OpenAI's cookbook
/// "How to count tokens with tiktoken" (models from gpt-3.5-turbo-0613 and gpt-4 on, including gpt-4o):
/// every message costs 3 tokens of framing plus its role and content, a <c>name</c> costs its tokens plus 1,
/// and 3 more tokens prime the assistant's reply.
/// </summary>
internal static class ChatFraming
{
    public const int TokensPerMessage = 3;
    public const int TokensPerName = 1;
    public const int ReplyPriming = 3;

    public static int Count(TiktokenEncoding encoding, IEnumerable<ChatMessageText> messages)
    {
        if (messages is null)
        {
            throw new ArgumentNullException(nameof(messages));
        }

        var total = 0;
        foreach (var message in messages)
        {
            if (message is null)
            {
                throw new ArgumentException("A chat message is null.", nameof(messages));
            }

            total += TokensPerMessage + encoding.CountTokens(message.Role) + encoding.CountTokens(message.Content);
            if (message.Name is { } name)
            {
                total += encoding.CountTokens(name) + TokensPerName;
            }
        }

        return total + ReplyPriming;
    }
}
