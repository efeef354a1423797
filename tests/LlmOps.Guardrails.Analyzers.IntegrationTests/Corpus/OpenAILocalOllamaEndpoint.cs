// The OpenAI client pointed at a local Ollama server through its OpenAI-compatible endpoint.
using System;
using System.ClientModel;
using System.Threading.Tasks;
using LlmOps.Guardrails.Runtime;
using OpenAI;
using OpenAI.Chat;

namespace Corpus.OpenAILocalOllamaEndpoint;

[LlmFeature("offline.notes")]
public static class LocalNotes
{
    public static async Task<string> TidyAsync(string notes)
    {
        var client = new OpenAIClient(new ApiKeyCredential("ollama"), new OpenAIClientOptions { Endpoint = new Uri("http://localhost:11434/v1") });
        ChatClient chat = client.GetChatClient("llama3.1:8b");
        ChatCompletion completion = await chat.CompleteChatAsync([new UserChatMessage(notes)]); // expect: LLM002
        return completion.Content[0].Text;
    }
}
