using System.Globalization;
using System.IO;
using LlmOps.Guardrails.Core.Catalog;
using LlmOps.Guardrails.Core.Pricing;
using LlmOps.Guardrails.Core.Prompts;
using LlmOps.Guardrails.Core.Tokenization;

namespace LlmOps.Guardrails.Eval.Tests;

public class TokensCommandTests
{
    private static string SamplePrompts => Path.Combine(CliRunner.RepositoryRoot, "prompts-sample", "prompts");

    [Fact]
    public void Sample_prompts_count_as_the_lock_counts_them_rendered_with_chat_framing()
    {
        var (exitCode, output, error) = CliRunner.Run("tokens", SamplePrompts, "--model", "gpt-4o-2024-08-06");

        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, error);
        var files = Directory.GetFiles(SamplePrompts, "*.prompt.yaml");
        Assert.NotEmpty(files);
        long total = 0;
        foreach (var file in files)
        {
            var prompt = PromptFileReader.ReadFile(file).Prompt!;
            var tokens = TokenCounters.ForModel("gpt-4o-2024-08-06").CountChat(PromptEstimator.RenderMessages(prompt)).Tokens;
            Assert.True(tokens < TiktokenEncoding.O200kBase.CountTokens(File.ReadAllText(file)), "the rendered messages are smaller than the whole file");
            total += tokens;
            var row = output.Split('\n').Single(line => line.StartsWith(Path.GetFileName(file), StringComparison.Ordinal));
            Assert.Contains(" " + tokens.ToString("N0", CultureInfo.InvariantCulture) + " ", row, StringComparison.Ordinal);
        }

        Assert.Contains($"Total: {total.ToString("N0", CultureInfo.InvariantCulture)} tokens in {files.Length} file(s).", output, StringComparison.Ordinal);
        Assert.Contains("rendered by their format's engine with the variables' samples", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gpt_4o_prompt_counts_the_same_as_the_samples_prompts_lock()
    {
        // classify-ticket runs on gpt-4o-2024-08-06 in the sample; its lock entry was written by the build task.
        string lockText = File.ReadAllText(Path.Combine(CliRunner.RepositoryRoot, "prompts-sample", "src", "TicketTriage", "prompts.lock.json"));
        var locked = System.Text.Json.JsonDocument.Parse(lockText).RootElement.GetProperty("prompts").EnumerateArray()
            .Single(p => p.GetProperty("id").GetString() == "classify-ticket");
        Assert.Equal("gpt-4o-2024-08-06", locked.GetProperty("model").GetString());

        var (exitCode, output, _) = CliRunner.Run("tokens", Path.Combine(SamplePrompts, "classify-ticket.prompt.yaml"), "--model", "gpt-4o-2024-08-06");

        Assert.Equal(0, exitCode);
        Assert.Contains($"Total: {locked.GetProperty("inputTokens").GetInt64().ToString("N0", CultureInfo.InvariantCulture)} tokens in 1 file(s).", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_text_counts_as_it_is()
    {
        var file = Path.Combine(Path.GetTempPath(), "llmops-tokens-" + Guid.NewGuid().ToString("N") + ".txt");
        File.WriteAllText(file, "Hello there, general Kenobi. {{not a template}}");
        try
        {
            var (exitCode, output, _) = CliRunner.Run("tokens", file, "--model", "gpt-4o-2024-08-06");
            Assert.Equal(0, exitCode);
            long expected = TiktokenEncoding.O200kBase.CountTokens(File.ReadAllText(file));
            Assert.Contains($"Total: {expected.ToString("N0", CultureInfo.InvariantCulture)} tokens in 1 file(s).", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Cost_column_is_the_cost_engine_price_of_the_tokens_as_input()
    {
        var file = Path.Combine(SamplePrompts, "classify-ticket.prompt.yaml");
        var (exitCode, output, _) = CliRunner.Run("tokens", file, "--model", "gpt-4o-2024-08-06");

        Assert.Equal(0, exitCode);
        var model = ModelCatalog.Default.Lookup("gpt-4o-2024-08-06").Model!;
        var tokens = TokenCounters.ForModel(model.Id).CountChat(PromptEstimator.RenderMessages(PromptFileReader.ReadFile(file).Prompt!)).Tokens;
        var expected = CostEngine.Calculate(model, new TokenUsage { InputTokens = tokens }).TotalCost;
        Assert.True(expected > 0m);
        Assert.Contains(expected.ToString("0.000000", CultureInfo.InvariantCulture), output, StringComparison.Ordinal);
    }

    [Fact]
    public void Claude_counts_are_marked_as_estimates()
    {
        var file = Path.Combine(SamplePrompts, "summarise-ticket.prompt.yaml");
        var (exitCode, output, _) = CliRunner.Run("tokens", file, "--model", "claude-sonnet-4-5-20250929");

        Assert.Equal(0, exitCode);
        Assert.Contains("~", output, StringComparison.Ordinal);
        Assert.Contains("estimate", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_model_fails_with_a_code_and_the_nearest_known_id()
    {
        var (exitCode, _, error) = CliRunner.Run("tokens", SamplePrompts, "--model", "gpt-4o-2024-08-07");

        Assert.Equal(3, exitCode);
        Assert.Contains("LLME001", error, StringComparison.Ordinal);
        Assert.Contains("gpt-4o-2024-08-06", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_path_fails_with_could_not_run()
    {
        var (exitCode, _, error) = CliRunner.Run("tokens", Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N")));

        Assert.Equal(3, exitCode);
        Assert.Contains("LLME002", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Folder_without_prompt_files_fails_with_a_hint()
    {
        var empty = Directory.CreateTempSubdirectory("llmops-empty-");
        try
        {
            var (exitCode, _, error) = CliRunner.Run("tokens", empty.FullName);

            Assert.Equal(3, exitCode);
            Assert.Contains("LLME003", error, StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }
}
