using System.IO;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace LlmOps.Guardrails.Tests.Shared;

/// <summary>
/// A self-hosted model counted with its own tokenizer file: the tiny byte-level BPE of
/// tests/vectors/tokenizer-files/tiny-bpe, copied to <c>tokenizers/acme/</c> under a test folder, and the
/// llmops.models.yaml entry that names it. Linked into the test projects that count with it (the build task, the
/// build integration tests, dotnet eval): not in Common, whose projects do not all reference Microsoft.ML.Tokenizers.
/// </summary>
public static class TinyBpeModel
{
    public const string ModelsYaml = """
        models:
          - id: acme-qwen-7b
            provider: vllm
            kind: snapshot
            tokenizer_file: tokenizers/acme/vocab.json
            prices: {input: 0.5, output: 0.5}
        """;

    /// <summary>Copies the tokenizer files to <c>tokenizers/acme/</c> under <paramref name="folder"/>.</summary>
    public static void CopyTokenizerTo(string folder)
    {
        var target = Path.Combine(folder, "tokenizers", "acme");
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryFolder.Root, "tests", "vectors", "tokenizer-files", "tiny-bpe")))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }
    }

    /// <summary>The copied files read directly with ML.Tokenizers, as the loader documents it: byte-level BPE, GPT-2's split.</summary>
    public static BpeTokenizer Load(string folder) => BpeTokenizer.Create(new BpeOptions(
        Path.Combine(folder, "tokenizers", "acme", "vocab.json"),
        Path.Combine(folder, "tokenizers", "acme", "merges.txt"))
    {
        ByteLevel = true,
        PreTokenizer = new RegexPreTokenizer(new Regex(@"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"), null),
    });
}
