using LlmOps.Guardrails.Analyzers.CodeFixes;
using LlmOps.Guardrails.Analyzers.Rules;
using LlmOps.Guardrails.Analyzers.Tests.Harness;
using Xunit;

namespace LlmOps.Guardrails.Analyzers.Tests.Forms;

/// <summary>
/// Model ids in the forms real code uses, for LLM001, LLM004, LLM005 and LLM007: a constructor argument of
/// CreateResponseOptions, Semantic Kernel registrations, and Anthropic's AsIChatClient adapter.
/// </summary>
public class ModelFormTests
{
    private const string Items = "var items = new List<ResponseItem> { ResponseItem.CreateUserMessageItem(\"hi\") };\n";

    // --- new CreateResponseOptions(model, items) ---

    [Fact]
    public Task Constructor_model_alias_is_LLM001() =>
        new Verifier<ModelAliasAnalyzer>().VerifyAsync(Code.OpenAI(Items + """var o = new CreateResponseOptions([|"gpt-4o"|], items);"""));

    [Fact]
    public Task Constructor_model_unknown_is_LLM004() =>
        new Verifier<UnknownModelAnalyzer>().VerifyAsync(Code.OpenAI(Items + """var o = new CreateResponseOptions([|"gpt-4o-2024-08-07"|], items);"""));

    [Fact]
    public Task Constructor_model_retired_is_LLM005() =>
        new Verifier<DeprecatedModelAnalyzer>().VerifyAsync(Code.OpenAI(Items + """var o = new CreateResponseOptions(model: [|"gpt-4-turbo-2024-04-09"|], inputItems: items);"""));

    [Fact]
    public Task Constructor_model_cap_above_maximum_is_LLM007() =>
        new Verifier<OutputCapAboveMaximumAnalyzer>().VerifyAsync(Code.OpenAI(Items + """var o = new CreateResponseOptions("gpt-4o-2024-08-06", items) { MaxOutputTokenCount = [|100000|] };"""));

    [Theory]
    [InlineData("""var o = new CreateResponseOptions("gpt-4o-2024-08-06", items) { MaxOutputTokenCount = 1000 };""")]
    [InlineData("""var o = new CreateResponseOptions(config["model"], items);""")]
    [InlineData("""var o = new CreateResponseOptions();""")]
    public Task Constructor_model_snapshot_or_unknown_value_is_not_flagged(string body) =>
        NoModelFindingsAsync(Code.OpenAI(Items + body));

    [Fact]
    public Task Constructor_model_alias_fix_pins_the_snapshot() =>
        new Verifier<ModelAliasAnalyzer>().VerifyFixAsync<ReplaceValueCodeFixProvider>(
            Code.OpenAI(Items + """var o = new CreateResponseOptions([|"gpt-4o"|], items);"""),
            Code.OpenAI(Items + """var o = new CreateResponseOptions("gpt-4o-2024-08-06", items);"""));

    [Fact]
    public Task Constructor_model_cap_fix_clamps() =>
        new Verifier<OutputCapAboveMaximumAnalyzer>().VerifyFixAsync<ReplaceValueCodeFixProvider>(
            Code.OpenAI(Items + """var o = new CreateResponseOptions("gpt-4o-2024-08-06", items) { MaxOutputTokenCount = [|100000|] };"""),
            Code.OpenAI(Items + """var o = new CreateResponseOptions("gpt-4o-2024-08-06", items) { MaxOutputTokenCount = 16384 };"""));

    [Fact]
    public Task Constructor_model_unknown_fix_takes_the_suggestion() =>
        new Verifier<UnknownModelAnalyzer>().VerifyFixAsync<ReplaceValueCodeFixProvider>(
            Code.OpenAI(Items + """var o = new CreateResponseOptions([|"gpt-4o-2024-08-07"|], items);"""),
            Code.OpenAI(Items + """var o = new CreateResponseOptions("gpt-4o-2024-08-06", items);"""));

    // --- Semantic Kernel registrations ---

