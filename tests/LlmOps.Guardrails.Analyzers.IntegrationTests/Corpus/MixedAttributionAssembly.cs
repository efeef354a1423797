// A host wiring several clients at startup: a hard-coded xAI key, a configured key, and a config-driven model.
using System;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;

namespace Corpus.MixedAttributionAssembly;

public static class Startup
{
    private const string GrokKey = "xai-LlmOpsCorpus0123456789abcdefKLMN"; // expect: LLM006

    public static IServiceCollection AddProviders(this IServiceCollection services, IConfiguration configuration)
    {
        var grok = new OpenAIClient(new System.ClientModel.ApiKeyCredential(GrokKey), new OpenAIClientOptions { Endpoint = new Uri("https://api.x.ai/v1") });
        services.AddKeyedChatClient("grok", grok.GetChatClient("grok-4.3").AsIChatClient());
        services.AddKeyedChatClient("main", new OpenAIClient(configuration["OpenAI:ApiKey"]!).GetChatClient(configuration["OpenAI:Model"] ?? "gpt-4.1-2025-04-14").AsIChatClient());
        return services;
    }
}
