// A cap set next to the model in one initializer, above that model's maximum.
using System.Threading.Tasks;
using LlmOps.Guardrails.Runtime;
using Microsoft.Extensions.AI;

namespace Corpus.MeaiCapAboveMaximum;

[LlmFeature("reports")]
public sealed class ReportWriter(IChatClient chat)
{
    public async Task<string> WriteAsync(string data)
    {
        var options = new ChatOptions { ModelId = "claude-sonnet-4-5-20250929", MaxOutputTokens = 100_000 }; // expect: LLM007
        ChatResponse response = await chat.GetResponseAsync(data, options);
        return response.Text;
    }
}