    [Theory]
    [InlineData("""builder.AddOpenAIChatCompletion(modelId: [|"gpt-4o"|], apiKey: Environment.GetEnvironmentVariable("OPENAI_API_KEY")!);""")]
    [InlineData("""builder.AddOpenAIChatCompletion([|"gpt-4o"|], new OpenAIClient(Environment.GetEnvironmentVariable("OPENAI_API_KEY")!));""")]
    [InlineData("""Kernel.CreateBuilder().AddOpenAIChatCompletion([|"gpt-4.1"|], "sk-test");""")]
    [InlineData("""services.AddOpenAIChatCompletion(modelId: [|"gpt-4o"|], apiKey: "sk-test");""")]
    [InlineData("""var chat = new OpenAIChatCompletionService([|"gpt-4o"|], "sk-test");""")]
    public Task Registration_alias_is_LLM001(string body) =>
        new Verifier<ModelAliasAnalyzer>().VerifyAsync(FormSources.KernelBuilder(body));

    [Fact]
    public Task Registration_unknown_is_LLM004() =>
        new Verifier<UnknownModelAnalyzer>().VerifyAsync(FormSources.KernelBuilder("""builder.AddOpenAIChatCompletion([|"gpt-4o-2024-08-07"|], "sk-test");"""));

    [Fact]
    public Task Registration_retired_is_LLM005() =>
        new Verifier<DeprecatedModelAnalyzer>().VerifyAsync(FormSources.KernelBuilder("""builder.AddOpenAIChatCompletion(modelId: [|"gpt-4-turbo-2024-04-09"|], apiKey: "sk-test");"""));

    [Theory]
    [InlineData("""builder.AddOpenAIChatCompletion("gpt-4o-2024-08-06", "sk-test");""")]
    [InlineData("""builder.AddOpenAIChatCompletion(Environment.GetEnvironmentVariable("MODEL")!, "sk-test");""")]
    // Azure deployment names are chosen by the team: not judged unless llmops.check_azure_deployments is set.
    [InlineData("""builder.AddAzureOpenAIChatCompletion(deploymentName: "gpt-4o", endpoint: "https://contoso.openai.azure.com", apiKey: "k");""")]
    [InlineData("""builder.AddAzureOpenAIChatCompletion("my-chat", "https://contoso.openai.azure.com", "k", modelId: "gpt-4o");""")]
    public Task Registration_snapshot_unknown_value_or_Azure_is_not_flagged(string body) =>
        NoModelFindingsAsync(FormSources.KernelBuilder(body));

    [Fact]
    public Task Azure_registration_is_judged_when_configured()
    {
        var verifier = new Verifier<UnknownModelAnalyzer>();
        verifier.EditorConfig["llmops.check_azure_deployments"] = "true";
        return verifier.VerifyAsync(FormSources.KernelBuilder("""builder.AddAzureOpenAIChatCompletion([|"my-chat"|], "https://contoso.openai.azure.com", "k");"""));
    }

    [Fact]
    public Task Registration_alias_fix_pins_the_snapshot() =>
        new Verifier<ModelAliasAnalyzer>().VerifyFixAsync<ReplaceValueCodeFixProvider>(
            FormSources.KernelBuilder("""builder.AddOpenAIChatCompletion(modelId: [|"gpt-4o"|], apiKey: "sk-test");"""),
            FormSources.KernelBuilder("""builder.AddOpenAIChatCompletion(modelId: "gpt-4o-2024-08-06", apiKey: "sk-test");"""));

