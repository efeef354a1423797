// Streaming Responses with a function tool and attribution from a scope.
// expect: none
using System;
using System.Text;
using System.Threading.Tasks;
using LlmOps.Guardrails.Runtime;
using OpenAI.Responses;

namespace Corpus.ResponsesStreamingTools;

public static class OrderAssistant
{
    public static async Task<string> RunAsync(string request)
    {
        using var scope = LlmAttribution.Begin(feature: "orders.assistant");
        var responses = new ResponsesClient(Environment.GetEnvironmentVariable("OPENAI_API_KEY")!);
        var options = new CreateResponseOptions
        {
            Model = "gpt-4.1-2025-04-14",
            MaxOutputTokenCount = 1_500,
            Tools = { ResponseTool.CreateFunctionTool("lookup_order", BinaryData.FromString("""{"type":"object","properties":{"id":{"type":"string"}}}"""), strictModeEnabled: false, functionDescription: "Find an order") },
            InputItems = { ResponseItem.CreateUserMessageItem(request) },
        };
        var text = new StringBuilder();
        await foreach (StreamingResponseUpdate update in await responses.CreateResponseStreamingAsync(options))
        {
            if (update is StreamingResponseOutputTextDeltaUpdate delta)
            {
                text.Append(delta.Delta);
            }
        }

        return text.ToString();
    }
}
