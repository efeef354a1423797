using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Runtime.Signals
{
    /// <summary>
    /// The one definition of "same input" and "same output" for the audit trail and response consistency: SHA-256 of the
    /// UTF-8 text, lowercase hex. Messages are hashed as role, a unit separator, the concatenated text contents, and a
    /// record separator, in order, so that no two different conversations share a preimage.
    /// </summary>
    public static class CallContentHash
    {
        public static string OfText(string text) => Hex(SHA256Of(Encoding.UTF8.GetBytes(text ?? throw new ArgumentNullException(nameof(text)))));

        public static string OfMessages(IReadOnlyList<ChatMessage> messages)
        {
            if (messages is null) throw new ArgumentNullException(nameof(messages));
            var builder = new StringBuilder();
            foreach (var message in messages)
            {
                builder.Append(message.Role.Value).Append('\u001f').Append(message.Text).Append('\u001e');
            }

            return OfText(builder.ToString());
        }

        private static byte[] SHA256Of(byte[] bytes)
        {
#if NET8_0_OR_GREATER
            return SHA256.HashData(bytes); // no hasher object per call
#else
            using var sha = SHA256.Create();
            return sha.ComputeHash(bytes);
#endif
        }

        private static string Hex(byte[] hash)
        {
#if NET8_0_OR_GREATER
            return Convert.ToHexString(hash).ToLowerInvariant();
#else
            var chars = new char[hash.Length * 2];
            for (var i = 0; i < hash.Length; i++)
            {
                chars[2 * i] = "0123456789abcdef"[hash[i] >> 4];
                chars[2 * i + 1] = "0123456789abcdef"[hash[i] & 0xF];
            }

            return new string(chars);
#endif
        }
    }
}
