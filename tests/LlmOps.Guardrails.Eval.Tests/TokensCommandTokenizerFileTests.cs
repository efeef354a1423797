using System.Globalization;
using System.IO;
using LlmOps.Guardrails.Core.Prompts;
using LlmOps.Guardrails.Core.Tokenization;
using LlmOps.Guardrails.Tests.Shared;
using Microsoft.ML.Tokenizers;

namespace LlmOps.Guardrails.Eval.Tests;

/// <summary>
/// <c>dotnet eval tokens --models llmops.models.yaml</c> counts a self-hosted model with the tokenizer file its entry
/// names (tests/vectors/tokenizer-files/tiny-bpe), the count Microsoft.ML.Tokenizers gives for that file.
/// </summary>
public sealed class TokensCommandTokenizerFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("llmops-eval-tokfile-").FullName;

    public TokensCommandTokenizerFileTests()
    {
        TinyBpeModel.CopyTokenizerTo(_folder);
        File.WriteAllText(ModelsFile, TinyBpeModel.ModelsYaml);
    }

    private string ModelsFile => Path.Combine(_folder, "llmops.models.yaml");

    public void Dispose() => TestFolders.TryDelete(_folder);

    [Fact]
    public void A_self_hosted_model_counts_with_its_tokenizer_file()
    {
        const string text = "the cat sat on the mat, and the other cat sat too.";
        var input = Path.Combine(_folder, "note.txt");
        File.WriteAllText(input, text);

        var (exitCode, output, error) = CliRunner.Run("tokens", input, "--model", "acme-qwen-7b", "--models", ModelsFile);

        Assert.Equal(string.Empty, error);
        Assert.Equal(0, exitCode);
        var expected = TinyBpeModel.Load(_folder).CountTokens(text);
        Assert.NotEqual(TiktokenEncoding.O200kBase.CountTokens(text), expected);
        Assert.Contains($"Total: {expected.ToString("N0", CultureInfo.InvariantCulture)} tokens in 1 file(s).", output, StringComparison.Ordinal);
        Assert.Contains("Model acme-qwen-7b (vllm), tokenizer file:tokenizers/acme/vocab.json,", output, StringComparison.Ordinal);
        Assert.DoesNotContain("~", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_prompt_file_counts_its_rendered_messages_with_the_tokenizer_file()
    {
        var prompt = Path.Combine(_folder, "triage.prompt.yaml");
        File.WriteAllText(prompt, """
            id: triage
            model: acme-qwen-7b
            variables:
              ticket:
                sample: the printer is on fire
            messages:
              - role: system
                content: You are the support cat.
              - role: user
                content: "Classify: {{ticket}}"
            """);

        var (exitCode, output, error) = CliRunner.Run("tokens", prompt, "--model", "acme-qwen-7b", "--models", ModelsFile);

        Assert.Equal(string.Empty, error);
        Assert.Equal(0, exitCode);
        var bpe = TinyBpeModel.Load(_folder);
        var read = PromptFileReader.ReadFile(prompt);
        Assert.False(read.HasErrors);
        var messages = PromptEstimator.RenderMessages(read.Prompt!);
        Assert.Equal("Classify: the printer is on fire", messages[1].Content);
        var expected = 3 + messages.Sum(m => 3 + bpe.CountTokens(m.Role) + bpe.CountTokens(m.Content));
        Assert.Contains($"Total: {expected.ToString("N0", CultureInfo.InvariantCulture)} tokens in 1 file(s).", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tokenizer_file_that_cannot_be_loaded_is_a_positioned_error()
    {
        File.Delete(Path.Combine(_folder, "tokenizers", "acme", "merges.txt"));
        var input = Path.Combine(_folder, "note.txt");
        File.WriteAllText(input, "the cat");

        var (exitCode, _, error) = CliRunner.Run("tokens", input, "--model", "acme-qwen-7b", "--models", ModelsFile);

        Assert.Equal(3, exitCode);
        Assert.StartsWith($"{ModelsFile}(5,21): error LLMC014: ", error, StringComparison.Ordinal);
        Assert.Contains("there is no 'merges.txt' beside it", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_tokenizer_file_is_a_positioned_error()
    {
        File.WriteAllText(ModelsFile, TinyBpeModel.ModelsYaml.Replace("tokenizers/acme/vocab.json", "tokenizers/acme/vocab.jsn", StringComparison.Ordinal));

        var (exitCode, _, error) = CliRunner.Run("tokens", "-", "--model", "acme-qwen-7b", "--models", ModelsFile);

        Assert.Equal(3, exitCode);
        Assert.StartsWith($"{ModelsFile}(5,21): error LLMC013: Tokenizer file 'tokenizers/acme/vocab.jsn'", error, StringComparison.Ordinal);
    }

}
