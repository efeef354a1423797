// The same calls as Broken.cs with every finding corrected the way a developer would fix it.
using System;
using System.Threading.Tasks;
using Anthropic;
using Anthropic.Models.Messages;
using LlmOps.Guardrails.Runtime;
using Microsoft.Extensions.AI;
using OpenAI.Chat;

namespace Consumer;

public static class Calls
{
    private static string OpenAiKey() => Environment.GetEnvironmentVariable("OPENAI_API_KEY") ?? "";

    private static string AnthropicKey() => Environment.GetEnvironmentVariable("ANTHROPIC_API_KEY") ?? "";

    [LlmFeature("summaries")]
    public static ChatCompletion FloatingAlias()
    {
        var client = new ChatClient("gpt-4o-2024-08-06", OpenAiKey());
        return client.CompleteChat(
            new OpenAI.Chat.ChatMessage[] { new UserChatMessage("Summarise this.") },
            new ChatCompletionOptions { MaxOutputTokenCount = 256 });
    }

    public static Task<ChatResponse> NoOutputCap(IChatClient chat) =>
        chat.GetResponseAsync(
            "Find related articles.",
            new ChatOptions
            {
                ModelId = "gpt-4o-2024-08-06",
                MaxOutputTokens = 512,
                AdditionalProperties = new() { ["llmops.feature"] = "search" },
            });

    [LlmFeature("reply-drafts")]
    public static ChatCompletion NoAttribution()
    {
        var client = new ChatClient("gpt-4o-mini-2024-07-18", OpenAiKey());
        return client.CompleteChat(
            new OpenAI.Chat.ChatMessage[] { new UserChatMessage("Draft a reply.") },
            new ChatCompletionOptions { MaxOutputTokenCount = 512 });
    }

    [LlmFeature("tagging")]
    public static ChatCompletion UnknownModel()
    {
        var client = new ChatClient("gpt-4o-2024-08-06", OpenAiKey());
        return client.CompleteChat(
            new OpenAI.Chat.ChatMessage[] { new UserChatMessage("Tag this ticket.") },
            new ChatCompletionOptions { MaxOutputTokenCount = 64 });
    }

    public static async Task<Message> RetiredModel()
    {
        using var scope = LlmAttribution.Begin(feature: "legal-review");
        var client = new AnthropicClient { ApiKey = AnthropicKey() };
        return await client.Messages.Create(new MessageCreateParams
        {
            Model = "claude-opus-4-8",
            MaxTokens = 1024,
            Messages = [new UserMessageParam { Content = "Review this clause." }],
        });
    }

    [LlmFeature("translation")]
    public static ChatCompletion HardCodedKey()
    {
        var client = new ChatClient("gpt-4o-2024-08-06", OpenAiKey());
        return client.CompleteChat(
            new OpenAI.Chat.ChatMessage[] { new UserChatMessage("Translate to French.") },
            new ChatCompletionOptions { MaxOutputTokenCount = 256 });
    }

    public static async Task<Message> CapAboveModelMaximum()
    {
        using var scope = LlmAttribution.Begin(feature: "report-writer");
        var client = new AnthropicClient { ApiKey = AnthropicKey() };
        return await client.Messages.Create(new MessageCreateParams
        {
            Model = "claude-sonnet-4-5-20250929",
            MaxTokens = 64_000,
            Messages = [new UserMessageParam { Content = "Write the quarterly report." }],
        });
    }
}
