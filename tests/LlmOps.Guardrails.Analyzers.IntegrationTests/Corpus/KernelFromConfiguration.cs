// A kernel whose connector settings come from configuration.
// expect: none
using System.Threading.Tasks;
using LlmOps.Guardrails.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.Connectors.OpenAI;

namespace Corpus.KernelFromConfiguration;

[LlmFeature("kernel.configured")]
public sealed class ConfiguredKernel(IConfiguration configuration)
{
    public async Task<string> AskAsync(string question)
    {
        Kernel kernel = Kernel.CreateBuilder()
            .AddOpenAIChatCompletion(configuration["OpenAI:Model"]!, configuration["OpenAI:ApiKey"]!)
            .Build();
        var settings = new OpenAIPromptExecutionSettings { MaxTokens = int.Parse(configuration["OpenAI:MaxTokens"] ?? "500") };
        FunctionResult result = await kernel.InvokePromptAsync(question, new KernelArguments(settings));
        return result.ToString();
    }
}
