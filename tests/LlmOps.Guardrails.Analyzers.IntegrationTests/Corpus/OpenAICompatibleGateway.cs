// An OpenAI-compatible server (a self-hosted gateway) whose base address comes from configuration.
using System;
using System.ClientModel;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using OpenAI;
using OpenAI.Chat;

namespace Corpus.OpenAICompatibleGateway;

public sealed class GatewayChat(IConfiguration configuration)
{
    public async Task<string> AskAsync(string prompt)
    {
        var options = new OpenAIClientOptions { Endpoint = new Uri(configuration["Gateway:BaseUrl"]!) };
        var client = new OpenAIClient(new ApiKeyCredential(configuration["Gateway:Key"]!), options);
        ChatClient chat = client.GetChatClient("qwen2.5-coder-32b-instruct");
        ChatCompletion completion = await chat.CompleteChatAsync([new UserChatMessage(prompt)], new ChatCompletionOptions { MaxOutputTokenCount = 2_048 }); // expect: LLM003
        return completion.Content[0].Text;
    }
}
