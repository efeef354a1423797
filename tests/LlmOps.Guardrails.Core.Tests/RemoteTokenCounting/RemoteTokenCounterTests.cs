using System.Net.Http;
using System.Text.Json;
using LlmOps.Guardrails.Core.Tokenization;
using LlmOps.Guardrails.Core.Tokenization.Remote;

namespace LlmOps.Guardrails.Core.Tests.RemoteTokenCounting;

public class RemoteTokenCounterTests
{
    private const string Key = "sk-ant-canary-0123456789";

    private static readonly ChatMessageText[] Conversation =
    [
        new("system", "You triage support tickets."),
        new("user", "I cannot log in."),
        new("assistant", "Which browser?"),
        new("user", "Firefox."),
    ];

    [Fact]
    public async Task Anthropic_counts_come_from_count_tokens_with_system_beside_the_messages()
    {
        using var server = new LoopbackJsonServer(200, """{"input_tokens": 42}""");
        using var http = new HttpClient();
        var counter = new AnthropicTokenCounter(http, Key, server.BaseUrl);

        var count = await counter.CountChatAsync("claude-sonnet-4-5-20250929", Conversation);

        Assert.Equal(new TokenCount(42, IsEstimate: false), count);
        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/messages/count_tokens", request.PathAndQuery);
        Assert.Equal(Key, request.Headers["x-api-key"]);
        Assert.Equal("2023-06-01", request.Headers["anthropic-version"]);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("claude-sonnet-4-5-20250929", body.RootElement.GetProperty("model").GetString());
        Assert.Equal("You triage support tickets.", body.RootElement.GetProperty("system").GetString());
        var roles = body.RootElement.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString()!).ToArray();
        Assert.Equal(["user", "assistant", "user"], roles);
    }

    [Fact]
    public async Task Gemini_counts_come_from_countTokens_with_the_key_in_a_header_not_the_url()
    {
        using var server = new LoopbackJsonServer(200, """{"totalTokens": 17, "promptTokensDetails": []}""");
        using var http = new HttpClient();
        var counter = new GeminiTokenCounter(http, Key, server.BaseUrl);

        var count = await counter.CountChatAsync("gemini-2.5-flash", Conversation);

        Assert.Equal(17, count.Tokens);
        Assert.False(count.IsEstimate);
        var request = Assert.Single(server.Requests);
        Assert.Equal("/v1beta/models/gemini-2.5-flash:countTokens", request.PathAndQuery);
        Assert.DoesNotContain(Key, request.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(Key, request.Headers["x-goog-api-key"]);
        using var body = JsonDocument.Parse(request.Body);
        var generate = body.RootElement.GetProperty("generateContentRequest");
        Assert.Equal("models/gemini-2.5-flash", generate.GetProperty("model").GetString());
        Assert.Equal(["user", "model", "user"], generate.GetProperty("contents").EnumerateArray().Select(c => c.GetProperty("role").GetString()!).ToArray());
        Assert.Equal("You triage support tickets.", generate.GetProperty("systemInstruction").GetProperty("parts")[0].GetProperty("text").GetString());
    }

    [Theory]
    [InlineData(401, """{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}""")]
    [InlineData(500, """{"type":"error"}""")]
    [InlineData(200, """not json""")]
    [InlineData(200, """{"tokens": 3}""")]
    public async Task Failures_surface_as_errors_that_never_contain_the_key(int status, string answer)
    {
        using var server = new LoopbackJsonServer(status, answer);
        using var http = new HttpClient();
        var counter = new AnthropicTokenCounter(http, Key, server.BaseUrl);

        var error = await Assert.ThrowsAsync<RemoteTokenCountException>(() => counter.CountChatAsync("claude-haiku-4-5-20251001", Conversation));

        Assert.DoesNotContain(Key, error.ToString(), StringComparison.Ordinal);
        Assert.Contains("anthropic", error.Message, StringComparison.Ordinal);
        Assert.Equal(status, (int?)error.StatusCode);
    }

    [Fact]
    public async Task An_unreachable_endpoint_is_an_error_not_a_zero()
    {
        using var http = new HttpClient();
        var counter = new GeminiTokenCounter(http, Key, new Uri("http://127.0.0.1:1/"));

        var error = await Assert.ThrowsAsync<RemoteTokenCountException>(() => counter.CountChatAsync("gemini-2.5-pro", Conversation));

        Assert.Null(error.StatusCode);
    }

    [Fact]
    public void Exact_path_is_chosen_only_when_a_key_is_configured()
    {
        using var http = new HttpClient();
        var none = new Dictionary<string, string?>();
        var keys = new Dictionary<string, string?> { ["ANTHROPIC_API_KEY"] = Key, ["GOOGLE_API_KEY"] = "g-key" };

        Assert.Null(RemoteTokenCounters.FromEnvironment("anthropic", http, none.GetValueOrDefault));
        Assert.Null(RemoteTokenCounters.FromEnvironment("google", http, none.GetValueOrDefault));
        Assert.IsType<AnthropicTokenCounter>(RemoteTokenCounters.FromEnvironment("anthropic", http, keys.GetValueOrDefault));
        Assert.IsType<GeminiTokenCounter>(RemoteTokenCounters.FromEnvironment("gemini", http, keys.GetValueOrDefault));
        Assert.Null(RemoteTokenCounters.FromEnvironment("openai", http, keys.GetValueOrDefault));
    }
}
