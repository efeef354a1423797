using System;
using System.Collections.Generic;
using LlmOps.Guardrails.Core.Catalog;
using LlmOps.Guardrails.Core.Tokenization;
using Microsoft.ML.Tokenizers;

namespace LlmOps.Guardrails.Tokenizers.ML;

/// <summary>
/// Counts with a model's own tokenizer loaded by Microsoft.ML.Tokenizers. <see cref="Count"/> is the tokenizer's
/// own count of the text. <see cref="CountChat"/> adds the product's one chat framing rule (3 tokens per message,
/// the role counted with this tokenizer, 1 for a name, 3 priming the reply), as for every model: the server's chat
/// template is not in the tokenizer file, so its exact framing tokens are not known.
/// </summary>
public sealed class TokenizerFileCounter : ITokenCounter
{
    private const int TokensPerMessage = 3;
    private const int TokensPerName = 1;
    private const int ReplyPriming = 3;

    public TokenizerFileCounter(Tokenizer tokenizer, TokenizerFileReference file)
    {
        Tokenizer = tokenizer ?? throw new ArgumentNullException(nameof(tokenizer));
        File = file ?? throw new ArgumentNullException(nameof(file));
    }

    /// <summary>The ML.Tokenizers tokenizer the file was loaded into.</summary>
    public Tokenizer Tokenizer { get; }

    public TokenizerFileReference File { get; }

    /// <summary><c>file:</c> and the path as the catalog wrote it, such as <c>file:tokenizers/qwen/vocab.json</c>.</summary>
    public string Family => "file:" + File.Path;

    public bool IsExact => true;

    public TokenCount Count(string text) =>
        new(Tokenizer.CountTokens(text ?? throw new ArgumentNullException(nameof(text))), IsEstimate: false);

    public TokenCount CountChat(IEnumerable<ChatMessageText> messages)
    {
        if (messages is null)
        {
            throw new ArgumentNullException(nameof(messages));
        }

        var total = ReplyPriming;
        foreach (var message in messages)
        {
            if (message is null)
            {
                throw new ArgumentException("A chat message is null.", nameof(messages));
            }

            total += TokensPerMessage + Tokenizer.CountTokens(message.Role) + Tokenizer.CountTokens(message.Content);
            if (message.Name is { } name)
            {
                total += Tokenizer.CountTokens(name) + TokensPerName;
            }
        }

        return new TokenCount(total, IsEstimate: false);
    }

    public override string ToString() => Family;
}
