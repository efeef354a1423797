// The most common sample form: a floating alias passed straight to GetChatClient.
using System;
using System.Threading.Tasks;
using LlmOps.Guardrails.Runtime;
using OpenAI;
using OpenAI.Chat;

namespace Corpus.OpenAIChatAliasLiteral;

[LlmFeature("faq")]
public sealed class FaqBot
{
    private readonly OpenAIClient openAI = new(Environment.GetEnvironmentVariable("OPENAI_API_KEY")!);

    public async Task<string> AnswerAsync(string question)
    {
        ChatClient chat = openAI.GetChatClient("gpt-4o"); // expect: LLM001
        ChatCompletion completion = await chat.CompleteChatAsync([new UserChatMessage(question)], new ChatCompletionOptions { MaxOutputTokenCount = 400 });
        return completion.Content[0].Text;
    }
}
