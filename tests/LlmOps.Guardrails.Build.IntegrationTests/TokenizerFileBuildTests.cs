using System.Text.Json;
using System.Text.RegularExpressions;

namespace LlmOps.Guardrails.Build.IntegrationTests;

/// <summary>
/// A real `dotnet build` with the packed task counts a self-hosted model's prompt with the tokenizer file its
/// llmops.models.yaml entry names: the task's folder in the package carries Microsoft.ML.Tokenizers and loads it.
/// </summary>
[Collection(PackageCollection.Name)]
[RequiresSharedFixture(typeof(PackageFixture))]
public sealed class TokenizerFileBuildTests
{
    private readonly PackageFixture package;

    public TokenizerFileBuildTests(PackageFixture package) => this.package = package;

    [Fact]
    public void The_lock_counts_a_self_hosted_prompt_with_its_tokenizer_file()
    {
        var consumer = NewConsumer("tokenizer-file");

        var build = consumer.Build("-p:LlmOpsPromptsLocked=false");

        Assert.True(build.ExitCode == 0, build.Output);
        using var lockJson = JsonDocument.Parse(File.ReadAllText(consumer.LockPath));
        var entry = lockJson.RootElement.GetProperty("prompts")[0];
        var bpe = TinyBpeModel.Load(consumer.Directory);
        var expected = 3 + (3 + bpe.CountTokens("system") + bpe.CountTokens("You classify support tickets."))
                         + (3 + bpe.CountTokens("user") + bpe.CountTokens("Ticket: My invoice is wrong and I need it fixed today."));
        Assert.Equal("acme-qwen-7b", entry.GetProperty("model").GetString());
        Assert.Equal(expected, entry.GetProperty("inputTokens").GetInt64());
        Assert.False(entry.TryGetProperty("inputTokensEstimated", out var estimated) && estimated.GetBoolean());
    }

    [Fact]
    public void A_tokenizer_file_that_cannot_be_loaded_fails_the_build_at_its_line()
    {
        var consumer = NewConsumer("tokenizer-file-broken");
        File.Delete(Path.Combine(consumer.Directory, "tokenizers", "acme", "merges.txt"));

        var build = consumer.Build("-p:LlmOpsPromptsLocked=false");

        Assert.NotEqual(0, build.ExitCode);
        Assert.Matches(new Regex(@"llmops\.models\.yaml\(5,21\): error LLMC014: .*there is no 'merges\.txt' beside it"), build.Output);
    }

    private Consumer NewConsumer(string name)
    {
        var consumer = package.NewConsumer(name, withExtensionsAI: false);
        consumer.WritePrompt("support-classify.prompt.yaml", Consumer.Prompt("support.classify", model: "acme-qwen-7b"));
        File.WriteAllText(Path.Combine(consumer.Directory, "llmops.models.yaml"), TinyBpeModel.ModelsYaml);
        TinyBpeModel.CopyTokenizerTo(consumer.Directory);

        return consumer;
    }

}
