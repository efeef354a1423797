using LlmOps.Guardrails.Analyzers.Rules;
using LlmOps.Guardrails.Analyzers.Tests.Harness;
using Xunit;

namespace LlmOps.Guardrails.Analyzers.Tests.Forms;

/// <summary>
/// Calls through a self-hosted or local endpoint (Ollama, an OpenAI-compatible server, an Anthropic client with a
/// base URL) are not LLM004 findings; llmops.models.yaml can declare their models so that the other rules apply.
/// </summary>
public class LocalEndpointTests
{
    [Theory]
    [InlineData("""var chat = new ChatClient("llama3.1", new System.ClientModel.ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri("http://localhost:11434/v1") });""")]
    [InlineData("""var options = new OpenAIClientOptions { Endpoint = new Uri(config["endpoint"]) }; var chat = new OpenAIClient(new System.ClientModel.ApiKeyCredential("unused"), options).GetChatClient("qwen2.5:7b");""")]
    [InlineData("""var options = new OpenAIClientOptions(); options.Endpoint = new Uri("http://localhost:1234/v1"); var chat = new ChatClient("local-model", new System.ClientModel.ApiKeyCredential("unused"), options);""")]
    [InlineData("""var openAI = new OpenAIClient(new System.ClientModel.ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri("https://openrouter.ai/api/v1") }); var chat = openAI.GetChatClient("meta-llama/llama-3.3-70b-instruct");""")]
    [InlineData("""var responses = new ResponsesClient(new System.ClientModel.ApiKeyCredential("unused"), new ResponsesClientOptions { Endpoint = new Uri("http://localhost:8000/v1") }); responses.CreateResponse("llama3.1", "hi");""")]
    public Task OpenAI_clients_with_a_custom_endpoint_are_not_flagged(string body) =>
        new Verifier<UnknownModelAnalyzer>().VerifyAsync(Code.OpenAI(body));

    [Theory]
    [InlineData("""var chat = new ChatClient([|"llama3.1"|], "key");""")]
    [InlineData("""var chat = new ChatClient([|"llama3.1"|], new System.ClientModel.ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri("https://api.openai.com/v1") });""")]
    [InlineData("""var chat = new ChatClient([|"llama3.1"|], new System.ClientModel.ApiKeyCredential("unused"), new OpenAIClientOptions());""")]
    public Task OpenAI_clients_on_the_provider_endpoint_are_flagged(string body) =>
        new Verifier<UnknownModelAnalyzer>().VerifyAsync(Code.OpenAI(body));

    [Theory]
    [InlineData("""IChatClient chat = new OllamaApiClient(new Uri("http://localhost:11434")); await chat.GetResponseAsync(messages, new ChatOptions { ModelId = "llama3.1" });""")]
    [InlineData("""IChatClient ollama = new OllamaApiClient("http://localhost:11434", "llama3.1"); var o = new ChatOptions { ModelId = "llama3.1:8b", MaxOutputTokens = 500 }; await ollama.GetResponseAsync(messages, o);""")]
    [InlineData("""IChatClient ollama = new OllamaApiClient("http://localhost:11434"); await foreach (var update in ollama.GetStreamingResponseAsync(messages, new ChatOptions { ModelId = "phi4" })) { }""")]
    public Task Ollama_clients_are_not_flagged(string body) =>
        new Verifier<UnknownModelAnalyzer>().VerifyAsync(FormSources.Ollama(body));

    [Fact]
    public Task ChatOptions_for_a_client_of_unknown_origin_are_flagged() =>
        new Verifier<UnknownModelAnalyzer>().VerifyAsync(FormSources.Ollama("""await client.GetResponseAsync(messages, new ChatOptions { ModelId = [|"llama3.1"|] });"""));

    [Theory]
    [InlineData("""var local = new AnthropicClient(new ClientOptions { BaseUrl = "http://localhost:8080" }); await local.Messages.Create(new MessageCreateParams { Model = "my-proxy-model", MaxTokens = 100, Messages = [] });""")]
    [InlineData("""var local = new AnthropicClient { BaseUrl = "http://localhost:8080" }; var p = new MessageCreateParams { Model = "my-proxy-model", MaxTokens = 100, Messages = [] }; await local.Messages.Create(p);""")]
    [InlineData("""var local = new AnthropicClient(new ClientOptions { BaseUrl = "http://localhost:8080" }); IChatClient chat = local.AsIChatClient("my-proxy-model");""")]
    [InlineData("""var local = new AnthropicClient(new ClientOptions { BaseUrl = "http://localhost:8080" }); IChatClient chat = local.AsIChatClient(); await chat.GetResponseAsync(messages, new ChatOptions { ModelId = "my-proxy-model", MaxOutputTokens = 100 });""")]
    public Task Anthropic_clients_with_a_base_url_are_not_flagged(string body) =>
        new Verifier<UnknownModelAnalyzer>().VerifyAsync(FormSources.AnthropicAdapter(body));

    [Theory]
    [InlineData("""await client.Messages.Create(new MessageCreateParams { Model = [|"my-proxy-model"|], MaxTokens = 100, Messages = [] });""")]
    [InlineData("""var official = new AnthropicClient(new ClientOptions { BaseUrl = "https://api.anthropic.com" }); await official.Messages.Create(new MessageCreateParams { Model = [|"my-proxy-model"|], MaxTokens = 100, Messages = [] });""")]
    [InlineData("""IChatClient chat = client.AsIChatClient(); await chat.GetResponseAsync(messages, new ChatOptions { ModelId = [|"my-proxy-model"|], MaxOutputTokens = 100 });""")]
    public Task Anthropic_clients_on_the_provider_endpoint_are_flagged(string body) =>
        new Verifier<UnknownModelAnalyzer>().VerifyAsync(FormSources.AnthropicAdapter(body));

