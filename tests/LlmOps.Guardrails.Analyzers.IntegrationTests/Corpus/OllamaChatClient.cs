// OllamaSharp's client as an IChatClient against a local server: local model names are not catalog ids.
using System;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using OllamaSharp;

namespace Corpus.OllamaChatClient;

public static class LocalChat
{
    public static async Task<string> AskAsync(string question)
    {
        IChatClient chat = new OllamaApiClient(new Uri("http://localhost:11434"), "llama3.1");
        ChatResponse response = await chat.GetResponseAsync(question); // expect: LLM002, LLM003
        return response.Text;
    }

    public static async Task<string> AskOtherModelAsync(string question)
    {
        using var attribution = LlmOps.Guardrails.Runtime.LlmAttribution.Begin(feature: "local.chat");
        IChatClient chat = new OllamaApiClient("http://localhost:11434");
        var options = new ChatOptions { ModelId = "qwen3:14b", MaxOutputTokens = 800 };
        ChatResponse response = await chat.GetResponseAsync(question, options);
        return response.Text;
    }
}
