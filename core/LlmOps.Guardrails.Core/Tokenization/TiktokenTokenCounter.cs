using System;
using System.Collections.Generic;

namespace LlmOps.Guardrails.Core.Tokenization;

/// <summary>Exact counts with one of OpenAI's encodings.</summary>
internal sealed class TiktokenTokenCounter : ITokenCounter
{
    private readonly TiktokenEncoding _encoding;

    public TiktokenTokenCounter(TiktokenEncoding encoding) => _encoding = encoding;

    public string Family => _encoding.Name;

    public bool IsExact => true;

    public TokenCount Count(string text) => new(_encoding.CountTokens(text ?? throw new ArgumentNullException(nameof(text))), IsEstimate: false);

    public TokenCount CountChat(IEnumerable<ChatMessageText> messages) => new(ChatFraming.Count(_encoding, messages), IsEstimate: false);

    public override string ToString() => Family;
}
