using LlmOps.Guardrails.Analyzers.CodeFixes;
using LlmOps.Guardrails.Analyzers.Rules;
using LlmOps.Guardrails.Analyzers.Tests.Harness;
using Xunit;

namespace LlmOps.Guardrails.Analyzers.Tests.Forms;

/// <summary>Semantic Kernel kernel invocations of a prompt, for LLM002 (MaxTokens in the settings) and LLM003 (attribution).</summary>
public class KernelInvocationTests
{
    private const string Feature = """[LlmFeature("summaries")]""";
    private const string Prompt = "var summarize = kernel.CreateFunctionFromPrompt(\"Summarize: {{$input}}\");\n";

    [Theory]
    [InlineData("""await [|kernel.InvokePromptAsync("Summarize: {{$input}}")|];""")]
    [InlineData("""await [|kernel.InvokePromptAsync("Summarize: {{$input}}", new KernelArguments { ["input"] = "text" })|];""")]
    [InlineData("""await [|kernel.InvokePromptAsync("Summarize", new KernelArguments(new OpenAIPromptExecutionSettings { ModelId = "gpt-4o-2024-08-06" }))|];""")]
    [InlineData("""await [|kernel.InvokePromptAsync("Summarize", new KernelArguments(new PromptExecutionSettings { ModelId = "gpt-4o-2024-08-06" }))|];""")]
    [InlineData("""var settings = new OpenAIPromptExecutionSettings(); await [|kernel.InvokePromptAsync("Summarize", new KernelArguments(settings))|];""")]
    [InlineData("""await foreach (var part in [|kernel.InvokePromptStreamingAsync("Summarize")|]) { }""")]
    [InlineData(Prompt + """await [|kernel.InvokeAsync(summarize)|];""")]
    [InlineData(Prompt + """await [|kernel.InvokeAsync(summarize, new KernelArguments { ["input"] = "text" })|];""")]
    [InlineData(Prompt + """await [|summarize.InvokeAsync(kernel)|];""")]
    [InlineData("""var f = kernel.CreateFunctionFromPrompt("Summarize", new OpenAIPromptExecutionSettings { ModelId = "gpt-4o-2024-08-06" }); await [|kernel.InvokeAsync(f)|];""")]
    public Task Uncapped_prompt_invocations_are_LLM002(string body) =>
        new Verifier<MissingOutputCapAnalyzer>().VerifyAsync(FormSources.Kernel(body, Feature));

    [Theory]
    [InlineData("""await kernel.InvokePromptAsync("Summarize", new KernelArguments(new OpenAIPromptExecutionSettings { MaxTokens = 300 }));""")]
    [InlineData("""var settings = new OpenAIPromptExecutionSettings(); settings.MaxTokens = 300; await kernel.InvokePromptAsync("Summarize", new KernelArguments(settings) { ["input"] = "text" });""")]
    [InlineData("""var args = new KernelArguments(new OpenAIPromptExecutionSettings { MaxTokens = 300 }); await kernel.InvokePromptAsync("Summarize", args);""")]
    [InlineData("""await kernel.InvokePromptAsync("Summarize", outside);""")]
    [InlineData("""await kernel.InvokePromptAsync("Summarize", Arguments());""")]
    [InlineData("""await kernel.InvokePromptAsync("Summarize", new KernelArguments(new[] { new OpenAIPromptExecutionSettings() }));""")]
    [InlineData("""var f = kernel.CreateFunctionFromPrompt("Summarize", new OpenAIPromptExecutionSettings { MaxTokens = 200 }); await kernel.InvokeAsync(f);""")]
    [InlineData("""var f = kernel.CreateFunctionFromPrompt("Summarize", Settings()); await f.InvokeAsync(kernel);""")]
    // A function of unknown origin may be plain code: not an LLM call.
    [InlineData("""await kernel.InvokeAsync(external);""")]
    [InlineData("""await kernel.InvokeAsync("Writer", "Summarize");""")]
    public Task Capped_or_unknown_invocations_are_not_LLM002(string body) =>
        new Verifier<MissingOutputCapAnalyzer>().VerifyAsync(FormSources.Kernel(body, Feature, Members));

    private const string Members = """
            private static KernelArguments Arguments() => new(new OpenAIPromptExecutionSettings { MaxTokens = 5 });
            private static PromptExecutionSettings Settings() => new OpenAIPromptExecutionSettings { MaxTokens = 5 };
        """;

