using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Runtime.Budgets
{
    /// <summary>
    /// An upper bound on a request's input tokens that costs one UTF-8 length pass instead of a tokenization: the
    /// budget reserves from it before the call, and settles on the provider's reported usage after.
    /// </summary>
    /// <remarks>
    /// <para>Every tokenizer the catalog counts with is byte-level (BPE over UTF-8 bytes, or SentencePiece with byte
    /// fallback): each token stands for at least one byte, so a text of n UTF-8 bytes is at most n tokens. The chat
    /// framing is added as the tokenizer counts it (3 per message, 1 per author name, 3 to prime the reply; see
    /// Core's ChatFraming), with the role and name counted by their bytes too.</para>
    /// <para>Families the catalog only estimates (a factor over the o200k_base count, 1.2 today) get twice the bound, so
    /// the bound stays at or above the estimate for any factor up to 2.</para>
    /// </remarks>
    internal static class InputTokenBound
    {
        internal const int TokensPerMessage = 3;
        internal const int TokensPerName = 1;
        internal const int ReplyPriming = 3;
        internal const int EstimateFactor = 2;

        public static int Of(IEnumerable<ChatMessage> messages, bool exactTokenizer)
        {
            long total = ReplyPriming;
            if (messages is IList<ChatMessage> list)
            {
                // Indexed: an enumerator over the interface would be an allocation on every call.
                for (var i = 0; i < list.Count; i++)
                {
                    total += Of(list[i]);
                }
            }
            else
            {
                foreach (var message in messages)
                {
                    total += Of(message);
                }
            }

            if (!exactTokenizer)
            {
                total *= EstimateFactor;
            }

            return (int)Math.Min(int.MaxValue, total);
        }

        private static long Of(ChatMessage message)
        {
            long total = TokensPerMessage + Bytes(message.Role.Value ?? "user");
            if (message.AuthorName is { } name)
            {
                total += TokensPerName + Bytes(name);
            }

            var contents = message.Contents;
            for (var i = 0; i < contents.Count; i++)
            {
                // ChatMessage.Text is the concatenation of the text parts; reasoning text is counted too (more is safe).
                switch (contents[i])
                {
                    case TextContent { Text: { } text }:
                        total += Bytes(text);
                        break;
                    case TextReasoningContent { Text: { } reasoning }:
                        total += Bytes(reasoning);
                        break;
                }
            }

            return total;
        }

        private static int Bytes(string text) => text.Length == 0 ? 0 : Encoding.UTF8.GetByteCount(text);
    }
}
