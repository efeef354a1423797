namespace LlmOps.Guardrails.Core.Catalog;

/// <summary>
/// How a model's tokens are counted. The tiktoken encodings are exact; the others are calibrated estimates
/// because their providers publish no tokenizer.
/// </summary>
public static class TokenizerFamily
{
    public const string O200kBase = "o200k_base";
    public const string Cl100kBase = "cl100k_base";
    public const string ClaudeEstimate = "claude-estimate";
    public const string GeminiEstimate = "gemini-estimate";

    /// <summary>Other providers (Mistral, DeepSeek, xAI, ...): an estimate over o200k_base.</summary>
    public const string GenericEstimate = "estimate";

    /// <summary>True when counts for the family are exact rather than estimated.</summary>
    public static bool IsExact(string? family) => family == O200kBase || family == Cl100kBase;
}
