using LlmOps.Guardrails.Analyzers.Rules;
using LlmOps.Guardrails.Analyzers.Tests.Harness;
using Xunit;

namespace LlmOps.Guardrails.Analyzers.Tests.Rules;

public class ModelsFileTests
{
    private const string File = """
        schema_version: 1
        models:
          - id: acme-chat-1
            provider: acme
            kind: snapshot
            max_output_tokens: 2048
            deprecated: 2026-01-01
            retires: 2027-01-01
            replacement: acme-chat-2
          - id: acme-chat-2
            provider: acme
            kind: snapshot
          - provider: acme
            kind: snapshot
          - id: acme-bad
            provider: acme
            kind: flavour
          - id: acme-big
            provider: acme
            max_output_tokens: lots
        deployments:
          prod-chat: acme-chat-2
          legacy-chat: acme-chat-1
          alias-chat: gpt-4o
          nowhere: not-a-model
        """;

    [Fact]
    public async Task Bad_entries_are_reported_and_ignored()
    {
        var diagnostics = await TestCompilation.AnalyzeAsync(Code.OpenAI(""), [new ModelsFileAnalyzer()], new TestAdditionalText("/src/llmops.models.yaml", File));
        Assert.Equal(3, diagnostics.Count(d => d.Id == "LLM008"));
        Assert.Contains(diagnostics, d => d.GetMessage().Contains("llmops.models.yaml(13)", StringComparison.Ordinal));
    }

    [Fact]
    public Task Good_entries_feed_the_rules()
    {
        var verifier = new Verifier<DeprecatedModelAnalyzer>();
        verifier.AdditionalFiles.Add(new TestAdditionalText("/src/llmops.models.yaml", File));
        return verifier.VerifyAsync(Code.OpenAI("""var a = new ChatClient([|"acme-chat-1"|], "key"); var b = new ChatClient("acme-chat-2", "key");"""));
    }

    [Fact]
    public Task Limits_from_the_file_feed_LLM007()
    {
        var verifier = new Verifier<OutputCapAboveMaximumAnalyzer>();
        verifier.AdditionalFiles.Add(new TestAdditionalText("/src/llmops.models.yaml", File));
        return verifier.VerifyAsync(Code.ExtensionsAI("""var o = new ChatOptions { ModelId = "acme-chat-1", MaxOutputTokens = [|4096|] };"""));
    }

    [Fact]
    public async Task Garbage_never_crashes()
    {
        var files = new[] { "models: [", "\0\0\0", "models:\n  - id: x\n    alternate_ids: [\n", "models:\n-\n- :\n  - id:\n" };
        foreach (var text in files)
        {
            await TestCompilation.AnalyzeAsync(Code.OpenAI("""var a = new ChatClient("x", "key");"""), [new ModelsFileAnalyzer(), new UnknownModelAnalyzer()], new TestAdditionalText("/src/llmops.models.yaml", text));
        }
    }

    [Fact]
    public Task Deployment_names_are_known_models()
    {
        var verifier = new Verifier<UnknownModelAnalyzer>();
        verifier.AdditionalFiles.Add(new TestAdditionalText("/src/llmops.models.yaml", File));
        return verifier.VerifyAsync(Code.OpenAI("""
                var a = new ChatClient("prod-chat", "key");
                var b = new ChatClient("PROD-CHAT", "key");
                var c = new ChatClient([|"nowhere"|], "key");
            """));
    }

    [Fact]
    public Task Deployments_are_never_pinned()
    {
        var verifier = new Verifier<ModelAliasAnalyzer>();
        verifier.AdditionalFiles.Add(new TestAdditionalText("/src/llmops.models.yaml", File));
        return verifier.VerifyAsync(Code.OpenAI("""var a = new ChatClient("alias-chat", "key");"""));
    }

    [Fact]
    public async Task A_deployment_serving_a_deprecated_model_is_reported_without_a_fix()
    {
        var verifier = new Verifier<DeprecatedModelAnalyzer>();
        verifier.AdditionalFiles.Add(new TestAdditionalText("/src/llmops.models.yaml", File));
        var markup = Code.OpenAI("""var a = new ChatClient([|"legacy-chat"|], "key");""");
        await verifier.VerifyNoFixAsync<LlmOps.Guardrails.Analyzers.CodeFixes.ReplaceValueCodeFixProvider>(markup);
    }

    // A self-hosted model with its own tokenizer file (tokenizer_file, relative to the models file), as Core reads it.
    private const string SelfHosted = """
        schema_version: 1
        models:
          - id: acme-qwen-7b
            provider: vllm
            kind: snapshot
            context_window: 32768
            max_output_tokens: 4096
            tokenizer_file: tokenizers/qwen/vocab.json
            prices: {input: 0.5, output: 0.5}
          - id: acme-llama
            provider: ollama
            kind: snapshot
            tokenizer_file: "tokenizers/llama/tokenizer.model"  # SentencePiece
            prices: {input: 0, output: 0}
        """;

    [Fact]
    public async Task A_tokenizer_file_is_an_accepted_key()
    {
        var diagnostics = await TestCompilation.AnalyzeAsync(
            Code.OpenAI("""var a = new ChatClient("acme-qwen-7b", "key"); var b = new ChatClient("acme-llama", "key");"""),
            [new ModelsFileAnalyzer(), new UnknownModelAnalyzer()],
            new TestAdditionalText("/src/llmops.models.yaml", SelfHosted));

        Assert.DoesNotContain(diagnostics, d => d.Id is "LLM008" or "LLM004");
    }

    [Fact]
    public Task An_entry_with_a_tokenizer_file_still_feeds_its_limits_to_LLM007()
    {
        var verifier = new Verifier<OutputCapAboveMaximumAnalyzer>();
        verifier.AdditionalFiles.Add(new TestAdditionalText("/src/llmops.models.yaml", SelfHosted));
        return verifier.VerifyAsync(Code.ExtensionsAI("""var o = new ChatOptions { ModelId = "acme-qwen-7b", MaxOutputTokens = [|8192|] };"""));
    }
}
