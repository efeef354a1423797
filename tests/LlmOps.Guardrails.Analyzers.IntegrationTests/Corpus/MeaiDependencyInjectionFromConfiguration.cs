// AddChatClient with a factory that reads the model and key from configuration.
// expect: none
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;

namespace Corpus.MeaiDependencyInjectionFromConfiguration;

public static class ConfiguredChat
{
    public static IServiceCollection AddConfiguredChat(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddChatClient(provider =>
        {
            var section = configuration.GetSection("Chat");
            return new OpenAIClient(section["ApiKey"]!).GetChatClient(section["Model"]!).AsIChatClient();
        }).UseFunctionInvocation();
        return services;
    }
}
