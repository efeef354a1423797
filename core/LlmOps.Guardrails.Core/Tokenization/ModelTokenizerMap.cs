using System;
using LlmOps.Guardrails.Core.Catalog;

namespace LlmOps.Guardrails.Core.Tokenization;

/// <summary>
/// Model id → tokenizer family. OpenAI models follow tiktoken's own MODEL_TO_ENCODING and
/// MODEL_PREFIX_TO_ENCODING tables (tiktoken/model.py); Claude and Gemini models get their estimates;
/// everything else the generic estimate.
/// </summary>
internal static class ModelTokenizerMap
{
    // tiktoken's exact names.
    private static readonly (string Model, string Family)[] ExactNames =
    {
        ("o1", TokenizerFamily.O200kBase),
        ("o3", TokenizerFamily.O200kBase),
        ("o4-mini", TokenizerFamily.O200kBase),
        ("gpt-5", TokenizerFamily.O200kBase),
        ("gpt-4.1", TokenizerFamily.O200kBase),
        ("gpt-4o", TokenizerFamily.O200kBase),
        ("gpt-4", TokenizerFamily.Cl100kBase),
        ("gpt-3.5-turbo", TokenizerFamily.Cl100kBase),
        ("gpt-3.5", TokenizerFamily.Cl100kBase),
        ("gpt-35-turbo", TokenizerFamily.Cl100kBase),
        ("davinci-002", TokenizerFamily.Cl100kBase),
        ("babbage-002", TokenizerFamily.Cl100kBase),
        ("text-embedding-ada-002", TokenizerFamily.Cl100kBase),
        ("text-embedding-3-small", TokenizerFamily.Cl100kBase),
        ("text-embedding-3-large", TokenizerFamily.Cl100kBase),
    };

    // tiktoken's prefixes, in its order (first match wins), widened where a whole model line is known to share
    // an encoding: any o1/o3/o4 model, gpt-4.5 and text-embedding-3. gpt-oss uses o200k_harmony, whose ordinary
    // text tokenizes exactly as o200k_base (same ranks, same pattern; only its special tokens differ).
    private static readonly (string Prefix, string Family)[] Prefixes =
    {
        ("o1-", TokenizerFamily.O200kBase),
        ("o3-", TokenizerFamily.O200kBase),
        ("o4-", TokenizerFamily.O200kBase),
        ("gpt-5", TokenizerFamily.O200kBase),
        ("gpt-4.5", TokenizerFamily.O200kBase),
        ("gpt-4.1-", TokenizerFamily.O200kBase),
        ("chatgpt-4o-", TokenizerFamily.O200kBase),
        ("gpt-4o-", TokenizerFamily.O200kBase),
        ("gpt-4-", TokenizerFamily.Cl100kBase),
        ("gpt-3.5-turbo-", TokenizerFamily.Cl100kBase),
        ("gpt-35-turbo-", TokenizerFamily.Cl100kBase),
        ("gpt-oss-", TokenizerFamily.O200kBase),
        ("ft:gpt-4o", TokenizerFamily.O200kBase),
        ("ft:gpt-4", TokenizerFamily.Cl100kBase),
        ("ft:gpt-3.5-turbo", TokenizerFamily.Cl100kBase),
        ("ft:davinci-002", TokenizerFamily.Cl100kBase),
        ("ft:babbage-002", TokenizerFamily.Cl100kBase),
        ("text-embedding-3-", TokenizerFamily.Cl100kBase),
    };

    public static string FamilyFor(string modelId)
    {
        if (modelId is null)
        {
            throw new ArgumentNullException(nameof(modelId));
        }

        var id = ModelName(modelId);
        if (id.IndexOf("claude", StringComparison.Ordinal) >= 0)
        {
            // Also Bedrock ("anthropic.claude-...", "us.anthropic.claude-...") and Vertex ("claude-...@date") ids.
            return TokenizerFamily.ClaudeEstimate;
        }

        if (id.StartsWith("gemini", StringComparison.Ordinal))
        {
            return TokenizerFamily.GeminiEstimate;
        }

        foreach (var (model, family) in ExactNames)
        {
            if (id == model)
            {
                return family;
            }
        }

        foreach (var (prefix, family) in Prefixes)
        {
            if (id.StartsWith(prefix, StringComparison.Ordinal))
            {
                return family;
            }
        }

        return TokenizerFamily.GenericEstimate;
    }

    /// <summary>The id without provider or router prefixes ("openai/", "openrouter/openai/", "models/"), lower case.</summary>
    private static string ModelName(string modelId)
    {
        var id = modelId.Trim();
        var slash = id.LastIndexOf('/');
        if (slash >= 0)
        {
            id = id.Substring(slash + 1);
        }

        return id.ToLowerInvariant();
    }
}
