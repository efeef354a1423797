// Model ids given once at registration or adaptation time, then used by every call through the service.
using System;
using Anthropic;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;

namespace Corpus.RegistrationModelIds;

public static class Registrations
{
    private static string OpenAIKey => Environment.GetEnvironmentVariable("OPENAI_API_KEY")!;

    public static Kernel TypoKernel() =>
        Kernel.CreateBuilder().AddOpenAIChatCompletion("gpt-4o-2024-08-07", OpenAIKey).Build(); // expect: LLM004

    public static IServiceCollection AddPinnedChat(this IServiceCollection services) =>
        services.AddOpenAIChatCompletion(modelId: "gpt-4.1-2025-04-14", apiKey: OpenAIKey, serviceId: "pinned");

    public static IChatClient LegacyClaude(AnthropicClient client) => client.AsIChatClient("claude-3-haiku-20240307"); // expect: LLM005

    public static IChatClient PinnedClaude(AnthropicClient client) => client.AsIChatClient("claude-sonnet-4-5-20250929");
}