    [Theory]
    [InlineData("""builder.AddOpenAIChatCompletion("llama3.1", new Uri("http://localhost:11434/v1"), null);""")]
    [InlineData("""services.AddOpenAIChatCompletion("llama3.1", new Uri("http://localhost:11434/v1"));""")]
    [InlineData("""var chat = new OpenAIChatCompletionService("llama3.1", new Uri("http://localhost:11434/v1"));""")]
    [InlineData("""var chat = new OpenAIChatCompletionService("llama3.1", new OpenAIClient(new System.ClientModel.ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri("http://localhost:11434/v1") }));""")]
    [InlineData("""var local = new OpenAIClient(new System.ClientModel.ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri("http://localhost:11434/v1") }); builder.AddOpenAIChatCompletion("llama3.1", local);""")]
    public Task Kernel_registrations_with_a_custom_endpoint_are_not_flagged(string body) =>
        new Verifier<UnknownModelAnalyzer>().VerifyAsync(FormSources.KernelBuilder(body));

    [Fact]
    public Task Kernel_settings_sent_to_a_kernel_built_with_a_local_endpoint_are_not_flagged() =>
        new Verifier<UnknownModelAnalyzer>().VerifyAsync(FormSources.KernelBuilder("""
            Kernel kernel = Kernel.CreateBuilder().AddOpenAIChatCompletion(modelId: "llama3.2", endpoint: new Uri("http://localhost:11434/v1"), apiKey: null).Build();
            var arguments = new KernelArguments(new OpenAIPromptExecutionSettings { ModelId = "llama3.2", MaxTokens = 400 });
            _ = kernel.InvokePromptAsync("Hello", arguments);
            """));

    [Fact]
    public Task Kernel_settings_sent_to_a_kernel_of_the_provider_are_flagged() =>
        new Verifier<UnknownModelAnalyzer>().VerifyAsync(FormSources.KernelBuilder("""
            Kernel kernel = Kernel.CreateBuilder().AddOpenAIChatCompletion(modelId: "gpt-4o-2024-08-06", apiKey: "unused").Build();
            var arguments = new KernelArguments(new OpenAIPromptExecutionSettings { ModelId = [|"llama3.2"|], MaxTokens = 400 });
            _ = kernel.InvokePromptAsync("Hello", arguments);
            """));

    private const string LocalModels = """
        schema_version: 1
        models:
          - id: llama3.1-8b-q4   # served by our Ollama
            provider: ollama
            kind: snapshot
            max_output_tokens: 4096
            retires: 2026-06-30
            replacement: llama3.3-70b-q4
            prices: { input: 0, output: 0 }
          - id: llama3.3-70b-q4
            provider: ollama
            kind: snapshot
            max_output_tokens: 8192
            prices: { input: 0.2, output: 0.2 }
          - id: local-chat
            provider: ollama
            kind: alias
            resolves_to: llama3.3-70b-q4
        """;

    private static Verifier<T> WithLocalModels<T>()
        where T : Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer, new()
    {
        var verifier = new Verifier<T>();
        verifier.AdditionalFiles.Add(new TestAdditionalText("/src/llmops.models.yaml", LocalModels));
        return verifier;
    }

    private const string LocalClient = "var local = new OpenAIClient(new System.ClientModel.ApiKeyCredential(\"unused\"), new OpenAIClientOptions { Endpoint = new Uri(\"http://localhost:11434/v1\") });\n";

    [Fact]
    public Task Declared_local_alias_is_LLM001() =>
        WithLocalModels<ModelAliasAnalyzer>().VerifyAsync(Code.OpenAI(LocalClient + """var chat = local.GetChatClient([|"local-chat"|]);"""));

    [Fact]
    public Task Declared_local_model_past_retirement_is_LLM005() =>
        WithLocalModels<DeprecatedModelAnalyzer>().VerifyAsync(Code.OpenAI(LocalClient + """var chat = local.GetChatClient([|"llama3.1-8b-q4"|]);"""));

    [Fact]
    public Task Declared_local_model_cap_is_LLM007() =>
        WithLocalModels<OutputCapAboveMaximumAnalyzer>().VerifyAsync(Code.OpenAI(LocalClient + """var chat = local.GetChatClient("llama3.3-70b-q4"); chat.CompleteChat(new List<ChatMessage>(), new ChatCompletionOptions { MaxOutputTokenCount = [|20000|] });"""));

    [Fact]
    public Task Declared_local_models_are_known_to_LLM004_on_any_endpoint() =>
        WithLocalModels<UnknownModelAnalyzer>().VerifyAsync(Code.OpenAI("""var chat = new ChatClient("llama3.3-70b-q4", "key"); var other = new ChatClient([|"llama3.3-70b-q5"|], "key");"""));

    [Fact]
    public Task Declared_local_models_file_has_no_LLM008() =>
        WithLocalModels<ModelsFileAnalyzer>().VerifyAsync(Code.OpenAI("""var chat = new ChatClient("llama3.3-70b-q4", "key");"""));
}
