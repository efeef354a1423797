// The synchronous chat call, with options that set everything but the cap.
using System;
using OpenAI.Chat;

namespace Corpus.OpenAIChatSynchronous;

public static class CommitMessages
{
    public static string Suggest(string diff)
    {
        var chat = new ChatClient("gpt-4o-mini-2024-07-18", Environment.GetEnvironmentVariable("OPENAI_API_KEY"));
        var options = new ChatCompletionOptions { Temperature = 0.1f, PresencePenalty = 0f };
        ChatCompletion completion = chat.CompleteChat([new SystemChatMessage("Write a one-line commit message."), new UserChatMessage(diff)], options); // expect: LLM002, LLM003
        return completion.Content[0].Text;
    }
}
