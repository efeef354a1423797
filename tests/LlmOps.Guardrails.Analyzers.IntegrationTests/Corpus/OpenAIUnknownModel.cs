// A misspelt snapshot date compiles and fails only at run time.
using System;
using System.Threading.Tasks;
using LlmOps.Guardrails.Runtime;
using OpenAI;
using OpenAI.Chat;

namespace Corpus.OpenAIUnknownModel;

[LlmFeature("drafts")]
public static class DraftWriter
{
    public static async Task<string> DraftAsync(string brief)
    {
        var client = new OpenAIClient(Environment.GetEnvironmentVariable("OPENAI_API_KEY")!);
        var chat = client.GetChatClient("gpt-4o-2024-08-07"); // expect: LLM004
        ChatCompletion completion = await chat.CompleteChatAsync([new UserChatMessage(brief)], new ChatCompletionOptions { MaxOutputTokenCount = 1_000 });
        return completion.Content[0].Text;
    }
}
