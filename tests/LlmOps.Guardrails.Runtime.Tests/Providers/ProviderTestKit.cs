using LlmOps.Guardrails.Runtime.Providers;
using LlmOps.Guardrails.Runtime.Tests.Fakes;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Runtime.Tests.Providers;

/// <summary>The real provider clients pointed at a <see cref="FakeProviderServer"/>.</summary>
public static class ProviderTestKit
{
    public const string OpenAIKey = "sk-test-openai-key-0000";
    public const string AnthropicKey = "sk-ant-test-key-0000";
    public const string OpenAIModel = "gpt-4o-mini-2024-07-18";
    public const string AnthropicModel = "claude-sonnet-4-5-20250929";

    public static IChatClient OpenAI(FakeProviderServer server, TimeSpan? timeout = null) =>
        LlmOpsProviders.OpenAI(OpenAIKey, OpenAIModel, server.OpenAIEndpoint, timeout ?? TimeSpan.FromSeconds(10));

    public static IChatClient Anthropic(FakeProviderServer server, TimeSpan? timeout = null) =>
        LlmOpsProviders.Anthropic(AnthropicKey, AnthropicModel, server.BaseUri, timeout ?? TimeSpan.FromSeconds(10));

    public static IChatClient Create(string provider, FakeProviderServer server, TimeSpan? timeout = null) =>
        provider == "openai" ? OpenAI(server, timeout) : Anthropic(server, timeout);

    public static ChatOptions Options() => new() { MaxOutputTokens = 64 };

    public static ChatMessage[] Hello() => new[] { new ChatMessage(ChatRole.User, "Say hello") };

    public static async Task<(List<ChatResponseUpdate> Updates, Exception? Error)> Drain(IAsyncEnumerable<ChatResponseUpdate> stream)
    {
        var updates = new List<ChatResponseUpdate>();
        try
        {
            await foreach (ChatResponseUpdate u in stream) updates.Add(u);
            return (updates, null);
        }
        catch (Exception ex)
        {
            return (updates, ex);
        }
    }
}