    [Fact]
    public Task Fix_passes_arguments_with_capped_settings() =>
        new Verifier<MissingOutputCapAnalyzer>().VerifyFixAsync<AddOutputCapCodeFixProvider>(
            FormSources.Kernel("""await [|kernel.InvokePromptAsync("Summarize")|];""", Feature),
            FormSources.Kernel("""await kernel.InvokePromptAsync("Summarize", arguments: new KernelArguments(new OpenAIPromptExecutionSettings { MaxTokens = 1024 }));""", Feature));

    [Fact]
    public Task Fix_gives_settings_to_arguments_created_without_them() =>
        new Verifier<MissingOutputCapAnalyzer>().VerifyFixAsync<AddOutputCapCodeFixProvider>(
            FormSources.Kernel(Prompt + """await [|kernel.InvokeAsync(summarize, new KernelArguments { ["input"] = "text" })|];""", Feature),
            FormSources.Kernel(Prompt + """await kernel.InvokeAsync(summarize, new KernelArguments(new OpenAIPromptExecutionSettings { MaxTokens = 1024 }) { ["input"] = "text" });""", Feature));

    [Fact]
    public Task Fix_adds_MaxTokens_to_inline_connector_settings() =>
        new Verifier<MissingOutputCapAnalyzer>().VerifyFixAsync<AddOutputCapCodeFixProvider>(
            FormSources.Kernel("""await [|kernel.InvokePromptAsync("Summarize", new KernelArguments(new OpenAIPromptExecutionSettings { ModelId = "gpt-4o-2024-08-06" }))|];""", Feature),
            FormSources.Kernel("""await kernel.InvokePromptAsync("Summarize", new KernelArguments(new OpenAIPromptExecutionSettings { ModelId = "gpt-4o-2024-08-06", MaxTokens = 1024 }));""", Feature));

    [Fact]
    public Task No_fix_for_base_settings() =>
        new Verifier<MissingOutputCapAnalyzer>().VerifyNoFixAsync<AddOutputCapCodeFixProvider>(
            FormSources.Kernel("""await [|kernel.InvokePromptAsync("Summarize", new KernelArguments(new PromptExecutionSettings { ModelId = "gpt-4o-2024-08-06" }))|];""", Feature));

    private const string Capped = "new KernelArguments(new OpenAIPromptExecutionSettings { MaxTokens = 300 })";

    [Theory]
    [InlineData("""await [|kernel.InvokePromptAsync("Summarize", new KernelArguments(new OpenAIPromptExecutionSettings { MaxTokens = 300 }))|];""")]
    // Kernel arguments are template variables: an "llmops.feature" entry is not attribution, and arguments from elsewhere are judged too.
    [InlineData("""await [|kernel.InvokePromptAsync("Summarize", new KernelArguments(new OpenAIPromptExecutionSettings { MaxTokens = 300 }) { ["llmops.feature"] = "summaries" })|];""")]
    [InlineData("""await [|kernel.InvokePromptAsync("Summarize", outside)|];""")]
    [InlineData(Prompt + """await [|kernel.InvokeAsync(summarize)|];""")]
    public Task Unattributed_prompt_invocations_are_LLM003(string body) =>
        new Verifier<MissingAttributionAnalyzer>().VerifyAsync(FormSources.Kernel(body));

    [Theory]
    [InlineData("""using (LlmAttribution.Begin("summaries")) { await kernel.InvokePromptAsync("Summarize", new KernelArguments(new OpenAIPromptExecutionSettings { MaxTokens = 300 })); }""", "")]
    [InlineData("""using var scope = LlmAttribution.Begin(feature: "summaries"); await kernel.InvokePromptAsync("Summarize", outside);""", "")]
    [InlineData("""await kernel.InvokePromptAsync("Summarize", new KernelArguments(new OpenAIPromptExecutionSettings { MaxTokens = 300 }));""", Feature)]
    [InlineData("""await kernel.InvokeAsync(external);""", "")]
    public Task Attributed_or_non_prompt_invocations_are_not_LLM003(string body, string attributes) =>
        new Verifier<MissingAttributionAnalyzer>().VerifyAsync(FormSources.Kernel(body, attributes));

    [Fact]
    public Task Attribution_fix_opens_a_scope() =>
        new Verifier<MissingAttributionAnalyzer>().VerifyFixAsync<AddAttributionCodeFixProvider>(
            FormSources.Kernel("await [|kernel.InvokePromptAsync(\"Summarize\", " + Capped + ")|];"),
            FormSources.Kernel(
                "        using var attribution = LlmAttribution.Begin(feature: \"TODO-feature\");\n" +
                "        await kernel.InvokePromptAsync(\"Summarize\", " + Capped + ");"));
}
