// Tools with AIFunctionFactory and the function-invoking middleware from ChatClientBuilder.
using System;
using System.Threading.Tasks;
using LlmOps.Guardrails.Runtime;
using Microsoft.Extensions.AI;

namespace Corpus.MeaiFunctionInvocation;

[LlmFeature("calendar")]
public sealed class CalendarAgent(IChatClient inner)
{
    private readonly IChatClient chat = new ChatClientBuilder(inner).UseFunctionInvocation().Build();

    public async Task<string> PlanAsync(string request)
    {
        var options = new ChatOptions
        {
            ModelId = "gpt-4.1-mini", // expect: LLM001
            Tools = [AIFunctionFactory.Create((DateTime day) => $"free after 14:00 on {day:d}", "get_free_slots", "Free slots on a day")],
        };
        ChatResponse response = await chat.GetResponseAsync(request, options); // expect: LLM002
        return response.Text;
    }
}
