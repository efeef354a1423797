using System.Collections.Generic;

namespace LlmOps.Guardrails.Core.Tokenization;

/// <summary>What defines one encoding: its rank table (with the published hash), pattern and special tokens.</summary>
internal sealed class EncodingSpec
{
    public static readonly EncodingSpec O200kBase = new(
        name: "o200k_base",
        tableFile: "o200k_base.tiktoken.gz",
        tableLength: 3_613_922,
        tableSha256: "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
        rankCount: 199_998,
        pattern: PatternKind.O200k,
        specialTokens: new[]
        {
            new KeyValuePair<string, int>("<|endoftext|>", 199_999),
            new KeyValuePair<string, int>("<|endofprompt|>", 200_018),
        });

    public static readonly EncodingSpec Cl100kBase = new(
        name: "cl100k_base",
        tableFile: "cl100k_base.tiktoken.gz",
        tableLength: 1_681_126,
        tableSha256: "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
        rankCount: 100_256,
        pattern: PatternKind.Cl100k,
        specialTokens: new[]
        {
            new KeyValuePair<string, int>("<|endoftext|>", 100_257),
            new KeyValuePair<string, int>("<|fim_prefix|>", 100_258),
            new KeyValuePair<string, int>("<|fim_middle|>", 100_259),
            new KeyValuePair<string, int>("<|fim_suffix|>", 100_260),
            new KeyValuePair<string, int>("<|endofprompt|>", 100_276),
        });

    private EncodingSpec(string name, string tableFile, int tableLength, string tableSha256, int rankCount, PatternKind pattern, KeyValuePair<string, int>[] specialTokens)
    {
        Name = name;
        TableFile = tableFile;
        TableLength = tableLength;
        TableSha256 = tableSha256;
        RankCount = rankCount;
        Pattern = pattern;
        SpecialTokens = specialTokens;
    }

    public string Name { get; }

    /// <summary>File under Tokenization/Data: the published <c>.tiktoken</c> file, gzip-compressed.</summary>
    public string TableFile { get; }

    /// <summary>Size of the published file.</summary>
    public int TableLength { get; }

    /// <summary>SHA-256 OpenAI publishes for the file (tiktoken_ext/openai_public.py).</summary>
    public string TableSha256 { get; }

    public int RankCount { get; }

    public PatternKind Pattern { get; }

    public IReadOnlyList<KeyValuePair<string, int>> SpecialTokens { get; }
}

internal enum PatternKind
{
    O200k,
    Cl100k,
}
