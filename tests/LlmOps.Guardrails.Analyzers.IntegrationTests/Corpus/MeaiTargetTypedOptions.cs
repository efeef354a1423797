// Target-typed messages and options, a middleware pipeline over an Azure client from configuration, and a stream held in a local.
using System;
using System.ClientModel;
using System.Collections.Generic;
using System.Text;
using System.Threading.Tasks;
using Azure.AI.OpenAI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;

namespace Corpus.MeaiTargetTypedOptions;

public sealed class RainAdvisor(IConfiguration configuration)
{
    private IChatClient Build()
    {
        var section = configuration.GetSection("AzureOpenAI");
        IChatClient inner = new AzureOpenAIClient(new Uri(section["Endpoint"]!), new ApiKeyCredential(section["Key"]!)).GetChatClient(section["Deployment"]!).AsIChatClient();
        return new ChatClientBuilder(inner).UseFunctionInvocation().Build();
    }

    public async Task<string> AdviseAsync(string city)
    {
        IChatClient client = Build();
        IAsyncEnumerable<ChatResponseUpdate> stream = client.GetStreamingResponseAsync( // expect: LLM002, LLM003
            [new(ChatRole.System, "You advise on umbrellas."), new(ChatRole.User, $"Rain coat in {city}?")],
            new() { Tools = [AIFunctionFactory.Create(() => "raining", "get_weather")] });
        var text = new StringBuilder();
        await foreach (ChatResponseUpdate update in stream)
        {
            text.Append(update);
        }

        return text.ToString();
    }

    public async Task<string> ShortAdviceAsync(string city)
    {
        ChatResponse response = await Build().GetResponseAsync([new(ChatRole.User, $"One word: umbrella in {city}?")], new() { MaxOutputTokens = 5 }); // expect: LLM003
        return response.Text;
    }
}