    [Fact]
    public Task Registration_retired_fix_takes_the_replacement()
    {
        var verifier = new Verifier<DeprecatedModelAnalyzer>();
        verifier.AdditionalFiles.Add(new TestAdditionalText("/src/llmops.models.yaml", """
            schema_version: 1
            models:
              - id: acme-chat-2024
                provider: acme
                kind: snapshot
                retires: 2025-01-31
                replacement: acme-chat-2026
                prices: { input: 1, output: 2 }
              - id: acme-chat-2026
                provider: acme
                kind: snapshot
                prices: { input: 1, output: 2 }
            """));
        return verifier.VerifyFixAsync<ReplaceValueCodeFixProvider>(
            FormSources.KernelBuilder("""builder.AddOpenAIChatCompletion(modelId: [|"acme-chat-2024"|], apiKey: "sk-test");"""),
            FormSources.KernelBuilder("""builder.AddOpenAIChatCompletion(modelId: "acme-chat-2026", apiKey: "sk-test");"""));
    }

    [Fact]
    public Task Adapter_cap_fix_clamps() =>
        new Verifier<OutputCapAboveMaximumAnalyzer>().VerifyFixAsync<ReplaceValueCodeFixProvider>(
            FormSources.AnthropicAdapter("""IChatClient chat = client.AsIChatClient("claude-haiku-4-5-20251001", defaultMaxOutputTokens: [|1000000|]);"""),
            FormSources.AnthropicAdapter("""IChatClient chat = client.AsIChatClient("claude-haiku-4-5-20251001", defaultMaxOutputTokens: 64000);"""));

    // --- Anthropic's AsIChatClient(defaultModelId) ---

    [Fact]
    public Task Adapter_alias_is_LLM001() =>
        new Verifier<ModelAliasAnalyzer>().VerifyAsync(FormSources.AnthropicAdapter("""IChatClient chat = client.AsIChatClient([|"claude-haiku-4-5"|]);"""));

    [Fact]
    public Task Adapter_unknown_is_LLM004() =>
        new Verifier<UnknownModelAnalyzer>().VerifyAsync(FormSources.AnthropicAdapter("""IChatClient chat = client.AsIChatClient(defaultModelId: [|"claude-haiku-4-6-2099"|]);"""));

    [Fact]
    public Task Adapter_retired_is_LLM005() =>
        new Verifier<DeprecatedModelAnalyzer>().VerifyAsync(FormSources.AnthropicAdapter("""IChatClient chat = client.AsIChatClient([|"claude-3-5-haiku-latest"|]);"""));

    [Fact]
    public Task Adapter_default_cap_above_maximum_is_LLM007() =>
        new Verifier<OutputCapAboveMaximumAnalyzer>().VerifyAsync(FormSources.AnthropicAdapter("""IChatClient chat = client.AsIChatClient("claude-haiku-4-5-20251001", defaultMaxOutputTokens: [|1000000|]);"""));

    [Theory]
    [InlineData("""IChatClient chat = client.AsIChatClient("claude-haiku-4-5-20251001", 1000);""")]
    [InlineData("""IChatClient chat = client.AsIChatClient();""")]
    [InlineData("""IChatClient chat = client.AsIChatClient(Environment.GetEnvironmentVariable("MODEL"));""")]
    public Task Adapter_snapshot_or_no_model_is_not_flagged(string body) =>
        NoModelFindingsAsync(FormSources.AnthropicAdapter(body));

    [Fact]
    public Task Adapter_alias_fix_pins_the_snapshot() =>
        new Verifier<ModelAliasAnalyzer>().VerifyFixAsync<ReplaceValueCodeFixProvider>(
            FormSources.AnthropicAdapter("""IChatClient chat = client.AsIChatClient([|"claude-haiku-4-5"|]);"""),
            FormSources.AnthropicAdapter("""IChatClient chat = client.AsIChatClient("claude-haiku-4-5-20251001");"""));

    /// <summary>None of the model rules (LLM001, LLM004, LLM005, LLM007) reports anything in <paramref name="source"/>.</summary>
    internal static Task NoModelFindingsAsync(string source) =>
        Task.WhenAll(
            new Verifier<ModelAliasAnalyzer>().VerifyAsync(source),
            new Verifier<UnknownModelAnalyzer>().VerifyAsync(source),
            new Verifier<DeprecatedModelAnalyzer>().VerifyAsync(source),
            new Verifier<OutputCapAboveMaximumAnalyzer>().VerifyAsync(source));
}
