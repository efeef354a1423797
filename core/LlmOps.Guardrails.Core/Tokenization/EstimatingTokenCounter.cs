using System;
using System.Collections.Generic;

namespace LlmOps.Guardrails.Core.Tokenization;

/// <summary>
/// An estimate for a provider that publishes no tokenizer: the o200k_base count scaled by a calibrated factor
/// and rounded up. Always flagged <see cref="TokenCount.IsEstimate"/>; docs/tokenizer.md says where each factor
/// comes from and how far off it can be.
/// </summary>
internal sealed class EstimatingTokenCounter : ITokenCounter
{
    private readonly TiktokenEncoding _baseEncoding;

    private readonly int _factorPerMille;

    /// <param name="factorPerMille">Estimated tokens per 1,000 o200k_base tokens (integer, so rounding is exact).</param>
    public EstimatingTokenCounter(string family, TiktokenEncoding baseEncoding, int factorPerMille)
    {
        Family = family;
        _baseEncoding = baseEncoding;
        _factorPerMille = factorPerMille;
    }

    public string Family { get; }

    public bool IsExact => false;

    /// <summary>Estimated tokens per o200k_base token.</summary>
    public double Factor => _factorPerMille / 1000.0;

    public TokenCount Count(string text) => Scale(_baseEncoding.CountTokens(text ?? throw new ArgumentNullException(nameof(text))));

    /// <remarks>The provider's own framing is unknown; OpenAI's framing is scaled like the text.</remarks>
    public TokenCount CountChat(IEnumerable<ChatMessageText> messages) => Scale(ChatFraming.Count(_baseEncoding, messages));

    public override string ToString() => Family;

    private TokenCount Scale(int baseCount) =>
        new((int)Math.Min(int.MaxValue, (((long)baseCount * _factorPerMille) + 999) / 1000), IsEstimate: true);
}
