namespace LlmOps.Guardrails.Core.Tokenization;

/// <summary>A token count and whether it is exact or an estimate.</summary>
/// <param name="Tokens">The number of tokens.</param>
/// <param name="IsEstimate">
/// True when the provider publishes no tokenizer and the number comes from a calibrated factor; the
/// provider's own usage report is then the exact figure.
/// </param>
public readonly record struct TokenCount(int Tokens, bool IsEstimate);
