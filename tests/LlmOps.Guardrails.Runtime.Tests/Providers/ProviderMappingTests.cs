using System.Text.Json;
using LlmOps.Guardrails.Runtime.Tests.Fakes;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Runtime.Tests.Providers;

public class ProviderMappingTests
{
    [Fact]
    public async Task OpenAI_response_maps_text_ids_finish_and_usage()
    {
        await using var server = FakeProviderServer.Start();
        server.Enqueue(FakeResponse.Ok("Hi there", new FakeUsage(InputTokens: 20, OutputTokens: 9, CachedInputTokens: 4, ReasoningTokens: 3)));
        using IChatClient client = ProviderTestKit.OpenAI(server);

        ChatResponse response = await client.GetResponseAsync(ProviderTestKit.Hello(), ProviderTestKit.Options());

        Assert.Equal("Hi there", response.Text);
        Assert.Equal("chatcmpl-fake-1", response.ResponseId);
        Assert.Equal(ProviderTestKit.OpenAIModel, response.ModelId);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000), response.CreatedAt);
        Assert.NotNull(response.Usage);
        Assert.Equal(20, response.Usage!.InputTokenCount);
        Assert.Equal(9, response.Usage.OutputTokenCount);
        Assert.Equal(29, response.Usage.TotalTokenCount);
        Assert.Equal(4, response.Usage.CachedInputTokenCount);
        Assert.Equal(3, response.Usage.ReasoningTokenCount);

        RecordedRequest request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.True(request.CredentialMatches(ProviderTestKit.OpenAIKey));
        Assert.Equal(RecordedRequest.Redacted, request.Headers["Authorization"]);
        Assert.DoesNotContain(ProviderTestKit.OpenAIKey, request.ToString());
    }

    [Fact]
    public async Task OpenAI_request_maps_options_messages_and_never_forwards_llmops_properties()
    {
        await using var server = FakeProviderServer.Start();
        using IChatClient client = ProviderTestKit.OpenAI(server);
        var options = new ChatOptions
        {
            MaxOutputTokens = 50,
            Temperature = 0.25f,
            TopP = 0.5f,
            StopSequences = new List<string> { "END" },
            Seed = 42,
            FrequencyPenalty = 0.1f,
            PresencePenalty = 0.2f,
            ResponseFormat = ChatResponseFormat.Json,
            AdditionalProperties = new AdditionalPropertiesDictionary
            {
                ["llmops.feature"] = "checkout-summary",
                ["llmops.tenant"] = "acme",
            },
        };
        var messages = new[]
        {
            new ChatMessage(ChatRole.System, "Be brief."),
            new ChatMessage(ChatRole.User, "Hi"),
            new ChatMessage(ChatRole.Assistant, "Hello"),
            new ChatMessage(ChatRole.User, "Again"),
        };

        await client.GetResponseAsync(messages, options);

        RecordedRequest request = Assert.Single(server.Requests);
        Assert.DoesNotContain("llmops", request.Body);
        Assert.DoesNotContain("checkout-summary", request.Body);
        using JsonDocument doc = request.Json();
        JsonElement root = doc.RootElement;
        Assert.Equal(ProviderTestKit.OpenAIModel, root.GetProperty("model").GetString());
        Assert.Equal(50, root.GetProperty("max_completion_tokens").GetInt32());
        Assert.Equal(0.25, root.GetProperty("temperature").GetDouble(), 3);
        Assert.Equal(0.5, root.GetProperty("top_p").GetDouble(), 3);
        Assert.Equal("END", root.GetProperty("stop")[0].GetString());
        Assert.Equal(42, root.GetProperty("seed").GetInt64());
        Assert.Equal(0.1, root.GetProperty("frequency_penalty").GetDouble(), 3);
        Assert.Equal(0.2, root.GetProperty("presence_penalty").GetDouble(), 3);
        Assert.Equal("json_object", root.GetProperty("response_format").GetProperty("type").GetString());
        JsonElement sent = root.GetProperty("messages");
        Assert.Equal(new[] { "system", "user", "assistant", "user" }, sent.EnumerateArray().Select(m => m.GetProperty("role").GetString()).ToArray());
    }

    [Fact]
    public async Task OpenAI_request_model_is_the_clients_unless_the_options_name_one()
    {
        await using var server = FakeProviderServer.Start();
        using IChatClient client = ProviderTestKit.OpenAI(server);

        await client.GetResponseAsync(ProviderTestKit.Hello(), ProviderTestKit.Options());
        ChatResponse overridden = await client.GetResponseAsync(ProviderTestKit.Hello(), new ChatOptions { ModelId = "gpt-4.1-2025-04-14" });

        using JsonDocument first = server.Requests[0].Json();
        using JsonDocument second = server.Requests[1].Json();
        Assert.Equal(ProviderTestKit.OpenAIModel, first.RootElement.GetProperty("model").GetString());
        Assert.Equal("gpt-4.1-2025-04-14", second.RootElement.GetProperty("model").GetString());
        Assert.Equal("gpt-4.1-2025-04-14", overridden.ModelId);
    }

    [Fact]
    public async Task OpenAI_json_schema_response_format_is_mapped()
    {
        await using var server = FakeProviderServer.Start();
        using IChatClient client = ProviderTestKit.OpenAI(server);
        using JsonDocument schema = JsonDocument.Parse("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}");
        var options = new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema.RootElement.Clone(), "answer") };

        await client.GetResponseAsync(ProviderTestKit.Hello(), options);

        using JsonDocument doc = Assert.Single(server.Requests).Json();
        JsonElement format = doc.RootElement.GetProperty("response_format");
        Assert.Equal("json_schema", format.GetProperty("type").GetString());
        Assert.Equal("answer", format.GetProperty("json_schema").GetProperty("name").GetString());
    }

    [Fact]
    public async Task OpenAI_streaming_yields_text_per_chunk_and_final_usage()
    {
        await using var server = FakeProviderServer.Start();
        server.Enqueue(FakeResponse.Ok("alpha beta gamma", new FakeUsage(InputTokens: 12, OutputTokens: 3, CachedInputTokens: 2, ReasoningTokens: 1)));
        using IChatClient client = ProviderTestKit.OpenAI(server);

        (List<ChatResponseUpdate> updates, Exception? error) = await ProviderTestKit.Drain(
            client.GetStreamingResponseAsync(ProviderTestKit.Hello(), ProviderTestKit.Options()));

        Assert.Null(error);
        Assert.Equal("alpha beta gamma", string.Concat(updates.Select(u => u.Text)));
        Assert.True(updates.Count(u => u.Text.Length > 0) >= 3);
        Assert.Contains(updates, u => u.FinishReason == ChatFinishReason.Stop);
        Assert.True(Assert.Single(server.Requests).IncludeUsage, "the SDK asks for stream_options.include_usage");

        ChatResponse combined = updates.ToChatResponse();
        Assert.Equal("chatcmpl-fake-1", combined.ResponseId);
        Assert.NotNull(combined.Usage);
        Assert.Equal(12, combined.Usage!.InputTokenCount);
        Assert.Equal(3, combined.Usage.OutputTokenCount);
        Assert.Equal(15, combined.Usage.TotalTokenCount);
        Assert.Equal(2, combined.Usage.CachedInputTokenCount);
        Assert.Equal(1, combined.Usage.ReasoningTokenCount);
    }

    [Fact]
    public async Task OpenAI_tool_calls_round_trip()
    {
        await using var server = FakeProviderServer.Start();
        server.Enqueue(FakeResponse.Raw(200,
            "{\"id\":\"chatcmpl-t\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"gpt-fake\",\"choices\":[{\"index\":0," +
            "\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"}}]}," +
            "\"finish_reason\":\"tool_calls\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":5,\"total_tokens\":10}}"));
        using IChatClient client = ProviderTestKit.OpenAI(server);
        var options = new ChatOptions { Tools = new List<AITool> { AIFunctionFactory.CreateDeclaration("get_weather", "Weather", JsonDocument.Parse("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}").RootElement) } };

        ChatResponse response = await client.GetResponseAsync(ProviderTestKit.Hello(), options);

        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        FunctionCallContent call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("call_1", call.CallId);
        Assert.Equal("get_weather", call.Name);
        Assert.Equal("Oslo", call.Arguments!["city"]!.ToString());

        var followUp = new List<ChatMessage>(ProviderTestKit.Hello());
        followUp.AddRange(response.Messages);
        followUp.Add(new ChatMessage(ChatRole.Tool, new List<AIContent> { new FunctionResultContent("call_1", "sunny") }));
        await client.GetResponseAsync(followUp, options);

        using JsonDocument doc = server.Requests[1].Json();
        JsonElement sent = doc.RootElement.GetProperty("messages");
        Assert.Equal("call_1", sent[1].GetProperty("tool_calls")[0].GetProperty("id").GetString());
        Assert.Equal("tool", sent[2].GetProperty("role").GetString());
        Assert.Equal("call_1", sent[2].GetProperty("tool_call_id").GetString());
        Assert.Equal("get_weather", doc.RootElement.GetProperty("tools")[0].GetProperty("function").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Anthropic_response_maps_text_and_cache_usage()
    {
        await using var server = FakeProviderServer.Start();
        server.Enqueue(FakeResponse.Ok("Bonjour", new FakeUsage(InputTokens: 30, OutputTokens: 8, CachedInputTokens: 6, CacheCreationInputTokens: 10)));
        using IChatClient client = ProviderTestKit.Anthropic(server);

        ChatResponse response = await client.GetResponseAsync(ProviderTestKit.Hello(), ProviderTestKit.Options());

        Assert.Equal("Bonjour", response.Text);
        Assert.Equal("msg_fake_1", response.ResponseId);
        Assert.Equal(ProviderTestKit.AnthropicModel, response.ModelId);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        AssertAnthropicUsage(response.Usage, input: 30, output: 8, cacheRead: 6, cacheCreation: 10);

        RecordedRequest request = Assert.Single(server.Requests);
        Assert.Equal("/v1/messages", request.Path);
        Assert.True(request.CredentialMatches(ProviderTestKit.AnthropicKey));
        // The SDK sends the key as x-api-key or a bearer token depending on version: either way it is recorded redacted.
        Assert.Contains(request.Headers, h => (h.Key.Equals("x-api-key", StringComparison.OrdinalIgnoreCase) || h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase)) && h.Value == RecordedRequest.Redacted);
        Assert.DoesNotContain(request.Headers.Values, v => v.Contains(ProviderTestKit.AnthropicKey));
        using JsonDocument doc = request.Json();
        Assert.Equal(64, doc.RootElement.GetProperty("max_tokens").GetInt32());
    }

    [Fact]
    public async Task Anthropic_streaming_yields_text_and_usage()
    {
        await using var server = FakeProviderServer.Start();
        server.Enqueue(FakeResponse.Ok("un deux trois", new FakeUsage(InputTokens: 30, OutputTokens: 8, CachedInputTokens: 6, CacheCreationInputTokens: 10)));
        using IChatClient client = ProviderTestKit.Anthropic(server);

        (List<ChatResponseUpdate> updates, Exception? error) = await ProviderTestKit.Drain(
            client.GetStreamingResponseAsync(ProviderTestKit.Hello(), ProviderTestKit.Options()));

        Assert.Null(error);
        Assert.Equal("un deux trois", string.Concat(updates.Select(u => u.Text)));
        Assert.True(Assert.Single(server.Requests).IsStreaming);
        AssertAnthropicUsage(updates.ToChatResponse().Usage, input: 30, output: 8, cacheRead: 6, cacheCreation: 10);
    }

    /// <summary>
    /// What the Anthropic SDK's AsIChatClient (13.12.0) reports: InputTokenCount = input_tokens + cache reads + cache
    /// writes (Anthropic counts them apart), CachedInputTokenCount = cache_read_input_tokens, and cache writes in
    /// AdditionalCounts["CacheCreationInputTokens"].
    /// </summary>
    private static void AssertAnthropicUsage(UsageDetails? usage, int input, int output, int cacheRead, int cacheCreation)
    {
        Assert.NotNull(usage);
        Assert.Equal(output, usage!.OutputTokenCount);
        Assert.Equal(input + cacheRead + cacheCreation, usage.InputTokenCount);
        Assert.Equal(input + cacheRead + cacheCreation + output, usage.TotalTokenCount);
        Assert.Equal(cacheRead, usage.CachedInputTokenCount);
        Assert.NotNull(usage.AdditionalCounts);
        Assert.Equal(cacheCreation, usage.AdditionalCounts!["CacheCreationInputTokens"]);
    }
}

