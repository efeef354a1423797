// A kernel built with the OpenAI connector and invoked with a bare prompt.
using System;
using System.Threading.Tasks;
using Microsoft.SemanticKernel;

namespace Corpus.KernelInvokePrompt;

public static class Poet
{
    public static async Task<string> WriteAsync(string subject)
    {
        Kernel kernel = Kernel.CreateBuilder()
            .AddOpenAIChatCompletion("gpt-4o", Environment.GetEnvironmentVariable("OPENAI_API_KEY")!) // expect: LLM001
            .Build();
        FunctionResult result = await kernel.InvokePromptAsync($"Write a haiku about {subject}."); // expect: LLM002, LLM003
        return result.ToString();
    }
}
