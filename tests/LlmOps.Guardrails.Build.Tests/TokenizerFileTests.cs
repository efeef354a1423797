using LlmOps.Guardrails.Core.Prompts;
using LlmOps.Guardrails.Tests.Shared;

namespace LlmOps.Guardrails.Build.Tests;

/// <summary>
/// The build task counts a prompt of a self-hosted model with the tokenizer file its llmops.models.yaml entry names
/// (tests/vectors/tokenizer-files/tiny-bpe), and reports a broken file at its line in the models file.
/// </summary>
public sealed class TokenizerFileTests : IDisposable
{
    private readonly TempProject project = new();

    public TokenizerFileTests()
    {
        TinyBpeModel.CopyTokenizerTo(project.Directory);
        project.Write("llmops.models.yaml", TinyBpeModel.ModelsYaml);
    }

    public void Dispose() => project.Dispose();

    [Fact]
    public void The_lock_counts_a_self_hosted_prompt_with_its_tokenizer_file()
    {
        var path = project.WritePrompt("support.classify", model: "acme-qwen-7b");

        var (success, engine) = project.Run(task => task.ModelCatalogFile = "llmops.models.yaml");

        Assert.True(success, engine.ToString());
        var entry = Assert.Single(ReadLock());
        var bpe = TinyBpeModel.Load(project.Directory);
        var messages = PromptEstimator.RenderMessages(PromptFileReader.ReadFile(path).Prompt!);
        var expected = 3 + messages.Sum(m => 3 + bpe.CountTokens(m.Role) + bpe.CountTokens(m.Content));
        Assert.Equal("acme-qwen-7b", entry.Model);
        Assert.Equal(expected, entry.InputTokens);
        Assert.False(entry.InputTokensEstimated);

        // The same prompt on a model without a tokenizer file gets the marked o200k_base estimate instead.
        project.Write("llmops.models.yaml", TinyBpeModel.ModelsYaml.Replace("    tokenizer_file: tokenizers/acme/vocab.json\n", string.Empty, StringComparison.Ordinal));
        var (again, againEngine) = project.Run(task => task.ModelCatalogFile = "llmops.models.yaml");
        Assert.True(again, againEngine.ToString());
        var estimated = Assert.Single(ReadLock());
        Assert.True(estimated.InputTokensEstimated);
        Assert.NotEqual(expected, estimated.InputTokens);
    }

    [Fact]
    public void A_tokenizer_file_that_cannot_be_loaded_is_one_error_at_its_line()
    {
        File.Delete(Path.Combine(project.Directory, "tokenizers", "acme", "merges.txt"));
        project.WritePrompt("a", model: "acme-qwen-7b");
        project.WritePrompt("b", model: "acme-qwen-7b");

        var (success, engine) = project.Run(task => task.ModelCatalogFile = "llmops.models.yaml");

        Assert.False(success);
        var error = Assert.Single(engine.Errors);
        Assert.Equal(("LLMC014", Path.Combine(project.Directory, "llmops.models.yaml"), 5, 21), (error.Code, error.File, error.Line, error.Column));
        Assert.Contains("there is no 'merges.txt' beside it", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(project.LockPath));
    }

    [Fact]
    public void A_missing_tokenizer_file_is_LLMC013_at_its_line()
    {
        project.Write("llmops.models.yaml", TinyBpeModel.ModelsYaml.Replace("acme/vocab.json", "acme/vocab.jsn", StringComparison.Ordinal));
        project.WritePrompt("a", model: "gpt-4o-2024-08-06");

        var (_, engine) = project.Run(task => task.ModelCatalogFile = "llmops.models.yaml");

        var error = Assert.Single(engine.Errors);
        Assert.Equal(("LLMC013", 5, 21), (error.Code, error.Line, error.Column));
    }

    private IReadOnlyList<PromptLockEntry> ReadLock()
    {
        var diagnostics = new List<PromptDiagnostic>();
        var parsed = PromptLockFile.Parse(File.ReadAllText(project.LockPath), project.LockPath, diagnostics);
        Assert.Empty(diagnostics);
        return parsed!.Prompts;
    }

}
