// Kernel invocation with KernelArguments carrying OpenAI execution settings with a cap.
using System;
using System.Threading.Tasks;
using LlmOps.Guardrails.Runtime;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.Connectors.OpenAI;

namespace Corpus.KernelInvokePromptWithSettings;

[LlmFeature("release.notes")]
public sealed class ReleaseNotes(Kernel kernel)
{
    public async Task<string> DraftAsync(string changes)
    {
        var settings = new OpenAIPromptExecutionSettings { MaxTokens = 800, Temperature = 0.2 };
        FunctionResult result = await kernel.InvokePromptAsync("Draft release notes for: {{$changes}}", new KernelArguments(settings) { ["changes"] = changes });
        return result.ToString();
    }

    public async Task<string> HeadlineAsync(string changes)
    {
        var arguments = new KernelArguments(new PromptExecutionSettings()) { ["changes"] = changes };
        FunctionResult result = await kernel.InvokePromptAsync("One headline for: {{$changes}}", arguments); // expect: LLM002
        return result.ToString();
    }
}
