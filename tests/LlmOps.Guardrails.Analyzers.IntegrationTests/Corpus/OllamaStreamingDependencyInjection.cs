// An Ollama client registered with AddChatClient and used for streaming elsewhere.
// expect: none
using System;
using System.Text;
using System.Threading.Tasks;
using LlmOps.Guardrails.Runtime;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OllamaSharp;

namespace Corpus.OllamaStreamingDependencyInjection;

public static class Registration
{
    public static IServiceCollection AddLocalChat(this IServiceCollection services)
    {
        services.AddChatClient(new OllamaApiClient(new Uri("http://localhost:11434/"), "phi4-mini")).UseLogging();
        return services;
    }
}

[LlmFeature("local.stream")]
public sealed class Streamer(IChatClient chat)
{
    public async Task<string> StreamAsync(string prompt)
    {
        var text = new StringBuilder();
        await foreach (var update in chat.GetStreamingResponseAsync(prompt, new ChatOptions { MaxOutputTokens = 300 }))
        {
            text.Append(update.Text);
        }

        return text.ToString();
    }
}
