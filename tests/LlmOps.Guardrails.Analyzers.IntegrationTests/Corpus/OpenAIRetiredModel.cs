// Old samples still in use: retired snapshots and an alias whose snapshot retired.
using System;
using System.Threading.Tasks;
using LlmOps.Guardrails.Runtime;
using OpenAI.Chat;

namespace Corpus.OpenAIRetiredModel;

[LlmFeature("legacy")]
public static class LegacyCompletion
{
    private static readonly string Key = Environment.GetEnvironmentVariable("OPENAI_API_KEY") ?? "";

    public static async Task<string> TurboAsync(string prompt)
    {
        var chat = new ChatClient("gpt-4-turbo-2024-04-09", Key); // expect: LLM005
        ChatCompletion completion = await chat.CompleteChatAsync([new UserChatMessage(prompt)], new ChatCompletionOptions { MaxOutputTokenCount = 500 });
        return completion.Content[0].Text;
    }

    public static async Task<string> CheapAsync(string prompt)
    {
        var chat = new ChatClient(model: "gpt-3.5-turbo", apiKey: Key); // expect: LLM005
        ChatCompletion completion = await chat.CompleteChatAsync([new UserChatMessage(prompt)], new ChatCompletionOptions { MaxOutputTokenCount = 500 });
        return completion.Content[0].Text;
    }
}