public class ProviderAttributionLeakTests
{
    [Theory]
    [InlineData("openai", false)]
    [InlineData("openai", true)]
    [InlineData("anthropic", false)]
    [InlineData("anthropic", true)]
    public async Task Llmops_additional_properties_never_reach_the_provider(string provider, bool streaming)
    {
        await using var server = FakeProviderServer.Start();
        using IChatClient client = ProviderTestKit.Create(provider, server);
        var options = new ChatOptions
        {
            MaxOutputTokens = 32,
            AdditionalProperties = new AdditionalPropertiesDictionary
            {
                ["llmops.feature"] = "checkout-summary",
                ["llmops.user"] = "user-42",
            },
        };

        if (streaming)
        {
            (_, Exception? error) = await ProviderTestKit.Drain(client.GetStreamingResponseAsync(ProviderTestKit.Hello(), options));
            Assert.Null(error);
        }
        else
        {
            await client.GetResponseAsync(ProviderTestKit.Hello(), options);
        }

        string body = Assert.Single(server.Requests).Body;
        Assert.DoesNotContain("llmops", body);
        Assert.DoesNotContain("checkout-summary", body);
        Assert.DoesNotContain("user-42", body);
        Assert.Equal(2, options.AdditionalProperties.Count); // the caller's options are left alone
    }
}

