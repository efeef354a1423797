// Semantic Kernel registered in the service collection, with model ids in the registration.
using System;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;

namespace Corpus.KernelServiceRegistration;

public static class KernelSetup
{
    public static IServiceCollection AddWritingKernel(this IServiceCollection services)
    {
        services.AddOpenAIChatCompletion(modelId: "gpt-4", apiKey: Environment.GetEnvironmentVariable("OPENAI_API_KEY")!); // expect: LLM005
        services.AddOpenAIEmbeddingGenerator("text-embedding-3-small", Environment.GetEnvironmentVariable("OPENAI_API_KEY")!);
        services.AddKernel();
        return services;
    }
}
