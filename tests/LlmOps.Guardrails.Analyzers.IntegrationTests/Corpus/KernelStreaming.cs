// Streaming a kernel prompt.
using System.Text;
using System.Threading.Tasks;
using LlmOps.Guardrails.Runtime;
using Microsoft.SemanticKernel;

namespace Corpus.KernelStreaming;

public sealed class Narrator(Kernel kernel)
{
    [LlmFeature("narration")]
    public async Task<string> NarrateAsync(string scene)
    {
        var text = new StringBuilder();
        await foreach (StreamingKernelContent chunk in kernel.InvokePromptStreamingAsync($"Narrate: {scene}")) // expect: LLM002
        {
            text.Append(chunk);
        }

        return text.ToString();
    }
}
