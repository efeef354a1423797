using System;
using LlmOps.Guardrails.Core.Catalog;

namespace LlmOps.Guardrails.Core.Tokenization;

/// <summary>The token counter for a model or tokenizer family. Counters are shared, thread-safe singletons.</summary>
public static class TokenCounters
{
    /// <summary>
    /// Claude: 1.20 tokens per o200k_base token. A published comparison of Claude 3.5 Sonnet with GPT-4o on the same
    /// inputs measured about 16% more tokens for English articles, 21% for math and 30% for Python code; 1.20 sits
    /// in that range, nearer to prose. An estimate: expect roughly ±10% on mixed prompts, more on unusual text.
    /// </summary>
    internal const int ClaudeFactorPerMille = 1200;

    /// <summary>
    /// Gemini: 1.20 tokens per o200k_base token. Google documents about 4 characters per token for Gemini models on
    /// English; o200k_base averages 4.79 characters per token on plain English prose (the GPL-3.0 and Apache-2.0
    /// license texts: 46,507 characters, 9,708 tokens), and 4.79 / 4 = 1.20. An estimate built on a rule of thumb:
    /// technical text, code and other languages can be off by 20% or more.
    /// </summary>
    internal const int GeminiFactorPerMille = 1200;

    /// <summary>Other providers: the o200k_base count itself, flagged as an estimate.</summary>
    internal const int GenericFactorPerMille = 1000;

    private static readonly ITokenCounter O200k = new TiktokenTokenCounter(TiktokenEncoding.O200kBase);
    private static readonly ITokenCounter Cl100k = new TiktokenTokenCounter(TiktokenEncoding.Cl100kBase);
    private static readonly ITokenCounter Claude = new EstimatingTokenCounter(TokenizerFamily.ClaudeEstimate, TiktokenEncoding.O200kBase, ClaudeFactorPerMille);
    private static readonly ITokenCounter Gemini = new EstimatingTokenCounter(TokenizerFamily.GeminiEstimate, TiktokenEncoding.O200kBase, GeminiFactorPerMille);
    private static readonly ITokenCounter Generic = new EstimatingTokenCounter(TokenizerFamily.GenericEstimate, TiktokenEncoding.O200kBase, GenericFactorPerMille);

    /// <summary>
    /// The counter for a model id: exact for OpenAI models (o200k_base or cl100k_base, following tiktoken's
    /// model tables), an estimate for Claude, Gemini and every other model. Provider prefixes such as
    /// <c>openai/</c> are ignored. Never throws for an unknown model: it gets the generic estimate.
    /// </summary>
    public static ITokenCounter ForModel(string modelId) => ForFamily(ModelTokenizerMap.FamilyFor(modelId));

    /// <summary>
    /// The counter for a catalog model: its own tokenizer file when <paramref name="files"/> can load it, else its
    /// catalog tokenizer family. <c>estimate</c> in a catalog usually means "not stated", so then the id decides
    /// (<see cref="ForModel(string)"/>), which still finds the exact encoding of an OpenAI id.
    /// </summary>
    /// <exception cref="CatalogException">The model's tokenizer file cannot be loaded (from <paramref name="files"/>).</exception>
    public static ITokenCounter ForModel(ModelInfo model, ITokenCounterSource? files = null)
    {
        if (model is null)
        {
            throw new ArgumentNullException(nameof(model));
        }

        if (model.TokenizerFile is not null && files?.CounterFor(model) is { } own)
        {
            return own;
        }

        if (model.Tokenizer != TokenizerFamily.GenericEstimate)
        {
            try
            {
                return ForFamily(model.Tokenizer);
            }
            catch (ArgumentException)
            {
                // A family this release does not know: fall back to the id.
            }
        }

        return ForModel(model.Id);
    }

    /// <summary>The counter for one of the <see cref="TokenizerFamily"/> names.</summary>
    /// <exception cref="ArgumentException">An unknown family name.</exception>
    public static ITokenCounter ForFamily(string family)
    {
        if (family is null)
        {
            throw new ArgumentNullException(nameof(family));
        }

        return family switch
        {
            TokenizerFamily.O200kBase => O200k,
            TokenizerFamily.Cl100kBase => Cl100k,
            TokenizerFamily.ClaudeEstimate => Claude,
            TokenizerFamily.GeminiEstimate => Gemini,
            TokenizerFamily.GenericEstimate => Generic,
            _ => throw new ArgumentException(
                $"Unknown tokenizer family '{family}'. Known: {TokenizerFamily.O200kBase}, {TokenizerFamily.Cl100kBase}, " +
                $"{TokenizerFamily.ClaudeEstimate}, {TokenizerFamily.GeminiEstimate}, {TokenizerFamily.GenericEstimate}.",
                nameof(family)),
        };
    }
}