public class ProviderPropertyStrippingTests
{
    [Fact]
    public void Strip_removes_only_llmops_keys_on_a_clone()
    {
        var options = new ChatOptions
        {
            Temperature = 0.3f,
            AdditionalProperties = new AdditionalPropertiesDictionary { ["llmops.feature"] = "f", ["service_tier"] = "flex" },
        };

        ChatOptions? stripped = LlmOps.Guardrails.Runtime.Providers.StripLlmOpsPropertiesChatClient.Strip(options);

        Assert.NotSame(options, stripped);
        Assert.Equal(0.3f, stripped!.Temperature);
        Assert.Equal("flex", Assert.Single(stripped.AdditionalProperties!).Value);
        Assert.Equal(2, options.AdditionalProperties.Count);

        var plain = new ChatOptions { AdditionalProperties = new AdditionalPropertiesDictionary { ["x"] = 1 } };
        Assert.Same(plain, LlmOps.Guardrails.Runtime.Providers.StripLlmOpsPropertiesChatClient.Strip(plain));
        Assert.Null(LlmOps.Guardrails.Runtime.Providers.StripLlmOpsPropertiesChatClient.Strip(null));
    }

    [Fact]
    public async Task Provider_metadata_is_exposed()
    {
        await using var server = FakeProviderServer.Start();
        using IChatClient openai = ProviderTestKit.OpenAI(server);
        using IChatClient anthropic = ProviderTestKit.Anthropic(server);

        ChatClientMetadata? openaiMeta = openai.GetService<ChatClientMetadata>();
        Assert.Equal("openai-compatible", openaiMeta!.ProviderName);
        Assert.Equal(ProviderTestKit.OpenAIModel, openaiMeta.DefaultModelId);
        Assert.NotNull(openai.GetService<OpenAI.Chat.ChatClient>());
        Assert.NotNull(anthropic.GetService<ChatClientMetadata>());
    }

