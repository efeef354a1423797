// OpenAI chat client whose model comes from an environment variable, with a literal fallback.
using System;
using System.Threading.Tasks;
using OpenAI.Chat;

namespace Corpus.OpenAIChatFromEnvironment;

public static class Summarizer
{
    private static readonly string Model = Environment.GetEnvironmentVariable("SUMMARY_MODEL") ?? "gpt-4o-mini";

    public static async Task<string> SummarizeAsync(string text)
    {
        var client = new ChatClient(Model, Environment.GetEnvironmentVariable("OPENAI_API_KEY"));
        ChatCompletion completion = await client.CompleteChatAsync(new SystemChatMessage("Summarize in one paragraph."), new UserChatMessage(text)); // expect: LLM002, LLM003
        return completion.Content[0].Text;
    }
}
