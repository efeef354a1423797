// Gemini through its OpenAI-compatible endpoint, with the Google key pasted in.
using System;
using System.ClientModel;
using System.Threading.Tasks;
using LlmOps.Guardrails.Runtime;
using OpenAI;
using OpenAI.Chat;

namespace Corpus.GeminiOpenAICompatible;

[LlmFeature("gemini.trial")]
public static class GeminiTrial
{
    public static async Task<string> AskAsync(string question)
    {
        var credential = new ApiKeyCredential("AIzaSyLlmOpsCorpus0123456789abcdefghijklmn"); // expect: LLM006
        var client = new OpenAIClient(credential, new OpenAIClientOptions { Endpoint = new Uri("https://generativelanguage.googleapis.com/v1beta/openai/") });
        ChatCompletion completion = await client.GetChatClient("gemini-2.5-flash").CompleteChatAsync([new UserChatMessage(question)], new ChatCompletionOptions { MaxOutputTokenCount = 1_000 });
        return completion.Content[0].Text;
    }
}