    [Theory]
    [InlineData(null, "openai")]
    [InlineData("https://api.openai.com/v1/", "openai")]
    [InlineData("https://my-resource.openai.azure.com/openai/v1/", "azure.ai.openai")]
    [InlineData("http://localhost:11434/v1/", "openai-compatible")]
    public void OpenAI_provider_name_follows_the_endpoint(string? endpoint, string expected)
    {
        using IChatClient client = LlmOps.Guardrails.Runtime.Providers.LlmOpsProviders.OpenAI(
            ProviderTestKit.OpenAIKey, ProviderTestKit.OpenAIModel, endpoint is null ? null : new Uri(endpoint));

        ChatClientMetadata? metadata = client.GetService<ChatClientMetadata>();

        Assert.Equal(expected, metadata!.ProviderName);
        Assert.Equal(ProviderTestKit.OpenAIModel, metadata.DefaultModelId);
        Assert.Equal(new Uri(endpoint ?? "https://api.openai.com/v1"), metadata.ProviderUri);
    }
}

public class ProviderStreamingToolCallTests
{
    [Fact]
    public async Task OpenAI_streamed_tool_call_is_assembled()
    {
        const string head = "\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"gpt-fake\"";
        string sse =
            "data: {" + head + ",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"tool_calls\":[{\"index\":0,\"id\":\"call_9\",\"type\":\"function\",\"function\":{\"name\":\"lookup\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}\n\n" +
            "data: {" + head + ",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"q\\\":\"}}]},\"finish_reason\":null}]}\n\n" +
            "data: {" + head + ",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"x\\\"}\"}}]},\"finish_reason\":null}]}\n\n" +
            "data: {" + head + ",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n" +
            "data: [DONE]\n\n";
        await using var server = FakeProviderServer.Start();
        server.Enqueue(FakeResponse.Raw(200, sse, "text/event-stream"));
        using IChatClient client = ProviderTestKit.OpenAI(server);

        (List<ChatResponseUpdate> updates, Exception? error) = await ProviderTestKit.Drain(client.GetStreamingResponseAsync(ProviderTestKit.Hello()));

        Assert.Null(error);
        FunctionCallContent call = Assert.Single(updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>());
        Assert.Equal("call_9", call.CallId);
        Assert.Equal("lookup", call.Name);
        Assert.Equal("x", call.Arguments!["q"]!.ToString());
        Assert.Contains(updates, u => u.FinishReason == ChatFinishReason.ToolCalls);
    }
}
