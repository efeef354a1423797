// A pinned snapshot, a cap and attribution: the well-behaved call.
// expect: none
using System;
using System.Threading.Tasks;
using LlmOps.Guardrails.Runtime;
using OpenAI.Chat;

namespace Corpus.OpenAIChatPinnedSnapshot;

public static class Classifier
{
    private const string Model = "gpt-4.1-2025-04-14";

    public static async Task<string> ClassifyAsync(string ticket)
    {
        using var attribution = LlmAttribution.Begin(feature: "triage.classify", team: "support");
        var chat = new ChatClient(Model, Environment.GetEnvironmentVariable("OPENAI_API_KEY"));
        var options = new ChatCompletionOptions { Temperature = 0f, MaxOutputTokenCount = 16 };
        ChatCompletion completion = await chat.CompleteChatAsync([new SystemChatMessage("Reply with one label."), new UserChatMessage(ticket)], options);
        return completion.Content[0].Text;
    }
}
