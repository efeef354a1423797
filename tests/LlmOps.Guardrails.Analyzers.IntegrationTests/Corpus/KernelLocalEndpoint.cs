// Semantic Kernel's OpenAI connector pointed at a local OpenAI-compatible server.
// expect: none
using System;
using System.Threading.Tasks;
using LlmOps.Guardrails.Runtime;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.Connectors.OpenAI;

namespace Corpus.KernelLocalEndpoint;

[LlmFeature("local.kernel")]
public static class LocalKernel
{
    public static async Task<string> AskAsync(string question)
    {
        Kernel kernel = Kernel.CreateBuilder()
            .AddOpenAIChatCompletion(modelId: "llama3.2", endpoint: new Uri("http://localhost:11434/v1"), apiKey: null)
            .Build();
        var arguments = new KernelArguments(new OpenAIPromptExecutionSettings { ModelId = "llama3.2", MaxTokens = 400 });
        FunctionResult result = await kernel.InvokePromptAsync(question, arguments);
        return result.ToString();
    }
}
