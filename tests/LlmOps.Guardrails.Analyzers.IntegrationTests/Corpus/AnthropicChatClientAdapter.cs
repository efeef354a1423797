// The Anthropic client adapted to IChatClient with a default model, then called through MEAI.
using System;
using System.Threading.Tasks;
using Anthropic;
using Microsoft.Extensions.AI;

namespace Corpus.AnthropicChatClientAdapter;

public static class ClaudeChat
{
    public static async Task<string> AskAsync(string question)
    {
        IChatClient chat = new AnthropicClient { ApiKey = Environment.GetEnvironmentVariable("ANTHROPIC_API_KEY") }.AsIChatClient("claude-haiku-4-5"); // expect: LLM001
        ChatResponse response = await chat.GetResponseAsync(question, new ChatOptions { MaxOutputTokens = 500 }); // expect: LLM003
        return response.Text;
    }
}
