// Azure OpenAI: deployment names are chosen by the team, so they are not judged as model ids.
using System;
using System.ClientModel;
using System.Threading.Tasks;
using Azure.AI.OpenAI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using OpenAI.Chat;

namespace Corpus.AzureOpenAIDeployments;

public static class AzureChat
{
    public static async Task<string> AskAsync(string question)
    {
        var azure = new AzureOpenAIClient(new Uri("https://contoso-ai.openai.azure.com/"), new ApiKeyCredential(Environment.GetEnvironmentVariable("AZURE_OPENAI_KEY")!));
        ChatClient chat = azure.GetChatClient("chat-prod-eu");
        ChatCompletion completion = await chat.CompleteChatAsync(new UserChatMessage(question)); // expect: LLM002, LLM003
        return completion.Content[0].Text;
    }

    public static IServiceCollection AddAzureKernel(this IServiceCollection services)
    {
        services.AddAzureOpenAIChatCompletion(deploymentName: "gpt4o-prod", endpoint: "https://contoso-ai.openai.azure.com/", apiKey: Environment.GetEnvironmentVariable("AZURE_OPENAI_KEY")!);
        services.AddKernel();
        return services;
    }
}
