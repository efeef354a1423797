// Service registration with AddChatClient: the OpenAI chat client adapted to IChatClient, plus middleware.
using System;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;

namespace Corpus.MeaiDependencyInjection;

public static class ChatServices
{
    public static IServiceCollection AddAssistantChat(this IServiceCollection services)
    {
        var openAI = new OpenAIClient(Environment.GetEnvironmentVariable("OPENAI_API_KEY")!);
        services.AddChatClient(openAI.GetChatClient("gpt-4o").AsIChatClient()) // expect: LLM001
            .UseFunctionInvocation();
        return services;
    }

    public static IServiceCollection AddKeyedSummaryChat(this IServiceCollection services)
    {
        services.AddKeyedChatClient("summary", _ => new OpenAIClient(Environment.GetEnvironmentVariable("OPENAI_API_KEY")!).GetChatClient("gpt-4o-mini-2024-07-18").AsIChatClient());
        return services;
    }
}
