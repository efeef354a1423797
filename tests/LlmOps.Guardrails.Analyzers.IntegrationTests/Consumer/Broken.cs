// One finding per rule. A /*LLMxxx*/ marker sits right before the token each diagnostic must point at.
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
        var client = new ChatClient(/*LLM001*/"gpt-4o", OpenAiKey());
        return client.CompleteChat(
            new OpenAI.Chat.ChatMessage[] { new UserChatMessage("Summarise this.") },
            new ChatCompletionOptions { MaxOutputTokenCount = 256 });
    }

    public static Task<ChatResponse> NoOutputCap(IChatClient chat) =>
        /*LLM002*/chat.GetResponseAsync(
            "Find related articles.",
            new ChatOptions
            {
                ModelId = "gpt-4o-2024-08-06",
                AdditionalProperties = new() { ["llmops.feature"] = "search" },
            });

    public static ChatCompletion NoAttribution()
    {
        var client = new ChatClient("gpt-4o-mini-2024-07-18", OpenAiKey());
        return /*LLM003*/client.CompleteChat(
            new OpenAI.Chat.ChatMessage[] { new UserChatMessage("Draft a reply.") },
            new ChatCompletionOptions { MaxOutputTokenCount = 512 });
    }

    [LlmFeature("tagging")]
    public static ChatCompletion UnknownModel()
    {
        var client = new ChatClient(/*LLM004*/"gpt-4o-2024-08-07", OpenAiKey());
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
            Model = /*LLM005*/"claude-3-opus-20240229",
            MaxTokens = 1024,
            Messages = [new UserMessageParam { Content = "Review this clause." }],
        });
    }

    [LlmFeature("translation")]
    public static ChatCompletion HardCodedKey()
    {
        var client = new ChatClient("gpt-4o-2024-08-06", /*LLM006*/"sk-proj-Q2hlY2tUaGlzS2V5SXNOb3RSZWFsMTIzNDU2Nzg5MEFCQ0RFRkdI");
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
            MaxTokens = /*LLM007*/100_000,
            Messages = [new UserMessageParam { Content = "Write the quarterly report." }],
        });
    }
}
